"""Plumbing below the domain: logging, error reporting, clients of outside services."""
