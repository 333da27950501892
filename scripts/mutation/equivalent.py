"""Surviving mutants that change no behaviour, each with its argument."""

from scripts.mutation.equivalent_more import EQUIVALENT_MORE

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
        "model.next_attempt_at <= now,",
        "model.next_attempt_at < now,",
        "differs only for a message due at the very microsecond the run read the clock",
    ),
    (
        "sender",
        "model.locked_until < now)",
        "model.locked_until <= now)",
        "differs only for a lease ending at the very microsecond the run read the clock",
    ),
    # Not equivalent on PostgreSQL, where an updated row moves to the end of the table:
    # test_a_run_takes_the_oldest_queued_first_whatever_its_retry_time fails there.
    (
        "sender",
        ".order_by(OutboxMessage.id).limit(limit)",
        ".order_by(None).limit(limit)",
        "SQLite (the mutation runs' database) reads due messages through an index whose "
        "equal keys are in id order: the oldest first anyway",
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
        "privacy",
        "Demand.created_at < limit,",
        "Demand.created_at <= limit,",
        "differs only for a demand made at the very microsecond its retention ends",
    ),
    (
        "privacy",
        "OutboxMessage.created_at < now - SENT_MAIL_KEPT",
        "OutboxMessage.created_at <= now - SENT_MAIL_KEPT",
        "differs only for a message made at the very microsecond its 30 days end",
    ),
    (
        "privacy",
        "SignInLink.created_at < now - SIGN_IN_LINKS_KEPT",
        "SignInLink.created_at <= now - SIGN_IN_LINKS_KEPT",
        "differs only for a link made at the very microsecond its day ends",
    ),
    # « after » None: the line is removed.
    (
        "privacy",
        "model.erased_at.is_(None),",
        None,
        "erasing clears the address (signups.core.erase): an erased row has no email and "
        "the next condition already leaves it out",
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
    (
        "abuse",
        ".limit(3)",
        ".limit(4)",
        "a surge holds at least half of the hour's demands: at most two values can, and the "
        "three largest include them",
    ),
    (
        "abuse",
        "Demand.created_at > since",
        "Demand.created_at >= since",
        "differs only for a demand made at the very microsecond the hour began",
    ),
    (
        "abuse",
        'if signals.form_age < current_app.config["MIN_FORM_SECONDS"]:',
        'if signals.form_age <= current_app.config["MIN_FORM_SECONDS"]:',
        "differs only for a form sent at exactly the minimum age, to the microsecond",
    ),
    (
        "abuse",
        "ipaddress.ip_network(criteria.ip_range, strict=False)",
        "ipaddress.ip_network(criteria.ip_range, strict=None)",
        "ip_network reads strict as a truth value: None is False",
    ),
]
EQUIVALENT += EQUIVALENT_MORE  # form_tokens, accounts, counting, disclosure
