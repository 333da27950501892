"""The open data API documents itself in French: descriptions, summaries and titles (keys,
parameter names and values stay as they are)."""

import re

from pilotes.web.api.dictionary import all_schemas

# Words that only English writes; a French sentence has none of them.
ENGLISH = {
    "the", "of", "and", "is", "are", "when", "with", "without", "from", "for", "by", "not",
    "every", "each", "this", "that", "its", "to", "below", "only", "see", "which",
    "otherwise", "per", "default", "there", "hidden", "published",
}  # fmt: skip
IDENTIFIER = re.compile(r"`[^`]*`|\S*[_=/.]\S*")  # `field`, per_100k, level=commune, URLs


def prose(document, keys=("description", "summary", "title")):
    """Every documenting text in ``document``, wherever it sits."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in keys and isinstance(value, str):
                yield value
            else:
                yield from prose(value, keys)
    elif isinstance(document, list):
        for item in document:
            yield from prose(item, keys)


def english_words(text: str) -> set[str]:
    words = re.findall(r"[A-Za-zÀ-ÿ]+", IDENTIFIER.sub(" ", text))
    return {word for word in words if word.lower() in ENGLISH}


def test_the_openapi_document_is_written_in_french(client_request):
    document = client_request.json("api.openapi")
    texts = list(prose(document))
    assert len(texts) > 40
    assert {text: english_words(text) for text in texts if english_words(text)} == {}


def test_every_field_of_a_territory_is_described(client_request):
    territory = client_request.json("api.openapi")["components"]["schemas"]["Territory"]
    assert [k for k, field in territory["properties"].items() if not field.get("description")] == []


def test_the_data_dictionary_is_written_in_french(app):
    texts = list(prose(all_schemas()))
    assert {text: english_words(text) for text in texts if english_words(text)} == {}
