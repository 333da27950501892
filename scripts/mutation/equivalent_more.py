"""Equivalent mutants of the modules measured last (form_tokens, accounts, counting,
disclosure) and of abuse's last run, argued as in equivalent.py: (module name, line before,
line after, why)."""

EQUIVALENT_MORE = [
    (
        "form_tokens",
        "secrets.token_urlsafe(16)",
        "secrets.token_urlsafe(17)",
        "a nonce of 17 random bytes is 23 characters: it fits the 32 of its column and is as "
        "unguessable (tokens are signed anyway)",
    ),
    (
        "form_tokens",
        "timedelta(seconds=signing.FORM_TIME.max_age + 3600)",
        "timedelta(seconds=signing.FORM_TIME.max_age + 3601)",
        "a spent token kept one second longer than the hour past its signature's end: it "
        "cannot be replayed either way",
    ),
    (
        "form_tokens",
        "SpentFormToken.spent_at < cutoff",
        "SpentFormToken.spent_at <= cutoff",
        "differs only for a token spent at the very microsecond of the cutoff",
    ),
    (
        "accounts",
        'address = raw.strip().rstrip(".")',
        'address = raw.strip().rstrip("XX.XX")',
        "differs only for text that is no address and ends in « X »: it shares the sign-in "
        "budget of the same text without it, and no account has such an address",
    ),
    # counting: _summed leaves out counters that sum to 0, and _drift reads a missing counter
    # as 0; either alone makes a 0 and a missing counter the same (expected ones are ≥ 1).
    (
        "counting",
        "for row in session.execute(query) if row[-1]}",
        "for row in session.execute(query) if row[+1]}",
        "a counter summing to 0 kept: _drift reads it as 0, as it reads a missing one",
    ),
    (
        "counting",
        "for row in session.execute(query) if row[-1]}",
        "for row in session.execute(query) if row[-2]}",
        "a counter summing to 0 kept: _drift reads it as 0, as it reads a missing one",
    ),
    *(
        (
            "counting",
            "if stored.get(key, 0) != expected.get(key, 0)",
            after,
            "a key missing on one side is compared as None instead of 0: stored counters "
            "summing to 0 are left out (_summed), expected ones are at least 1, so a missing "
            "key differs from the other side's count either way",
        )
        for after in (
            "if stored.get(key, None) != expected.get(key, 0)",
            "if stored.get(key, ) != expected.get(key, 0)",
            "if stored.get(key, 0) != expected.get(key, None)",
            "if stored.get(key, 0) != expected.get(key, )",
        )
    ),
    *(
        (
            "counting",
            "**dict(zip(columns, key, strict=True)),",
            after,
            "each key is built with as many parts as its table has key columns (KEYS): the "
            "check never fires",
        )
        for after in (
            "**dict(zip(columns, key, strict=None)),",
            "**dict(zip(columns, key, strict=False)),",
            "**dict(zip(columns, key, )),",
        )
    ),
    (
        "counting",
        '"slot": 0,',
        '"slot": 1,',
        "counters are read summed over their slots (bump draws one at random): a rewritten "
        "count is the same in any slot",
    ),
    (
        "counting",
        "deltas[after] = deltas.get(after, 0) + 1",
        "deltas[after] = deltas.get(None, 0) + 1",
        "before ≠ after here (returned above), so deltas holds no « after » yet: 0 either way",
    ),
    # Not equivalent on PostgreSQL: SQLAlchemy's PostgreSQL dialect refuses DO UPDATE without
    # a target, and PostgreSQL an unknown "N" column; tests/domain/test_counting.py fails there
    # with either (tried).
    *(
        (
            "counting",
            "index_elements=[column.name for column in table.primary_key.columns],",
            after,
            "SQLite (the mutation runs' database) takes ON CONFLICT DO UPDATE without a target; "
            "a counter's only unique index is its primary key",
        )
        for after in ("index_elements=None,", None)
    ),
    (
        "counting",
        'set_={"n": table.c.n + statement.excluded.n},',
        'set_={"N": table.c.n + statement.excluded.n},',
        "SQLite's names are case-insensitive (the mutation runs' database)",
    ),
    (
        "disclosure",
        'int.from_bytes(digest[:8], "big")',
        "int.from_bytes(digest[:8], )",
        "int.from_bytes reads big-endian by default (Python 3.11)",
    ),
    # propagate: a pass that moves nothing leaves every interval as it was, so the passes
    # after it move nothing either; these only run such passes (up to the 60), or not.
    ("disclosure", "moved = False", "moved = None", "read only as « if not moved »"),
    (
        "disclosure",
        "moved = False",
        "moved = True",
        "every pass runs, and those after the fixed point move nothing",
    ),
    *(
        (
            "disclosure",
            "if low > t[0] or high < t[1]:",
            after,
            "entered with low = t[0] (or high = t[1]), it writes the same bounds back: only a "
            "pass more, which moves nothing",
        )
        for after in ("if low >= t[0] or high < t[1]:", "if low > t[0] or high <= t[1]:")
    ),
    (
        "disclosure",
        "_hide_a_neighbour(key, cells, counts, members[key])",
        "_hide_a_neighbour(None, cells, counts, members[key])",
        "a leak is a hidden cell: « cells[k].status is None » leaves it out of its neighbours "
        "already",
    ),
    (
        "abuse",
        ".limit(3)",
        ".limit(None)",
        "a surge holds at least half of the hour's demands: at most two values can, and the "
        "three largest include them (as for .limit(4) in equivalent.py)",
    ),
    (
        "abuse",
        'hour = now.strftime("%Y%m%d%H")',
        'hour = now.strftime("XX%Y%m%d%HXX")',
        "the hour in the dedupe key only has to be one text per hour: any such format works",
    ),
    # signups, measured again after the day's changes (2026-11-25, 11:10).
    (
        "signups",
        "send_confirmation(session, kind, row, service)",
        "send_confirmation(session, kind, row, None)",
        "row.service is the same service (passed only to spare loading it)",
    ),
    (
        "signups",
        "send_confirmation(session, kind, row, service)",
        "send_confirmation(session, kind, row, )",
        "row.service is the same service (passed only to spare loading it)",
    ),
    (
        "signups",
        "**_confirmation(kind, row, service)",
        "**_confirmation(kind, row, None)",
        "row.service is the same service (passed only to spare loading it)",
    ),
    (
        "signups",
        "**_confirmation(kind, row, service)",
        "**_confirmation(kind, row, )",
        "row.service is the same service (passed only to spare loading it)",
    ),
    (
        "signups",
        "return signed_up_again(session, kind, row, unique_by, conflict)",
        "return signed_up_again(session, kind, row, unique_by, None)",
        "the conflict is raised only if the conflicting row vanished within the transaction: "
        "the signup fails with an exception either way",
    ),
    (
        "signups",
        "return signed_up_again(session, kind, row, unique_by, conflict)",
        "return signed_up_again(session, kind, row, unique_by, )",
        "the conflict is raised only if the conflicting row vanished within the transaction: "
        "the signup fails with an exception either way",
    ),
    (
        "signups",
        'raise conflict or RuntimeError(f"{model.__name__}: a conflict, yet no such row")',
        "raise conflict or RuntimeError(None)",
        "the message of an exception for a row that vanished within the transaction",
    ),
    (
        "signups",
        "utcnow() - sent > RESEND_CONFIRMATION_AFTER",
        "utcnow() - sent >= RESEND_CONFIRMATION_AFTER",
        "differs only at the very microsecond fifteen minutes after the last email",
    ),
    (
        "signups",
        "statement = _insert_once_statement(dialect, table, unique_by)",
        "statement = _insert_once_statement(dialect, table, None)",
        "ON CONFLICT without a target: demands and volunteers have one unique constraint, "
        "unique_by's (partners, with related rows, are flushed, not upserted)",
    ),
    (
        "signups",
        "return any(relation.key in row.__dict__ for relation",
        "return any(relation.key not in row.__dict__ for relation",
        "a row without related rows is then flushed in a savepoint instead of upserted: the "
        "same row inserted, or the same « signed up again », only slower",
    ),
    (
        "signups",
        "message = _confirmation(kind, row, service)",
        "message = _confirmation(kind, row, None)",
        "row.service is the same service (passed only to spare loading it)",
    ),
    (
        "signups",
        "message = _confirmation(kind, row, service)",
        "message = _confirmation(kind, row, )",
        "row.service is the same service (passed only to spare loading it)",
    ),
    (
        "signups",
        "message = _confirmation(kind, row, service)",
        "message = _confirmation(kind, None, service)",
        "_confirmation reads the row only for its service, and the service is given (the "
        "one-statement demand always passes it)",
    ),
]
