"""Racing requests or transactions in tests: threads released together."""

import threading

from pilotes.infra.extensions import db


def run_at_once(action, count: int = 2) -> None:
    """Run ``action`` in ``count`` threads released by one barrier; return when all end."""
    barrier = threading.Barrier(count)

    def run():
        barrier.wait()
        action()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_in_app_at_once(app, action, count: int = 2) -> list[Exception]:
    """``run_at_once`` with each thread in an app context of its own (so a session of its
    own, removed at the end); returns what the threads raised, for the test to assert on."""
    errors = []

    def run():
        with app.app_context():
            try:
                action()
            except Exception as error:  # returned to the test
                errors.append(error)
            finally:
                db.session.remove()

    run_at_once(run, count)
    return errors
