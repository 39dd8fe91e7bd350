"""Sending e-mail: over SMTP when SMTP_HOST is set, else to the server's console (the default), so a local
setup can follow a verification or reset link from the log. The texts are files in server/emails/."""

from __future__ import annotations

import logging
import smtplib
import ssl
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

from agent.settings import Settings

log = logging.getLogger(__name__)
EMAILS_DIR = Path(__file__).parent / "emails"


@dataclass(frozen=True)
class Attachment:
    """A text attachment, such as a calendar invite."""

    filename: str
    content: str
    mime_type: str  # "text/<subtype>", with parameters: "text/calendar; method=REQUEST"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


class MailSender(Protocol):
    def send(self, mail: Mail) -> None: ...


def compose(template: str, to: str, attachments: tuple[Attachment, ...] = (), **values: str) -> Mail:
    """The mail written by server/emails/<template>.txt: its first line is "Subject: ...", the rest the body;
    {names} are filled from `values`."""
    subject_line, _, body = (EMAILS_DIR / f"{template}.txt").read_text(encoding="utf-8").partition("\n")
    return Mail(to=to, subject=subject_line.removeprefix("Subject:").strip().format(**values),
                text=body.lstrip("\n").format(**values), attachments=attachments)


def to_message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, mail.to, mail.subject
    message["Message-ID"] = make_msgid(domain="smartjobfit.local")
    message.set_content(mail.text)
    for attachment in mail.attachments:
        subtype, _, params = attachment.mime_type.removeprefix("text/").partition(";")
        extra = dict(part.strip().split("=", 1) for part in params.split(";") if "=" in part)
        message.add_attachment(attachment.content, subtype=subtype.strip(), filename=attachment.filename,
                               params=extra)
    return message


class ConsoleSender:
    """Writes each mail to stdout: no mail server needed to try the product."""

    def __init__(self, settings: Settings):
        self.sender = settings.mail_from

    def send(self, mail: Mail) -> None:
        names = ", ".join(attachment.filename for attachment in mail.attachments)
        print(f"--- e-mail (console sender; set SMTP_HOST to send) ---\nFrom: {self.sender}\nTo: {mail.to}\n"
              f"Subject: {mail.subject}\n\n{mail.text}" + (f"\n[attached: {names}]" if names else "") + "\n---",
              file=sys.stdout, flush=True)


class SmtpSender:
    def __init__(self, settings: Settings):
        self.settings = settings

    def send(self, mail: Mail) -> None:
        s = self.settings
        message = to_message(mail, s.mail_from)
        if s.smtp_security == "ssl":
            client = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_s)
        with client:
            if s.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if s.smtp_username:
                client.login(s.smtp_username, s.smtp_password or "")
            client.send_message(message)


def mail_sender(settings: Settings) -> MailSender:
    return SmtpSender(settings) if settings.smtp_host else ConsoleSender(settings)


def send_quietly(sender: MailSender, mail: Mail) -> bool:
    """Send, logging rather than raising a failure: it runs after the response (a background task), where the
    caller has already been told the mail is on its way."""
    try:
        sender.send(mail)
        return True
    except (OSError, smtplib.SMTPException) as exc:
        log.error("could not send the %r mail to %s: %s", mail.subject, mail.to, exc)
        return False
