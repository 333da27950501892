"""Mutation testing (mutmut) of the modules that guard people and figures, one at a time.

Each module is mutated in a scratch copy of the project (``.mutate/<name>/``) and only the
tests that exercise it run against each mutant, so a run stays short on a shared machine.
Prints the score per module (killed / tested, timeouts count as killed) and the survivors.

    .venv/bin/python -m scripts.mutation                    # every module (modules.py)
    .venv/bin/python -m scripts.mutation abuse counting     # some of them
    .venv/bin/python -m scripts.mutation --report abuse     # figures of the last run only
    .venv/bin/python -m scripts.mutation --survivors abuse  # its survivors again, tests of now

``modules.py`` says what is mutated and by which tests, ``equivalent.py`` which survivors
change no behaviour (and why), ``run.py`` runs mutmut, ``results.py`` counts its verdicts.
"""
