"""Arbitrary input never gets a 5xx; XSS and injection payloads are inert everywhere."""

import io
import os
from urllib.parse import quote

import openpyxl
import pypdf
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Partner, Service, Volunteer
from tests.client_request import csv_rows
from tests.factories import make_service

# The same examples on every run, so that CI is repeatable; HYPOTHESIS_RANDOM=1 explores
# new ones (that is how the NUL byte on PostgreSQL was found).
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("HYPOTHESIS_RANDOM") != "1",
)
text = st.text(max_size=300)
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE demands; --",
    "=cmd|' /C calc'!A0",
    "{{7*7}}{% raw %}",
    "<svg onload=alert(1)>",
]

# The requests below are hostile by design (any text, any field, no CSRF token): sent raw,
# through client_request's named escape hatch, and only their status is asserted.


def shared_service(slug: str = "fuzz", **values) -> None:
    """The service every example of a test uses, made by the first one."""
    if db.session.scalar(select(Service.id).where(Service.slug == slug)) is None:
        make_service(slug=slug, **values)


@FUZZ
@given(postal_code=text, commune=text, etape=text)
def test_the_demand_steps_never_fail_on_any_input(client_request, postal_code, commune, etape):
    shared_service()
    response = client_request.raw_get(
        "/services/fuzz/demande",
        query_string={"code_postal": postal_code, "commune": commune, "etape": etape},
    )
    assert response.status_code < 500


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["code_postal", "commune", "email", "consent", "profile", "comment", "t", "site_web"]
        ),
        text,
    )
)
def test_the_demand_form_never_fails_on_any_input(app, client_request, fields):
    app.config["WTF_CSRF_ENABLED"] = False
    shared_service()
    response = client_request.raw_post("/services/fuzz/demande", data=fields)
    assert response.status_code in (303, 400, 422)  # 400: a NUL byte, which no keyboard types


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "code_postal",
                "commune",
                "email",
                "ways",
                "availability",
                "consent",
                "organisation_name",
                "organisation_type",
                "siret",
                "territories",
                "territory_codes",
                "contact_name",
                "contact_role",
                "phone",
                "offer",
                "capacity",
            ]
        ),
        text,
    ),
    level=st.sampled_from(["departement", "commune"]),
)
def test_the_volunteer_and_partner_forms_never_fail(app, client_request, fields, level):
    app.config["WTF_CSRF_ENABLED"] = False
    slug = f"fuzz-{level}"
    shared_service(slug, level=level)
    for path in ("volontaire", "partenaire"):
        response = client_request.raw_post(f"/services/{slug}/{path}", data=fields)
        assert response.status_code in (
            303,
            400,
            422,
        )  # 400: a NUL byte, which no keyboard types, path


@FUZZ
@given(slug=text, level=text, path=st.sampled_from(["stats", "territoires/", "rapports/"]))
def test_public_pages_and_the_api_never_fail(client_request, slug, level, path):
    shared_service()
    for url in (
        "/api/v1/services/fuzz/stats",
        f"/services/fuzz/{path}{quote(slug, safe='')}",
        f"/api/v1/services/{quote(slug, safe='')}/stats",
    ):
        response = client_request.raw_get(url, query_string={"level": level, "niveau": level})
        assert response.status_code < 500, url


@pytest.fixture
def xss(client_request):
    """A service whose description, volunteers and partners carry every payload; its editor
    signed in."""
    service = make_service(slug="xss", name="XSS", description=PAYLOADS[0])
    for n, payload in enumerate(PAYLOADS):
        volunteer = {
            "code_postal": "35000",
            "email": f"v{n}@exemple.fr",
            "ways": "test",
            "availability": payload,
            "consent": "y",
        }
        client_request.submit("public.volunteer", volunteer, _status=303, slug="xss")
        partner = {
            "organisation_name": payload,
            "organisation_type": "association",
            "territories": "35",
            "contact_name": payload,
            "email": f"p{n}@exemple.fr",
            "offer": payload,
            "consent": "y",
        }
        client_request.submit("public.partner", partner, _status=303, slug="xss")
    client_request.sign_in_as("editor", service)
    return service


def test_a_refused_demand_shows_its_comment_back_escaped(client_request):
    make_service(slug="xss")
    page = client_request.submit(
        "public.demand_start",
        {"email": "pas-une-adresse", "comment": PAYLOADS[1]},  # a bad address: shown back
        _status=422,
        _form="main form[method=post]",
        slug="xss",
        code_postal="35000",
    )
    assert PAYLOADS[1] not in page.response.get_data(as_text=True)  # escaped, not raw
    assert page.find("textarea", attrs={"name": "comment"}).get_text().strip() == PAYLOADS[1]


def assert_inert(url: str, html: str) -> None:
    """No payload stands raw in the page, and nothing in it would run."""
    for payload in PAYLOADS:
        if "<" in payload or ">" in payload or '"' in payload:
            assert payload not in html, (url, payload)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(attrs={"onerror": True}) and not soup.find_all("svg", onload=True)
    assert not [tag for tag in soup.find_all("script") if "alert" in tag.get_text()]


def test_injection_payloads_are_escaped_on_every_page(xss, client_request):
    team = "/equipe/services/xss"
    pages = ["/services/xss", f"{team}/volontaires", f"{team}/partenaires"]
    pages += [f"{team}/volontaires/{id}" for id in db.session.scalars(select(Volunteer.id))]
    pages += [f"{team}/partenaires/{id}" for id in db.session.scalars(select(Partner.id))]
    for url in pages:  # not page-checked: the payloads hold template syntax on purpose
        assert_inert(url, client_request.response_from_url(url).get_data(as_text=True))


def test_injection_payloads_are_neutralised_in_files(xss, client_request):
    export = client_request.response("team.pipeline_export", slug="xss", kind="partenaires")
    cells = [cell for row in csv_rows(export) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "=cmd|' /C calc'!A0" not in cells
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    xlsx = client_request.response("team.report_download", slug="xss", fmt="xlsx").data
    for sheet in openpyxl.load_workbook(io.BytesIO(xlsx)):
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    pdf = client_request.response("team.report_download", slug="xss", fmt="pdf").data
    assert "XSS" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
