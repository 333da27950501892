"""The low-severity findings of the security review, each pinned."""

import functools
import threading

import pytest

from pilotes.domain import abuse, accounts
from pilotes.domain.abuse import Criteria, Signals, count_matching
from pilotes.infra.extensions import db
from tests.client_request import ClientRequest
from tests.factories import make_demand, make_service, outbox_bodies
from tests.pages import check_page, fill_and_send, get_page, submit
from tests.web.team.helpers import make_member, sign_in, sign_in_link


def test_the_api_builds_its_links_from_base_url_not_from_the_host_header(client_request):
    make_service()
    response = client_request.response("api.service_list", _headers={"Host": "evil.example"})
    (service,) = response.get_json()["services"]
    assert service["stats_url"] == "http://pilotes.test/api/v1/services/mon-service/stats"


def test_a_head_request_does_not_spend_a_sign_in_link(client, client_request):
    accounts.get_or_create_user(db.session, "ana@equipe.fr")
    db.session.commit()
    path = sign_in_link("ana@equipe.fr")
    client_request.response_from_url(path, _method="HEAD")
    response = submit(client, get_page(client, path), {}, path, status=302)
    assert response.headers["Location"] == "/equipe/"


@pytest.mark.parametrize("ending", ["sign_out_everywhere", "set_password"])
def test_unused_sign_in_links_die_with_the_sessions(client, client_request, ending):
    user = accounts.get_or_create_user(db.session, "ana@equipe.fr")
    db.session.commit()
    path = sign_in_link("ana@equipe.fr")
    if ending == "set_password":
        accounts.set_password(db.session, user, "un mot de passe assez long")
    else:
        accounts.sign_out_everywhere(db.session, user)
    db.session.commit()
    response = submit(client, get_page(client, path), {}, path, status=400)
    client_request.get("team.home", _status=302, _redirect="team.sign_in")  # not signed in
    assert "déjà servi" in check_page(response).get_text()
    sign_in(client, "ana@equipe.fr")  # a link asked for afterwards works


def _finishes(action, seconds: float = 20) -> bool:
    """Whether ``action`` returns within ``seconds`` (an enumeration of ::/0 never does)."""
    thread = threading.Thread(target=action, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()


@pytest.mark.parametrize("ip_range", ["::/0", "0.0.0.0/0", "2000::/3", "10.0.0.0/9"])
def test_a_range_too_wide_is_refused_before_its_networks_are_listed(app, ip_range):
    service = make_service()
    errors = []

    def count():
        with app.app_context():
            try:
                count_matching(db.session, service, Criteria(ip_range=ip_range))
            except abuse.InvalidationError as error:
                errors.append(str(error))

    assert _finishes(count), "the range's networks were enumerated"
    assert errors and "Plage trop large" in errors[0]


def test_the_widest_range_allowed_still_matches(app):
    service = make_service()
    make_demand(service, signals=Signals(ip="10.1.2.3"))
    make_demand(service, signals=Signals(ip="2001:db8:5::1"))
    assert count_matching(db.session, service, Criteria(ip_range="10.0.0.0/10")) == 1
    assert count_matching(db.session, service, Criteria(ip_range="2001:db8::/34")) == 1


def test_the_moderation_form_says_so_next_to_the_field(client):
    service = make_service()
    make_member(service, "owner@equipe.fr", "owner")
    sign_in(client, "owner@equipe.fr")
    url = f"/equipe/services/{service.slug}/moderation"
    page = fill_and_send(client, url, {"ip_range": "::/0", "action": "preview"}, status=422)
    assert "Plage trop large" in page.find(id="ip_range-messages").get_text()


def test_erasing_removes_the_pending_emails_and_the_email_domain(client):
    from sqlalchemy import select

    from pilotes.models import Demand, OutboxMessage

    service = make_service()
    demand = make_demand(service, email="jeanne@exemple-asso.fr", comment="Vite").row
    make_demand(service, "69001", email="autre@exemple.fr")
    (body,) = outbox_bodies(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == "jeanne@exemple-asso.fr")
        )
    )
    path = "/e/effacer/" + body.split("/e/effacer/", 1)[1].split()[0]
    submit(client, get_page(client, path), {}, path, status=200)
    db.session.expire_all()
    assert db.session.scalars(select(OutboxMessage.to_address)).all() == ["autre@exemple.fr"]
    erased = db.session.get(Demand, demand.id)
    assert (erased.email, erased.email_domain, erased.comment) == (None, None, None)


def test_opening_a_confirmation_link_confirms_nothing_until_the_button(client, client_request):
    from sqlalchemy import select

    from pilotes.models import Demand, OutboxMessage

    make_demand(make_service(), email="jeanne@exemple.fr")
    (body,) = outbox_bodies(db.session.scalars(select(OutboxMessage)))
    path = "/e/confirmer/" + body.split("/e/confirmer/", 1)[1].split()[0]
    for _ in range(3):  # a link scanner, a preview, a prefetch
        client_request.get_url(path)
        client_request.response_from_url(path, _method="HEAD")
    assert db.session.scalar(select(Demand.confirmed_at)) is None
    page = submit(client, get_page(client, path), {}, path, status=200)
    assert "Adresse confirmée" in check_page(page).h1.get_text()
    db.session.rollback()  # a fresh read: the button's POST committed
    assert db.session.scalar(select(Demand.confirmed_at)) is not None


