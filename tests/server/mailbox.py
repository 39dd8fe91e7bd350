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

    def to(self, address: str, seconds: float = 5) -> list[EmailMessage]:
        """The messages sent to `address` so far (waiting a little for one, since mail goes after the response)."""
        deadline = time.monotonic() + seconds
        while True:
            found = [m for m in self.messages if m["To"] == address]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def last_url(self, address: str) -> str:
        """The link in the latest message to `address`."""
        body = self.to(address)[-1].get_body(("plain",)).get_content()
        return re.search(r"https?://\S+", body).group(0)

    def last_link(self, address: str) -> tuple[str, str]:
        """The path and the token of the link in the latest message to `address`."""
        parts = urlsplit(self.last_url(address))
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
