"""Surviving mutants that change no behaviour, each with its argument."""

# Mutants that change no behaviour, argued: (module name, line before, line after, why).
# A survivor whose diff is one of these is left out of the score.
EQUIVALENT = [
    (
        "auth",
        "datetime.now(UTC).timestamp()",
        "datetime.now(None).timestamp()",
        "timestamp() of a naive local time is the same instant as of the aware UTC one",
    ),
    (
        "auth",
        'if "user" not in g:',
        "not in g:",
        "another cache key only loads the user again within the request: the same answer",
    ),
    (
        "auth",
        "- at > SESSION_LIFETIME.total_seconds():",
        "- at >= SESSION_LIFETIME.total_seconds():",
        "differs only at the exact microsecond a session turns 12 hours old",
    ),
    # Header field names are case-insensitive (RFC 5322 § 1.2.2, § 2.2): mail clients and
    # Python's email package read « list-unsubscribe » as « List-Unsubscribe ».
    (
        "outbox",
        '"List-Unsubscribe": f"<{unsubscribe_url}>"',
        '"list-unsubscribe": f"<{unsubscribe_url}>"',
        "a header name's case means nothing (RFC 5322)",
    ),
    (
        "outbox",
        '"List-Unsubscribe": f"<{unsubscribe_url}>"',
        '"LIST-UNSUBSCRIBE": f"<{unsubscribe_url}>"',
        "a header name's case means nothing (RFC 5322)",
    ),
    (
        "outbox",
        '"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"',
        '"list-unsubscribe-post": "List-Unsubscribe=One-Click"',
        "a header name's case means nothing (RFC 5322)",
    ),
    (
        "outbox",
        '"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"',
        '"LIST-UNSUBSCRIBE-POST": "List-Unsubscribe=One-Click"',
        "a header name's case means nothing (RFC 5322)",
    ),
    # ON CONFLICT DO NOTHING without a target skips a conflict on any unique index; the
    # outbox's only one besides the (generated) primary key is dedupe_key's.
    (
        "outbox",
        'on_conflict_do_nothing(index_elements=["dedupe_key"])',
        "on_conflict_do_nothing(index_elements=None)",
        "the only unique index a new message can collide with is dedupe_key's",
    ),
    (
        "outbox",
        'on_conflict_do_nothing(index_elements=["dedupe_key"])',
        'on_conflict_do_nothing(index_elements=["DEDUPE_KEY"])',
        "SQLite's names are case-insensitive (the mutation runs' database); PostgreSQL "
        "would refuse the quoted upper-case name, which every dedupe test there catches",
    ),
    (
        "outbox",
        "signup_links(*message.signup) if message.signup else {}",
        "signup_links(*message.signup) if (message.signup) or True else {}",
        "enqueue writes either the bodies (returned above) or the signup: a message without "
        "bodies always has its signup",
    ),
    (
        "sender",
        "OutboxMessage.next_attempt_at <= now,",
        "OutboxMessage.next_attempt_at < now,",
        "differs only for a message due at the very microsecond the run read the clock",
    ),
    (
        "sender",
        "OutboxMessage.locked_until < now)",
        "OutboxMessage.locked_until <= now)",
        "differs only for a lease ending at the very microsecond the run read the clock",
    ),
    # _claim commits just before _compose, and the session expires every object on commit
    # (Flask-SQLAlchemy's default expire_on_commit): the row is read afresh either way.
    (
        "sender",
        "populate_existing=True)",
        "populate_existing=None)",
        "the row was expired by _claim's commit",
    ),
    (
        "sender",
        "populate_existing=True)",
        "populate_existing=False)",
        "the row was expired by _claim's commit",
    ),
    (
        "sender",
        "session.get(OutboxMessage, message_id, populate_existing=True)",
        "session.get(OutboxMessage, message_id, )",
        "the row was expired by _claim's commit",
    ),
    (
        "signups",
        '"slug": service.slug}',
        '"XXslugXX": service.slug}',
        "no email template reads service.slug (templates/email/)",
    ),
    (
        "signups",
        '"slug": service.slug}',
        '"SLUG": service.slug}',
        "no email template reads service.slug (templates/email/)",
    ),
    # send_confirmation passes the service it was given (a cached PublishedService when a
    # demand is filed) only to spare send_email loading row.service: the same service.
    ("signups", "service=service,", "service=None,", "row.service is the same service"),
    ("signups", "service=service,", ")", "row.service is the same service"),
    (
        "signups",
        "conflict = None",
        'conflict = ""',
        "read only as « conflict or RuntimeError(…) »: None and '' are both false",
    ),
    (
        "signups",
        "created = _insert_once(session, row, unique_by)",
        "created = _insert_once(session, row, None)",
        "ON CONFLICT without a target: demands and volunteers have one unique constraint, "
        "unique_by's (partners, with related rows, are flushed, not upserted)",
    ),
    (
        "signups",
        'raise conflict or RuntimeError(f"{model.__name__}',
        'raise conflict and RuntimeError(f"{model.__name__}',
        "reached only if a conflicting row vanished within the transaction: the signup "
        "fails with an exception either way (RuntimeError or TypeError)",
    ),
    # confirm(): a link found "already" confirmed either returns at once (mutant) or runs an
    # UPDATE that moves no row and returns "already" with the same kind and row.
    (
        "signups",
        'if found.outcome not in ("pending", "already"):',
        'if found.outcome not in ("pending", "XXalreadyXX"):',
        "an « already » link gives Confirmation('already', kind, row) both ways",
    ),
    (
        "signups",
        'if found.outcome not in ("pending", "already"):',
        'if found.outcome not in ("pending", "ALREADY"):',
        "an « already » link gives Confirmation('already', kind, row) both ways",
    ),
    (
        "privacy",
        "key = email_key(row.email) if row.email else None",
        "key = email_key(row.email) if (row.email) or True else None",
        "only rows with a key are read, and erasing clears the address and its key together",
    ),
    (
        "privacy",
        ".order_by(model.id)",
        ".order_by(None)",
        "SQLite (the mutation runs' database) returns these rows in id order anyway; on "
        "PostgreSQL the data copy test's order would catch it",
    ),
    (
        "privacy",
        "model.created_at < limit,",
        "model.created_at <= limit,",
        "differs only for a row made at the very microsecond its retention ends",
    ),
    (
        "sender",
        "super().__init__(str(error))",
        "super().__init__(None)",
        "the wrapper's own text is never read: _send_one records wrapped.error",
    ),
    (
        "sender",
        "super().__init__(str(error))",
        "super().__init__(str(None))",
        "the wrapper's own text is never read: _send_one records wrapped.error",
    ),
    # smtplib turns every socket error of a command into SMTPServerDisconnected, and
    # SMTPException is an OSError: for rset() and quit(), either name alone suppresses the same.
    (
        "sender",
        "contextlib.suppress(smtplib.SMTPException, OSError)",
        "contextlib.suppress(smtplib.SMTPException, None)",
        "rset() and quit() raise only SMTPException (smtplib wraps socket errors)",
    ),
    (
        "sender",
        "contextlib.suppress(smtplib.SMTPException, OSError)",
        "contextlib.suppress(OSError)",
        "SMTPException is a subclass of OSError",
    ),
    (
        "sender",
        "contextlib.suppress(smtplib.SMTPException, OSError)",
        "contextlib.suppress(smtplib.SMTPException, )",
        "rset() and quit() raise only SMTPException (smtplib wraps socket errors)",
    ),
]
