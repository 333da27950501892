"""What is mutated: the modules guarding people and figures and the tests of each."""

# name -> (module, the tests that exercise it)
MODULES = {
    "auth": (
        "pilotes/web/team/auth.py",
        [
            "tests/web/team/test_auth_guards.py",
            "tests/web/team/test_roles.py",
            "tests/web/team/test_isolation.py",
            "tests/web/team/test_isolation_ids.py",
            "tests/web/team/test_sign_in.py",
        ],
    ),
    "accounts": (
        "pilotes/domain/accounts.py",
        [
            "tests/domain/test_accounts.py",
            "tests/web/team/test_roles.py",
            "tests/web/team/test_sign_in.py",
            "tests/web/team/test_workspace.py",
            "tests/security/test_rate_limit_keys.py",
        ],
    ),
    "signups": (
        "pilotes/domain/signups/*",
        [
            "tests/domain/test_signups.py",
            "tests/domain/test_demand_emails.py",
            "tests/domain/test_demand_transaction.py",
            "tests/domain/test_volunteers.py",
            "tests/domain/test_partners.py",
            "tests/security/test_privacy.py",
            "tests/domain/test_testimonials.py",  # erasure's hooks: testimonials go too
        ],
    ),
    "outbox": (
        "pilotes/infra/outbox/queue.py",
        [
            "tests/infra/outbox",
            "tests/domain/test_demand_transaction.py",
            "tests/domain/test_demand_emails.py",
            "tests/security/test_privacy.py",
        ],
    ),
    "sender": ("pilotes/infra/outbox/sender.py", ["tests/infra/outbox"]),
    "abuse": (
        "pilotes/domain/abuse.py",
        [
            "tests/security/test_abuse_rules.py",
            "tests/security/test_abuse.py",
            "tests/security/test_form_tokens.py",
        ],
    ),
    "form_tokens": (
        "pilotes/domain/form_tokens.py",
        ["tests/security/test_form_tokens.py", "tests/security/test_abuse.py"],
    ),
    # Without tests/reports/test_attacker.py, which still runs in the suite: its LP attacker
    # over the demo and generated services takes ~340 s alone, so ~150 mutants would take
    # half a day, and mutmut first runs every test once to see which functions it reaches.
    # The rules it checks together are pinned one by one, in milliseconds, by these.
    "disclosure": (
        "pilotes/reports/disclosure.py",
        [
            "tests/reports/test_disclosure_knowledge.py",
            "tests/reports/test_disclosure.py",
            "tests/reports/test_suppression_published.py",
        ],
    ),
    "counting": (
        "pilotes/domain/counting.py",
        [
            "tests/domain/test_counters.py",
            "tests/domain/test_counting.py",
            "tests/domain/test_weeks.py",
            "tests/security/test_abuse.py",
            "tests/reports/test_suppression_published.py",
        ],
    ),
    "privacy": (
        "pilotes/domain/privacy.py",
        [
            "tests/domain/test_privacy_rules.py",
            "tests/domain/test_panel.py",
            "tests/domain/test_mediators.py",
            "tests/infra/test_signing.py",
            "tests/security/test_privacy.py",
            "tests/domain/test_demand_emails.py",
            "tests/domain/test_opening.py",
        ],
    ),
}


# Where a module is large, the functions that hold its guard are mutated first (mutmut
# patterns); `MODULES=name make mutate` with FULL=1 mutates the whole module.
FOCUS = {
    "auth": ["*x_safe_next*", "*x_sign_in*", "*x__load_user*", "*x_current_user*"],
}


# Guards applied at import (the access decorators' wrappers, ``_mark``) are not reached
# by mutmut's forked runs, which import the module before a mutant is chosen; a fresh
# interpreter per mutant (FRESH_IMPORT) reaches them but costs ~10 s of imports each, which
# timed out every mutant on the shared machine. They are pinned by planted-bug tests instead.
FRESH_IMPORT: set[str] = set()

# Functions that run only at import for the same reason (each kind registers itself when its
# module is imported): their mutants are counted apart, « at import », out of the score. A
# registry that loses its kinds fails every test of tests/domain/test_signups.py (planted
# once: ``_KINDS[kind.name] = None``, 4 of its 7 tests failed).
AT_IMPORT = {
    "signups": ["signups.kinds.x_register__mutmut_", "signups.core.x_also_on_erase__mutmut_"]
}
