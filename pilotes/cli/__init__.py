"""`flask --app pilotes pilotes …`: the commands operators and `make run` use."""

from pilotes.cli.core import pilotes_cli
from pilotes.cli.integrations import register as _register_integration_commands
from pilotes.cli.secrets import register as _register_secret_commands
from pilotes.cli.team import register as _register_team_commands

_register_team_commands(pilotes_cli)
_register_secret_commands(pilotes_cli)
_register_integration_commands(pilotes_cli)

__all__ = ["pilotes_cli"]
