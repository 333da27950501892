"""Email through a transactional outbox: ``enqueue`` writes, ``send_due`` delivers."""

from pilotes.infra.outbox.queue import enqueue, forget_unsent, once_per_quarter_hour
from pilotes.infra.outbox.sender import SendReport, send_due

__all__ = ["SendReport", "enqueue", "forget_unsent", "once_per_quarter_hour", "send_due"]
