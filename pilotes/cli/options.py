"""Checks on command-line options, shared by every command module."""

import click

from pilotes.infra.single_line import check_single_line


def single_line(ctx, param, value):
    """A click callback: an option that reaches a subject or a header stays on one line."""
    try:
        return check_single_line(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
