"""Running mutmut on one module in a scratch copy of the project."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.mutation.modules import FOCUS, FRESH_IMPORT, MODULES

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ROOT / ".mutate"
BIN = Path(sys.executable).parent
COPIED = ["pilotes", "tests", "templates", "migrations", "bench", "config.py", "pyproject.toml"]


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


def rerun_survivors(name: str, survivors: set[str]) -> None:
    """Run the last run's survivors again against today's code and tests; the other
    mutants keep their verdicts (mutmut re-makes those of any function that changed)."""
    where = SCRATCH / name
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
