"""axe-core (from npm, injected from node_modules) on the page a test is on."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"


def serious_violations(page) -> list[str]:
    """Violations of serious or critical impact, as readable lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:3]
        )
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page):
    problems = serious_violations(page)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
