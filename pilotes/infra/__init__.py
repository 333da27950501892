"""Infrastructure: extensions, database setup, outbox, signing, absolute URLs, logging,
error reporting, and the clients of outside services (register, data.gouv.fr, ProConnect)."""
