"""One page load of the demand form files one demand, however often it is sent."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.domain.form_tokens import (
    FormReplayed,
    forget_spent_form_tokens,
    read_form_token,
    spend_form_token,
)
from pilotes.infra import signing
from pilotes.infra.extensions import db
from pilotes.models import Demand, SpentFormToken, utcnow
from pilotes.reports.engine import key_figures
from tests.factories import make_service
from tests.pages import check_page, get_page, submit
from tests.threads import run_at_once

START = "/services/mon-service/demande"
FORM = "main form[method=post]"


def demands() -> int:
    return db.session.scalar(select(func.count()).select_from(Demand))


def test_replaying_one_page_loads_tokens_files_one_demand(client):
    service = make_service()
    page = get_page(client, f"{START}?code_postal=35000")
    for _ in range(10):  # the same CSRF token, the same signed form token, ten times
        response = submit(client, page, {}, START, selector=FORM, status=303)
        assert "/merci" in response.headers["Location"]  # a double click sees thanks again
    assert demands() == 1
    assert db.session.scalar(select(Demand.flag_reason)) is None
    assert key_figures(db.session, service).demands == 1


def test_each_page_load_files_its_own_demand_and_back_fetches_a_fresh_form(client, client_request):
    make_service()
    url = f"{START}?code_postal=35000"
    form = client_request.get("public.demand_start", slug="mon-service", code_postal="35000")
    response = form.response
    assert response.headers["Cache-Control"] == "no-store"  # Back reloads: a fresh token
    for n in range(3):
        page = get_page(client, url)
        submit(client, page, {"email": f"p{n}@exemple.fr", "consent": "y"}, START, FORM, 303)
    assert demands() == 3


def test_the_no_javascript_journey_through_the_commune_still_files(client):
    make_service()
    url = f"{START}?code_postal=05110"
    page = get_page(client, url)
    commune = page.select_one("input[type=radio][name=commune]")["value"]
    page = check_page(submit(client, page, {"commune": commune}, url, status=200))
    submit(client, page, {}, START, selector=FORM, status=303)
    submit(client, page, {}, START, selector=FORM, status=303)
    assert db.session.scalar(select(Demand.commune_code)) == commune and demands() == 1


def test_the_embedded_form_leads_to_a_demand(client):
    make_service(embed_origins=["https://partenaire.example"])
    embed = "/services/mon-service/embed"
    page = check_page(submit(client, get_page(client, embed), {"code_postal": "35000"}, embed))
    submit(client, page, {}, START, selector=FORM, status=303)
    submit(client, page, {}, START, selector=FORM, status=303)
    assert demands() == 1


def test_a_token_from_before_single_use_is_flagged_not_counted(app, client):
    make_service()
    page = get_page(client, f"{START}?code_postal=35000")
    with app.test_request_context():
        old = signing.sign(signing.FORM_TIME, 1)  # what form_timestamp signed before
    page.find("input", attrs={"name": "t"})["value"] = old
    submit(client, page, {}, START, selector=FORM, status=303)
    assert db.session.scalar(select(Demand.flag_reason)) == "formulaire_non_charge"


def test_two_posts_racing_with_one_token_file_one_demand(app, client):
    make_service()
    page = get_page(client, f"{START}?code_postal=35000")
    statuses = []
    racers = []
    for _ in range(2):
        racer = app.test_client()
        with client.session_transaction() as source, racer.session_transaction() as target:
            target.update(source)  # the same session, so the same CSRF token
        racers.append(racer)

    def post():
        with app.app_context():
            statuses.append(submit(racers.pop(), page, {}, START, selector=FORM).status_code)
            db.session.remove()

    run_at_once(post)
    db.session.rollback()  # see what the racers committed
    assert statuses == [303, 303] and demands() == 1


def test_spent_tokens_are_forgotten_once_they_cannot_be_replayed(app, runner):
    with Session(db.engine) as session:
        session.add(SpentFormToken(nonce="old", spent_at=utcnow() - timedelta(days=8)))
        session.add(SpentFormToken(nonce="recent", spent_at=utcnow() - timedelta(days=6)))
        session.commit()
    assert forget_spent_form_tokens(db.session) == 1
    db.session.rollback()
    assert runner.invoke(args=["pilotes", "purge"]).exit_code == 0
    assert db.session.scalars(select(SpentFormToken.nonce)).all() == ["recent"]


def test_a_spent_token_is_kept_while_its_signature_could_still_be_replayed(app):
    # Spent right after the form was shown, a token's signature lasts its max age after
    # spent_at; the purge keeps it an hour longer still (a clock a little ahead).
    max_age = timedelta(seconds=signing.FORM_TIME.max_age)
    with Session(db.engine) as session:
        for nonce, ago in (
            ("replayable", max_age - timedelta(minutes=30)),
            ("margin", max_age + timedelta(minutes=30)),
            ("expired", max_age + timedelta(minutes=61)),
        ):
            session.add(SpentFormToken(nonce=nonce, spent_at=utcnow() - ago))
        session.commit()
    assert forget_spent_form_tokens(db.session) == 1
    kept = db.session.scalars(select(SpentFormToken.nonce).order_by(SpentFormToken.nonce))
    assert kept.all() == ["margin", "replayable"]


def test_a_signed_nonce_is_read_when_it_fits_its_column_and_spent_once(app):
    # 32 characters is the width of spent_form_tokens.nonce; an empty nonce would be one
    # token shared by every form.
    with app.test_request_context():
        for nonce in ("n", "x" * 32):
            age, read = read_form_token(signing.sign(signing.FORM_TIME, nonce))
            assert read == nonce and 0 <= age < 60
            spend_form_token(db.session, read)
            with pytest.raises(FormReplayed):
                spend_form_token(db.session, read)
        for nonce in ("", "x" * 33, 7, None):
            assert read_form_token(signing.sign(signing.FORM_TIME, nonce)) is None
        assert read_form_token(None) is None and read_form_token("") is None
        assert read_form_token("forged") is None
