"""Checks on command-line options, shared by every command module."""

from contextlib import contextmanager

import click

from pilotes.infra.single_line import check_single_line


def single_line(ctx, param, value):
    """A click callback: an option that reaches a subject or a header stays on one line."""
    try:
        return check_single_line(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@contextmanager
def refused(*errors: type[Exception]):
    """A domain refusal (``errors``, each with its message in French) ends the command with
    that message and a non-zero status; the command's unit of work rolls back."""
    try:
        yield
    except errors as error:
        raise click.ClickException(str(error)) from None
