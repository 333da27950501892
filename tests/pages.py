"""Request helpers: assert the status, parse the HTML, check every page's basics."""

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

EXTERNAL = re.compile(r"^(https?:)?//", re.I)


# What a page's text never shows: template syntax left raw, a value escaped twice, a
# Python value printed as such.
UNRENDERED = re.compile(r"\{\{|\}\}|\{%|%\}|&(lt|gt|amp|quot|#\d+);|\bNone\b|\bUndefined\b")


def check_page(response, soup_class=BeautifulSoup) -> BeautifulSoup:
    """The basics of every page: French, a title, one h1, CSRF on its forms, nothing from
    another site, nothing left unrendered."""
    soup = soup_class(response.get_data(as_text=True), "html.parser")
    assert soup.html is not None and soup.html.get("lang") == "fr"
    assert soup.title is not None and soup.title.get_text(strip=True)
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"{len(headings)} h1 on {soup.title.get_text(strip=True)!r}"
    body = soup.body.get_text(" ") if soup.body else ""
    leftover = UNRENDERED.search(body)
    assert not leftover, f"unrendered {leftover.group(0)!r} in the page's text"
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            token = form.find("input", attrs={"name": re.compile(r"(^|-)csrf_token$")})
            assert token and token.get("value"), f"no CSRF token in {form}"
    for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute) or ""
            assert not EXTERNAL.match(value), f"page loads {value} from another site"
    return soup


def get_page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, f"GET {url}: {response.status_code}, wanted {status}"
    return check_page(response)


def textarea_value(element) -> str:
    """A textarea's content as a browser reads it: one leading newline is dropped."""
    text = element.get_text()
    return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")


def form_values(form) -> dict[str, str]:
    """What a browser would send from ``form`` untouched: hidden fields and defaults."""
    values = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name:
            continue
        kind = (element.get("type") or "text").lower()
        if kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values[name] = element.get("value", "on")
        elif element.name == "textarea":
            values[name] = textarea_value(element)
        elif element.name == "select":
            options = element.find_all("option")
            chosen = next(
                (o for o in options if o.has_attr("selected")), options[0] if options else None
            )
            values[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        else:
            values[name] = element.get("value", "")
    return values


def submit(
    client,
    soup: BeautifulSoup,
    data: dict,
    page_url: str,
    selector: str = "main form",
    status: int | None = None,
    follow_redirects: bool = False,
):
    """Fill and send the form ``selector`` of a page as a browser would."""
    form = soup.select_one(selector)
    assert form is not None, f"no form {selector!r} on {page_url}"
    values = form_values(form)
    values.update({k: v for k, v in data.items() if v is not None})
    for key in [k for k, v in data.items() if v is None]:
        values.pop(key, None)  # an unticked box, an emptied choice
    action = urljoin(page_url, form.get("action") or page_url)
    if (form.get("method") or "get").lower() == "post":
        response = client.post(action, data=values, follow_redirects=follow_redirects)
    else:
        response = client.get(action, query_string=values, follow_redirects=follow_redirects)
    if status is not None:
        assert response.status_code == status, f"{action}: {response.status_code}, wanted {status}"
    return response


def field_error(soup: BeautifulSoup, field_id: str) -> str:
    """The error message shown next to a field ('' if none)."""
    group = soup.find(id=f"{field_id}-messages")
    return group.get_text(" ", strip=True) if group else ""


def fill_and_send(
    client, url: str, data: dict, status: int, selector: str = "main form[novalidate]"
) -> BeautifulSoup:
    """Open ``url``, fill its form with ``data``, send it: the page that comes back, checked."""
    return check_page(
        submit(client, get_page(client, url), data, url, selector=selector, status=status)
    )


def confirm_by_link(client, path: str, status: int = 200) -> BeautifulSoup:
    """Open a confirmation link and press its button, as a person (not a scanner) does."""
    ask = get_page(client, path)
    assert ask.h1.get_text() == "Confirmer mon adresse"
    return check_page(submit(client, ask, {}, path, status=status))


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on the page at ``url``."""
    return get_page(client, url).find("input", attrs={"name": "csrf_token"})["value"]
