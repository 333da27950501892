"""The PDF report is tagged (PDF/UA-1): structure, language, title, alternatives (RGAA 13.3)."""

import io

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def viewers_pdf(client_request, service) -> pypdf.PdfReader:
    """The PDF report as a viewer of ``service`` downloads it."""
    client_request.sign_in_as("viewer", service)
    response = client_request.response("team.report_download", slug=service.slug, fmt="pdf")
    return pypdf.PdfReader(io.BytesIO(response.data))


def tags(node, found: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Every structure element under ``node``, as (type, element), depth first."""
    if isinstance(node, IndirectObject):
        node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            tags(kid, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append((str(node["/S"]), node))
        if "/K" in node:
            tags(node["/K"], found)
    return found


def test_the_pdf_report_is_tagged_with_its_language_title_headings_and_tables(
    client_request, known_service
):
    reader = viewers_pdf(client_request, known_service)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert str(root["/Lang"]) == "fr"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    metadata = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in metadata
    assert b"Rapport de preuve" in metadata  # the title a reader announces

    found = tags(root["/StructTreeRoot"], [])
    kinds = {kind for kind, _ in found}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= kinds, kinds
    figures = [element for kind, element in found if kind == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures), figures


def test_page_one_holds_the_key_figures_the_map_and_how_to_read_them(client_request, known_service):
    reader = viewers_pdf(client_request, known_service)
    first = reader.pages[0]
    text = " ".join(first.extract_text().split())
    for words in (
        "Chiffres clés",
        "Demandes pour 100 000 habitants, par département",
        "Comment lire ces chiffres",
        "Échelle : de ",
    ):
        assert words in text, words
    # The map is drawn (a form XObject from its SVG), not replaced by its alternative text.
    assert "Carte de France" not in text
    drawn = first["/Resources"].get("/XObject")
    assert drawn and len(drawn.get_object()) >= 1
    later = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[1:])
    assert "Graphique en barres" not in later and "Demandes par semaine" in later
