"""Mutation testing (mutmut) of the modules that guard people and figures, one at a time.

Each module is mutated in a scratch copy of the project (``.mutate/<name>/``) and only the
tests that exercise it run against each mutant, so a run stays short on a shared machine.
Prints the score per module (killed / tested, timeouts count as killed) and the survivors.

    .venv/bin/python scripts/mutate.py                 # every module below
    .venv/bin/python scripts/mutate.py abuse counting  # some of them
    .venv/bin/python scripts/mutate.py --report abuse  # figures of the last run only
    .venv/bin/python scripts/mutate.py --survivors abuse  # its survivors again, tests of now
"""

import ast
import difflib
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".mutate"
BIN = Path(sys.executable).parent
COPIED = ["pilotes", "tests", "templates", "migrations", "bench", "config.py", "pyproject.toml"]
TARGET = 90.0

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
    "disclosure": (
        "pilotes/reports/disclosure.py",
        [
            "tests/reports/test_disclosure_knowledge.py",
            "tests/reports/test_disclosure.py",
            "tests/reports/test_attacker.py",
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
    "abuse": ["*x_network_prefix*", "*x_email_domain*", "*x_form_age*", "*x_flag_reason*"],
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
AT_IMPORT = {"signups": ["signups.kinds.x_register__mutmut_"]}


def setup_cfg(module: str, tests: list[str], fresh: bool = False) -> str:
    lines = [
        "[mutmut]",
        "source_paths=pilotes",
        f"only_mutate={module}",
        "also_copy=" + "\n    ".join(["", *[p for p in COPIED if p != "pilotes"]]),
        "pytest_add_cli_args_test_selection=" + "\n    ".join(["", *tests]),
        "pytest_add_cli_args=\n    -p\n    no:cacheprovider\n    -q",
    ]
    if fresh:
        lines += ["process_isolation=forkserver", "forkserver_warmup=none"]
    return "\n".join(lines) + "\n"


def scratch_copy(name: str, module: str, tests: list[str]) -> Path:
    """A copy of the project in which mutmut may write ``mutants/`` and its setup.cfg."""
    where = SCRATCH / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for item in COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, where / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, where / item)
    text = (where / "pyproject.toml").read_text()
    (where / "pyproject.toml").write_text(text.split("[tool.mutmut]")[0])
    tests = [test for test in tests if (ROOT / test).exists()]  # one not written yet
    (where / "setup.cfg").write_text(setup_cfg(module, tests, fresh=name in FRESH_IMPORT))
    return where


def is_equivalent(name: str, diff: str) -> bool:
    """Whether a surviving mutant's diff is one argued in EQUIVALENT."""
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-")]
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+")]
    return any(
        module == name
        and any(before in line for line in removed)
        and any(after in line for line in added)
        for module, before, after, _ in EQUIVALENT
    )


def mutmut(where: Path, *args, **kwargs):
    env = {
        **os.environ,
        "NODE_MODULES_DIR": str(ROOT / "node_modules"),
        "PILOTES_ENV": "test",
        # The migrated database with its territories, built once and copied for each mutant
        # (tests/conftest.py): building it is most of a mutant's run otherwise.
        "PILOTES_TEST_DB_TEMPLATE": str(where.resolve() / "database-template.sqlite3"),
    }
    return subprocess.run([str(BIN / "mutmut"), *args], cwd=where, env=env, text=True, **kwargs)


def mutate(name: str) -> None:
    """Run mutmut on one module in its scratch copy; its output goes to mutmut.log there."""
    module, tests = MODULES[name]
    where = scratch_copy(name, module, tests)
    with (where / "mutmut.log").open("w") as log:
        focus = [] if os.environ.get("FULL") else FOCUS.get(name, [])
        mutmut(where, "run", "--max-children", "1", *focus, stdout=log, stderr=log, check=False)


def rerun_survivors(name: str) -> None:
    """Run the last run's survivors again against today's code and tests; the other
    mutants keep their verdicts (mutmut re-makes those of any function that changed)."""
    where = SCRATCH / name
    survivors = set(figures(name)["survivors"])
    for item in COPIED:  # setup.cfg stays: a new test selection would void every verdict
        source, target = ROOT / item, where / item
        if source.is_dir():
            shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    # mutmut keeps its verdicts in the .meta files beside its copy of the sources, and copies
    # a source again only when its copy is missing: drop the copies, keep the verdicts.
    for path in (where / "mutants" / "pilotes").rglob("*"):
        if path.is_file() and path.suffix != ".meta":
            path.unlink()
    for meta in (where / "mutants" / "pilotes").rglob("*.meta"):
        data = json.loads(meta.read_text())
        codes = data["exit_code_by_key"]
        data["exit_code_by_key"] = {k: None if k in survivors else v for k, v in codes.items()}
        meta.write_text(json.dumps(data))
    with (where / "mutmut.log").open("a") as log:
        mutmut(where, "run", "--max-children", "1", stdout=log, stderr=log, check=False)


@functools.cache
def _function_bodies(path: Path) -> dict[str, list[str]]:
    """{function name: its lines but the first} of one of mutmut's mutated copies."""
    source = path.read_text()
    lines = source.splitlines()
    return {
        node.name: lines[node.lineno : node.end_lineno]  # the names differ, not the bodies
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def mutant_diff(where: Path, mutant: str) -> str:
    """The lines a mutant changes (« - » before, « + » after), read from mutmut's copy of
    the module; ``mutmut show`` says the same but costs a process per mutant."""
    module, function = mutant.rsplit(".", 1)
    bodies = _function_bodies(where / "mutants" / (module.replace(".", "/") + ".py"))
    original = bodies.get(function.rsplit("__mutmut_", 1)[0] + "__mutmut_orig")
    if original is None or function not in bodies:
        return mutmut(where, "show", mutant, capture_output=True, check=True).stdout
    return "\n".join(difflib.unified_diff(original, bodies[function], lineterm="", n=0))


def figures(name: str) -> dict:
    """A module's figures from its last run, counted from mutmut's results: every mutant
    run (killed, timeouts counted as killed, survivors, equivalent) and those not run yet."""
    where = SCRATCH / name
    listed = mutmut(where, "results", "--all", "true", capture_output=True, check=True).stdout
    status = dict(line.strip().rsplit(": ", 1) for line in listed.splitlines() if ": " in line)
    survivors, equivalent, at_import = [], [], []
    for mutant, outcome in status.items():
        if any(part in mutant for part in AT_IMPORT.get(name, [])):
            at_import.append(mutant)
        elif outcome in ("survived", "no tests"):
            diff = mutant_diff(where, mutant)
            (equivalent if is_equivalent(name, diff) else survivors).append(mutant)
    killed = sum(
        1
        for mutant, outcome in status.items()
        if outcome in ("killed", "timeout") and mutant not in at_import
    )
    tested = killed + len(survivors)
    return {
        "mutants": len(status),
        "not_run": sum(1 for o in status.values() if o in ("not checked", "skipped")),
        "killed": killed,
        "equivalent": len(equivalent),
        "at_import": len(at_import),
        "survivors": survivors,
        "score": 100 * killed / tested if tested else 0.0,
    }


def main(args: list[str]) -> int:
    report_only = "--report" in args  # figures of the last runs, without running again
    rerun = "--survivors" in args  # only the last run's survivors, against today's tests
    names = [a for a in args if not a.startswith("--")] or list(MODULES)
    results = {}
    for name in names:
        started = time.monotonic()
        if rerun:
            rerun_survivors(name)
        elif not report_only:
            mutate(name)
        results[name] = stats = figures(name)
        print(
            f"{name:<12} {MODULES[name][0]:<34} mutants {stats['mutants']:>4}  not run "
            f"{stats['not_run']:>3}  killed "
            f"{stats['killed']:>4}  equivalent {stats['equivalent']:>2}  at import "
            f"{stats['at_import']:>2}  survived "
            f"{len(stats['survivors']):>3}  score {stats['score']:5.1f}%  "
            f"({time.monotonic() - started:.0f} s)",
            flush=True,
        )
    for name, stats in results.items():
        for survivor in stats["survivors"]:
            print(f"survived: {survivor}   (cd .mutate/{name} && mutmut show {survivor})")
    return 0 if all(s["score"] >= TARGET for s in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
