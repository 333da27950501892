"""A real SMTP server (aiosmtpd) on loopback for tests, that can be stopped and restarted."""

import email
import email.policy
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from bench.loadclient import free_port


class _Collector:
    def __init__(self, server: "SMTPServer"):
        self.server = server

    async def handle_RCPT(self, smtp_server, session, envelope, address, rcpt_options):
        if address == self.server.refused:
            return self.server.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp_server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self, host: str = "127.0.0.1", port: int | None = None):
        self.host = host
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None
        self.refused: str | None = None  # a recipient this server answers 550 to
        self.refusal = "550 Mailbox unavailable"

    def refuse(self, address: str | None, reply: str = "550 Mailbox unavailable") -> None:
        """Answer ``reply`` (lines joined by CRLF, « 550-… » but the last) to ``address``."""
        self.refused, self.refusal = address, reply

    def start(self) -> None:
        self._controller = Controller(_Collector(self), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]
