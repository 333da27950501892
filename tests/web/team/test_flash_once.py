"""A flashed message shows on the page its action leads to, then never again (outside
review: « Votre mot de passe est enregistré. » came back on an unrelated team page)."""

from tests.factories import make_service

SAVED = "Votre mot de passe est enregistré."
PASSWORD = {"password": "un mot de passe assez long", "confirm": "un mot de passe assez long"}


def _set_password(client_request, **follow):
    page = client_request.get("team.password")
    status = 200 if follow else 302
    return client_request.submit_form(
        page, PASSWORD, status, _form="main form:not([action])", **follow
    )


def test_the_message_shows_on_the_page_the_action_leads_to_and_only_there(client_request):
    service = make_service()
    client_request.sign_in_as("owner", service)
    assert SAVED in _set_password(client_request, _follow=True).get_text()
    assert SAVED not in client_request.get("team.dashboard", slug=service.slug).get_text()


def test_a_download_in_between_drops_the_message_it_did_not_show(client_request):
    service = make_service()
    client_request.sign_in_as("owner", service)
    _set_password(client_request)  # its redirect not followed: the message waits
    client_request.response("team.report_download", slug=service.slug, fmt="csv")
    assert SAVED not in client_request.get("team.dashboard", slug=service.slug).get_text()
