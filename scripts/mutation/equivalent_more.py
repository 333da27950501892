"""Equivalent mutants of the modules measured last (form_tokens, accounts, counting,
disclosure), argued as in equivalent.py: (module name, line before, line after, why)."""

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
]
