"""The PDF renderer reaches nothing but the app's own fonts, whatever a team typed."""

import io
import socketserver
import threading

import pypdf
import pytest
from sqlalchemy import update
from weasyprint import HTML

from pilotes.infra.extensions import db
from pilotes.models import Service
from pilotes.reports.pdf import AssetFetcher, evidence_html
from tests.factories import make_demand, make_service


class _Recorder(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.received.append(self.request.recv(4096))


@pytest.fixture
def listener():
    """A loopback TCP listener that records every connection: it must receive nothing."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Recorder)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _url(listener, path):
    return f"http://127.0.0.1:{listener.server_address[1]}/{path}"


def test_a_service_name_made_to_break_out_of_css_fetches_nothing(app, client_request, listener):
    service = make_service()
    make_demand(service, "35000")
    # Written past the forms' checks, as data from before them would be.
    name = f'X\n}}}} html{{background-image:url({_url(listener, "name")})}} .y{{content:"'
    db.session.execute(update(Service).where(Service.id == service.id).values(name=name))
    db.session.commit()
    client_request.sign_in_as("viewer", service)

    response = client_request.response("team.report_download", slug=service.slug, fmt="pdf")
    assert response.data.startswith(b"%PDF")
    assert listener.received == []
    with app.test_request_context():
        html = evidence_html(db.session, db.session.get(Service, service.id))
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "html{background" not in style and "X" not in style.replace("X-", "")
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.data)).pages
    )
    assert "rapport de preuve" in text  # the footer still names the service, from the page


def test_the_fetcher_refuses_network_file_and_data_urls(app, listener, tmp_path):
    evil_css = tmp_path / "evil.css"
    evil_css.write_text(f"html {{ background: url({_url(listener, 'from-file')}) }}")
    html = f"""<html><head>
      <link rel="stylesheet" href="{_url(listener, "style.css")}">
      <link rel="stylesheet" href="{evil_css.as_uri()}">
      <style>@import url("{_url(listener, "import")}");
             @font-face {{ font-family: X; src: url("{_url(listener, "font")}"); }}
             body {{ font-family: X; background: url("{_url(listener, "bg")}"); }}</style>
      </head><body><img src="{_url(listener, "img")}"><img src="file:///etc/hostname">
      <img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='{
        _url(listener, "data")
    }'/%3E%3C/svg%3E">
      <object data="{_url(listener, "object")}"></object></body></html>"""
    fetcher = AssetFetcher(app.config["NODE_MODULES_DIR"])
    assert HTML(string=html, url_fetcher=fetcher).write_pdf().startswith(b"%PDF")
    assert listener.received == []
    for url in (
        evil_css.as_uri(),
        "pilotes-asset:../../../../etc/passwd",
        "data:text/css,body{}",
        _url(listener, "x"),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_report_still_embeds_its_own_fonts(app, client_request):
    service = make_service()
    client_request.sign_in_as("viewer", service)
    response = client_request.response("team.report_download", slug=service.slug, fmt="pdf")
    pdf = pypdf.PdfReader(io.BytesIO(response.data))
    fonts = {
        str(font["/BaseFont"])
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert any("Marianne" in font for font in fonts), fonts
