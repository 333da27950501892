"""``make mutate``: run modules (or only their last survivors) and print their figures."""

import sys
import time

from scripts.mutation.modules import MODULES
from scripts.mutation.results import figures
from scripts.mutation.run import mutate, rerun_survivors

TARGET = 90.0


def main(args: list[str]) -> int:
    report_only = "--report" in args  # figures of the last runs, without running again
    rerun = "--survivors" in args  # only the last run's survivors, against today's tests
    names = [a for a in args if not a.startswith("--")] or list(MODULES)
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        print(f"unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")
        return 2
    results = {}
    for name in names:
        started = time.monotonic()
        if rerun:
            rerun_survivors(name, set(figures(name)["survivors"]))
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
