"""A module's figures from mutmut's verdicts: killed, survived, argued equivalent."""

import ast
import difflib
import functools
from pathlib import Path

from scripts.mutation.equivalent import EQUIVALENT
from scripts.mutation.modules import AT_IMPORT
from scripts.mutation.run import SCRATCH, mutmut


def is_equivalent(name: str, diff: str) -> bool:
    """Whether a surviving mutant's diff is one argued in EQUIVALENT."""
    lines = [line for line in diff.splitlines() if not line.startswith(("---", "+++"))]
    removed = [line[1:].strip() for line in lines if line.startswith("-")]
    added = [line[1:].strip() for line in lines if line.startswith("+")]
    return any(
        module == name
        and any(before in line for line in removed)
        and (not added if after is None else any(after in line for line in added))
        for module, before, after, _ in EQUIVALENT
    )


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
