"""Stop `make install` when pyproject.toml asks for something requirements.lock does not pin.

Two engineers can change the dependencies on two branches; after the merge the lock may
miss one. Installing silently from ranges would hide it, so this says what to run instead.
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pinned(lock_text: str) -> dict[str, str]:
    """Name → version for every `name==version` line of a pip-compile lock."""
    pins = {}
    for line in lock_text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", line)
        if match:
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def problems(pyproject: dict, lock_text: str) -> list[str]:
    """What the lock misses or pins outside pyproject's ranges (runtime and dev)."""
    project = pyproject["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    pins = pinned(lock_text)
    found = []
    for spec in wanted:
        requirement = Requirement(spec)
        version = pins.get(canonicalize_name(requirement.name))
        if version is None:
            found.append(f"{requirement.name} is not in requirements.lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    return found


def main() -> int:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found = problems(pyproject, (ROOT / "requirements.lock").read_text())
    for line in found:
        print(f"requirements.lock: {line}", file=sys.stderr)
    if found:
        print("pyproject.toml changed: refresh the lock with `make lock`.", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
