"""Racing requests or transactions in tests: threads released together."""

import threading


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
