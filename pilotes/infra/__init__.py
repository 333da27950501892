"""Infrastructure: extensions, database setup, outbox, signing, absolute URLs."""