def test_the_partner_form_bounds_its_territories_before_looking_them_up(client):
    from sqlalchemy import select

    from pilotes.models import Commune, Partner
    from tests.domain.test_partners import ANSWERS, URL

    make_service(level="commune")
    soup = get_page(client, URL)
    codes = db.session.scalars(select(Commune.code).order_by(Commune.code).limit(301)).all()
    answers = {**ANSWERS, "territories": None, "territory_codes": " ".join(codes)}
    page = check_page(submit(client, soup, answers, URL, status=422))
    assert "Au plus 300 communes" in page.find(id="territory_codes-messages").get_text()
    assert page.find(id="territory_codes").get_text().strip().startswith(codes[0])  # kept
    # One code repeated thousands of times is one commune, looked up once.
    answers["territory_codes"] = "35238 " * 20_000
    submit(client, soup, answers, URL, status=303)
    assert [t.code for t in db.session.scalar(select(Partner)).territories] == ["35238"]


def test_a_departement_ticked_many_times_counts_once(client):
    from sqlalchemy import select

    from pilotes.models import Partner
    from tests.domain.test_partners import ANSWERS, URL

    make_service()
    answers = {**ANSWERS, "territories": ["35"] * 5000}
    submit(client, get_page(client, URL), answers, URL, status=303)
    assert [t.code for t in db.session.scalar(select(Partner)).territories] == ["35"]


def test_a_goal_is_not_published_as_reached_where_the_confirmed_count_is_hidden(client_request):
    from pilotes.domain.goals import set_goal
    from tests.factories import confirm_everything

    service = make_service(suppression_threshold=5)
    set_goal(db.session, service, "35", 10)  # the least: « moins de 10 » is published
    set_goal(db.session, service, "69", 10)
    db.session.commit()
    for n in range(3):  # 3 confirmed: below the threshold, hidden
        make_demand(service, "35000", email=f"a{n}@exemple.fr")
    for n in range(16):  # 16 confirmed: shown whatever the rounding offset
        make_demand(service, "69001", email=f"b{n}@exemple.fr")
    confirm_everything()
    db.session.commit()
    answer = client_request.json("api.service_stats", slug="mon-service")
    rows = {row["code"]: row for row in answer["territories"]}
    assert rows["35"]["confirmed"] is None and rows["35"]["goal_reached"] is False
    assert rows["69"]["confirmed"] is not None and rows["69"]["goal_reached"] is True
    territory = functools.partial(client_request.get, "public.territory_page", slug="mon-service")
    assert "objectif atteint" not in territory(code="35").get_text()
    assert "objectif atteint" in territory(code="69").get_text()


def test_downloading_again_reuses_the_snapshot_until_the_figures_move(app):
    from sqlalchemy import func, select

    from pilotes.models import ReportSnapshot
    from pilotes.reports.pdf import evidence_html

    service = make_service()
    make_demand(service, "35000")

    def snapshots():
        return db.session.scalar(select(func.count()).select_from(ReportSnapshot))

    with app.test_request_context():
        evidence_html(db.session, service)
        evidence_html(db.session, service)
        assert snapshots() == 1
        for _ in range(30):  # enough to move the published (rounded) figures
            make_demand(service, "69001")
        evidence_html(db.session, service)
        assert snapshots() == 2
        evidence_html(db.session, service, "region")
        assert snapshots() == 3  # another level, another snapshot


def test_report_downloads_are_limited_per_account(app, migrated_database):
    from pilotes import create_app

    service = make_service()
    make_member(service, "a@equipe.fr", "viewer")
    make_member(service, "b@equipe.fr", "viewer")
    limited = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=migrated_database,
        RATELIMIT_ENABLED=True,
        REPORT_RATE_LIMIT="2 per minute",
    )
    first, second = ClientRequest.browser(limited), ClientRequest.browser(limited)
    with limited.app_context():
        sign_in(first.client, "a@equipe.fr")
        sign_in(second.client, "b@equipe.fr")
    report = {"endpoint": "team.report_download", "slug": service.slug, "fmt": "csv"}
    for status in (200, 200, 429):
        first.response(**report, _status=status)
    second.response(**report)  # another account, its own budget


def test_sign_in_answers_take_the_same_floor_whether_the_account_exists(app, client):
    """A lower bound only (sleep guarantees it); the figures are in bench/sign_in_timing.py."""
    import time

    user = accounts.get_or_create_user(db.session, "ana@equipe.fr")
    accounts.set_password(db.session, user, "un mot de passe assez long")
    db.session.commit()
    app.config["SIGN_IN_FLOOR_SECONDS"] = 1.0
    page = get_page(client, "/equipe/connexion")
    for answers, status in (
        ({"email": "ana@equipe.fr"}, 200),  # a link is made and queued
        ({"email": "personne@equipe.fr"}, 200),  # nothing is
        ({"email": "ana@equipe.fr", "password": "pas le bon mot de passe"}, 422),
        ({"email": "personne@equipe.fr", "password": "pas le bon mot de passe"}, 422),
    ):
        started = time.monotonic()
        submit(client, page, answers, "/equipe/connexion", status=status)
        assert time.monotonic() - started >= 1.0, answers
