"""A viewer sees aggregates only: no email address on any page they can open."""

import re

from tests.factories import (
    add_partner,
    add_volunteer,
    confirm_everything,
    make_demand,
    make_service,
)
from tests.pages import get_page
from tests.web.team.helpers import make_member, sign_in
from tests.web.team.test_isolation import team_routes, url_for_rule

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def test_a_viewer_never_sees_an_email_address(app, client, client_request):
    service = make_service(contact_email="contact@equipe.fr")
    for n in range(3):
        make_demand(service, "35000", email=f"usager{n}@exemple.fr")
    confirm_everything()
    add_volunteer(service)
    add_partner(service, status="engaged")
    make_member(service, "owner@equipe.fr", "owner")
    make_member(service, "viewer@equipe.fr", "viewer")
    sign_in(client, "viewer@equipe.fr")

    pages = ["/equipe/", "/equipe/mot-de-passe"]
    for rule, method, view in team_routes(app):
        if method == "GET" and view.access == "member" and view.required_role == "viewer":
            pages.append(url_for_rule(rule, {"slug": service.slug, "fmt": "json"}))
    pages += [
        f"/equipe/services/{service.slug}/territoires?niveau={level}&tri=nom"
        for level in ("region", "departement", "commune")
    ]
    for path in pages:
        if "/rapports/" in path:  # a download, not a page
            body = client_request.response_from_url(path).get_data(as_text=True)
            assert not EMAIL.findall(body), f"{path} shows {EMAIL.findall(body)}"
            continue
        html = str(get_page(client, path))
        assert not EMAIL.findall(html), f"{path} shows {EMAIL.findall(html)}"
    dashboard = get_page(client, f"/equipe/services/{service.slug}/")
    assert "3" in dashboard.find(id="key-figures").get_text()  # the aggregates are there
