"""/methodologie is for sponsors and citizens: the method, in their words, no internals."""

import re

from pilotes.reports.formats import METHODOLOGY

# Words of the people who build Pilotes, not of those who read its figures.
INTERNALS = re.compile(
    r"migration|bench|\.venv|\.py\b|tests/|recount|daily_counts|MEDIATOR_DAILY_LIMIT"
    r"|set-goal|scipy|hypothesis|python|docs/",
    re.IGNORECASE,
)


def test_the_methodology_page_explains_the_method_without_internals(client_request):
    page = client_request.get("public.methodology")
    text = page.main.get_text(" ", strip=True)
    assert INTERNALS.findall(text) == []
    for method in (
        "semaines ISO",  # how demands are counted
        "seuil",  # small counts are protected
        "moins de 15",
        "masqué",
        "arrondi à un multiple de 5",  # rounding
        "Comment la protection est vérifiée",
    ):
        assert method in text, method


def test_the_method_in_every_export_points_to_the_page_not_to_a_file():
    assert not any(INTERNALS.search(line) for line in METHODOLOGY)
