"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the tests of e-mailed links."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller



class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str, seconds: float = 5, count: int = 1) -> list[EmailMessage]:
        """The messages sent to `address` so far, waiting up to `seconds` for at least `count` of them (mail goes
        after the response, so it may still be on its way)."""
        deadline = time.monotonic() + seconds
        while True:
            found = [m for m in self.messages if m["To"] == address]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def last_url(self, address: str, path: str | None = None, seconds: float = 5) -> str:
        """The link in the latest message to `address` (whose link goes to `path`, when given: waiting for that
        message, so an earlier e-mail to the same address is never taken for it)."""
        deadline = time.monotonic() + seconds
        while True:
            urls = [re.search(r"https?://\S+", m.get_body(("plain",)).get_content()).group(0)
                    for m in self.to(address, seconds=max(0.0, deadline - time.monotonic()))]
            matching = [u for u in urls if path is None or urlsplit(u).path == path]
            if matching or time.monotonic() > deadline:
                return (matching or urls)[-1]
            time.sleep(0.05)

    def last_link(self, address: str, path: str | None = None) -> tuple[str, str]:
        """The path and the token of the link in the latest message to `address` (to `path`, when given)."""
        parts = urlsplit(self.last_url(address, path))
        return parts.path, parse_qs(parts.query)["token"][0]


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    with socket.socket() as sock:  # a free port
        sock.bind(("127.0.0.1", 0))
        mailbox.port = sock.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


def smtp_overrides(mailbox: Mailbox) -> dict[str, object]:
    """Settings that send the product's mail to `mailbox` (plain SMTP on loopback)."""
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": mailbox.port, "SMTP_SECURITY": "none",
            "COACH_PUBLIC_URL": "http://coach.example"}
