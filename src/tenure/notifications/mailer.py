"""Sending email: the mailers (:class:`tenure.kit.ports.Mailer`) — SMTP and the
development folder of ``.eml`` files — and the MIME message builder.

``SmtpMailer`` raises :class:`PermanentDeliveryError` when the server refuses the message
or every recipient for good (an SMTP 5xx reply to ``RCPT``/``DATA``); the delivery job then
stops retrying that email. Every other error (connection refused, timeout, 4xx, a login
problem) is temporary and the email is retried later.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import tempfile
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr, parsedate_to_datetime
from pathlib import Path

from tenure.kit.ports import PermanentDeliveryError
from tenure.kit.settings import Settings


class SmtpMailer:
    """Delivers through an SMTP server with the standard library (one connection per
    message): implicit TLS (``smtp_ssl``) or STARTTLS (``smtp_starttls``), and login when
    ``smtp_username`` is set."""

    def __init__(self, settings: Settings) -> None:
        if settings.smtp_host is None:
            raise ValueError("SmtpMailer needs TENURE_SMTP_HOST")
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.use_ssl = settings.smtp_ssl
        self.use_starttls = settings.smtp_starttls and not settings.smtp_ssl
        self.username = settings.smtp_username
        self.password = settings.smtp_password
        self.timeout = settings.smtp_timeout_seconds

    def send(self, message: EmailMessage) -> None:
        try:
            with self._connect() as smtp:
                if self.use_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise PermanentDeliveryError(f"recipient refused: {exc.recipients}") from exc
            raise
        except smtplib.SMTPDataError as exc:
            if exc.smtp_code >= 500:
                raise PermanentDeliveryError(
                    f"message refused: {exc.smtp_code} {exc.smtp_error!r}"
                ) from exc
            raise

    def _connect(self) -> smtplib.SMTP:
        if self.use_ssl:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)


class FileMailer:
    """Development without an SMTP server: each message becomes one file in ``folder``
    (created when needed), a complete RFC 5322 message with CRLF line ends that any mail
    program opens.

    Files are named ``<Date, UTC>-<Message-ID>.eml`` (e.g.
    ``20260105T120000Z-eml_01J…@tenure.invalid.eml``), so a listing sorts them by time. Each
    is written to a temporary file in the same folder and renamed into place, so a reader
    never sees half a message. A message sent again (same Date and Message-ID) replaces its
    file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / self.file_name(message)
        data = message.as_bytes(policy=policy.SMTP)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @staticmethod
    def file_name(message: EmailMessage) -> str:
        date = message["Date"]
        if date is None:
            raise ValueError("a message without a Date header cannot be filed by time")
        stamp = parsedate_to_datetime(str(date)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        message_id = str(message["Message-ID"] or "").strip().strip("<>")
        safe = _UNSAFE_IN_FILE_NAMES.sub("_", message_id)[:200] or "no-message-id"
        return f"{stamp}-{safe}.eml"


_UNSAFE_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9._@+-]")


def sender_domain(sender: str) -> str:
    """The domain of the From address, for Message-IDs."""
    _, address = parseaddr(sender)
    _, _, domain = address.rpartition("@")
    return domain or "tenure.invalid"


def compose(
    *,
    email_id: str,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    locale: str,
    now: datetime,
    template: str | None = None,
) -> EmailMessage:
    """A ``multipart/alternative`` message (text first, then HTML).

    The Message-ID is derived from the outbox id, so a message that is sent again (after a
    crash between the SMTP reply and the commit) carries the same Message-ID and receiving
    systems can recognise the duplicate.
    """
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = Address(addr_spec=to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<{email_id}@{sender_domain(sender)}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    if template is not None:
        # Lets a vendor's mail system route or filter by kind of notification.
        message["X-Tenure-Template"] = template
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # After the parts exist: making the message multipart moves Content-* headers into them.
    message["Content-Language"] = locale
    return message
