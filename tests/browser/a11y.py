"""axe-core (from npm, injected from node_modules) on the page a test is on."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"


def violations(page) -> list[str]:
    """Every violation axe finds, whatever its impact, as readable lines."""
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:3]
        )
        for v in result["violations"]
    ]


def assert_accessible(page):
    problems = violations(page)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
