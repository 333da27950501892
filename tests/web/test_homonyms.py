"""Communes of one name in several départements are told apart wherever they are listed."""

from tests.factories import confirm_everything, make_demand, make_service


def saint_denis_twice():
    """Twelve demands in Saint-Denis (Seine-Saint-Denis) and in Saint-Denis (La Réunion)."""
    service = make_service(level="commune", suppression_threshold=5)
    for n in range(12):
        make_demand(service, "93200", email=f"a{n}@exemple.fr")
        make_demand(service, "97400", email=f"b{n}@exemple.fr")
    make_demand(service, "35000")
    confirm_everything()
    return service


def test_the_team_table_tells_homonyms_apart(client_request):
    service = saint_denis_twice()
    client_request.sign_in_as("viewer", service)
    page = client_request.get("team.territories", slug=service.slug, tri="nom")
    names = [row.select("td")[1].get_text() for row in page.select("#territories tbody tr")]
    assert names == [
        "Rennes",  # no homonym here: its name alone
        "Saint-Denis (Seine-Saint-Denis)",  # 93066
        "Saint-Denis (La Réunion)",  # 97411
    ]


def test_the_public_statistics_tell_homonyms_apart(client_request):
    service = saint_denis_twice()
    page = client_request.get("public.service_stats", slug=service.slug, niveau="commune")
    names = [row.select("td")[1].get_text() for row in page.select("tr[data-code]")]
    assert "Saint-Denis (Seine-Saint-Denis)" in names and "Saint-Denis (La Réunion)" in names
