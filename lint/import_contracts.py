"""An import-linter contract on names: some modules may use a package, but not all of it.

import-linter's own contracts work on modules, and ``flask.request`` or
``flask.render_template`` are names, not modules: the domain may read ``current_app``
but must not see the request or render pages. This contract reads the source of every
module under ``source_modules`` and fails on any forbidden name taken from ``package``.
"""

import ast
import importlib.util

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def forbidden_uses(source: str, package: str, names: set[str]) -> list[tuple[int, str]]:
    """(line, name) for each ``from package import name`` or ``package.name`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == package:
            found += [(node.lineno, a.name) for a in node.names if a.name in names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(package + "."):
            leaf = node.module.rpartition(".")[2]
            found += [(node.lineno, a.name) for a in node.names if leaf in names or a.name in names]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == package
            and node.attr in names
        ):
            found.append((node.lineno, node.attr))
    return found


class ForbiddenNamesContract(Contract):
    """Modules under ``source_modules`` never use ``names`` of ``package``."""

    type_name = "forbidden_names"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    package = fields.StringField()
    names = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        violations = []
        for source in self.source_modules:
            for module in sorted({source.name} | graph.find_descendants(source.name)):
                with open(importlib.util.find_spec(module).origin, encoding="utf-8") as file:
                    text = file.read()
                for line, name in forbidden_uses(text, self.package, set(self.names)):
                    violations.append(f"{module}:{line} uses {self.package}.{name}")
        return ContractCheck(kept=not violations, warnings=None, metadata={"found": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["found"]:
            output.print_error(violation, bold=False)
            output.new_line()
