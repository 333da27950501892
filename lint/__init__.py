"""Project-specific checks run by `make lint`."""
