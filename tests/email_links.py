"""Reading what arrived at the test SMTP server: parts, headers, links."""

import re
import time

from tests.smtp import SMTPServer

BASE_URL = "http://pilotes.test"


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def link(message, path_prefix: str) -> str:
    """The path of the first link in the text part that starts with ``path_prefix``."""
    text, _ = parts(message)
    match = re.search(re.escape(BASE_URL + path_prefix) + r"\S*", text)
    assert match, f"no {path_prefix} link in:\n{text}"
    return match.group(0).removeprefix(BASE_URL)


def with_subject(server: SMTPServer, start: str) -> list:
    """The messages whose subject starts with ``start`` (Flask-Mail folds a long subject
    onto its own line: the parsed value then starts with a space)."""
    return [m for m in server.messages if m["Subject"].strip().startswith(start)]


def recipients(messages) -> list[str]:
    return sorted(m["To"] for m in messages)


def only_message_to(server: SMTPServer, address: str):
    messages = server.to(address)
    assert len(messages) == 1, f"{len(messages)} messages to {address}"
    return messages[0]


def email_link(server: SMTPServer, runner, to: str, kind: str) -> str:
    """The path of the ``kind`` link (``confirm``, ``unsubscribe``, ``erase``, ``sign_in``,
    ``data_copy``: the pages of ``pilotes.web.links``) in the latest email to ``to`` that has
    one, once the outbox is sent through the real SMTP server."""
    from pilotes.infra.site_links import site_links

    send_outbox(runner)
    prefix = getattr(site_links(), kind)("TOKEN").removeprefix(BASE_URL).removesuffix("TOKEN")
    for message in reversed(server.to(to)):
        if BASE_URL + prefix in parts(message)[0]:
            return link(message, prefix)
    raise AssertionError(f"no {kind} link ({prefix}) in the {len(server.to(to))} emails to {to}")


def send_outbox(runner) -> str:
    """Run the sender as the worker would (``flask pilotes send-mail``); its output."""
    result = runner.invoke(args=["pilotes", "send-mail"])
    assert result.exit_code == 0, result.output
    return result.output


def links_age(monkeypatch, seconds: int) -> None:
    """From now on the clock reads ``seconds`` later: links made before are that much older."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)
