"""Email through a transactional outbox: ``enqueue`` writes, ``send_due`` delivers."""

from pilotes.mail.outbox import enqueue
from pilotes.mail.sender import SendReport, send_due

__all__ = ["SendReport", "enqueue", "send_due"]
