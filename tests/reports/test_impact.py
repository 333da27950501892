"""The share of respondents who report a benefit: checked against the raw rows, and attacked
by someone who sees only what is published and knows the method, not the secret offsets."""

import itertools
from collections import defaultdict

import pytest
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Testimonial
from pilotes.reports import voices
from pilotes.reports.disclosure import BASE, Rule
from tests.factories import add_testimonial, make_service

ANSWERS = {"oui": 20, "en_partie": 8, "non": 9}  # 37 respondents, 28 with a benefit


def seed(service, answers=ANSWERS, withdrawn=3):
    for helped, count in answers.items():
        for _ in range(count):
            add_testimonial(service, helped=helped, status="private", publish_consent=False)
    for _ in range(withdrawn):  # withdrawn and erased answers hold nothing, count nowhere
        add_testimonial(service, sentence=None, helped=None, status="withdrawn")


def truth(service) -> tuple[int, int]:
    """(respondents, with a benefit) recounted from the rows, without the reports' code."""
    rows = db.session.scalars(select(Testimonial).where(Testimonial.service_id == service.id))
    answered = [t.helped for t in rows if t.sentence is not None and t.helped is not None]
    return len(answered), sum(1 for h in answered if h != "non")


def within_rounding(published: int, true: int) -> bool:
    return published % BASE == 0 and true - BASE < published < true + BASE


def test_the_impact_figure_agrees_with_a_recount_from_the_rows(app):
    service = make_service()
    seed(service)
    respondents, with_benefit = truth(service)
    assert (respondents, with_benefit) == (37, 28)
    impact = voices.impact(db.session, service)
    assert impact.published
    assert within_rounding(impact.respondents.value, respondents)
    assert within_rounding(impact.with_benefit.value, with_benefit)
    # The share is the published counts' own, half up: no more than they say.
    expected = min(
        100,
        (200 * impact.with_benefit.value + impact.respondents.value)
        // (2 * impact.respondents.value),
    )
    assert impact.share == expected
    low = (with_benefit - BASE + 1) / (respondents + BASE - 1)
    high = (with_benefit + BASE - 1) / (respondents - BASE + 1)
    assert low * 100 - 1 <= impact.share <= high * 100 + 1


def test_below_the_threshold_the_share_is_not_published(app):
    service = make_service()  # threshold 11: « moins de 15 »
    seed(service, {"oui": 6, "non": 3})
    impact = voices.impact(db.session, service)
    assert not impact.published and impact.share is None
    assert impact.respondents.value is None and impact.respondents.hidden == "moins de 15"
    assert impact.with_benefit.hidden == "moins de 15"


def test_a_withdrawn_answer_stops_counting(app):
    service = make_service()
    seed(service, {"oui": 20}, withdrawn=0)
    before = voices.answer_counts(db.session, service)
    from pilotes.domain.testimonials import withdraw

    withdraw(db.session, db.session.scalar(select(Testimonial)))
    assert voices.answer_counts(db.session, service) == {"oui": before["oui"] - 1}


# ------------------------------------------------------------------------------ attacker


def published(with_benefit: int, without: int, rule: Rule):
    """What anyone reads, from the reports' own code: (respondents, with benefit, share)."""
    cells = voices.protected_cells({"oui": with_benefit, "non": without}, rule)
    r, b = cells[voices.RESPONDENTS], cells[voices.WITH_BENEFIT]
    return (r.value, r.status), (b.value, b.status), voices.share_of(r, b)


def simulated(b: int, o: int, s_r: int, s_b: int, bound: int):
    """The documented method, written again by the attacker: rounding with an offset,
    « moins de N » below the bound, the share from the published counts."""

    def cell(x, s):
        value = BASE * ((x + s) // BASE)
        return (None, "small") if value < bound else (value, None)

    r, bb = cell(b + o, s_r), cell(b, s_b)
    share = None
    if r[0] and bb[0] is not None:
        share = min(100, (200 * bb[0] + r[0]) // (2 * r[0]))
    return r, bb, share


def attacker_candidates(bound: int, top: int = 45) -> dict:
    """{what is published: every (with benefit, without) it could come from}."""
    seen = defaultdict(set)
    for b, o, s_r, s_b in itertools.product(range(top), range(top), range(BASE), range(BASE)):
        seen[simulated(b, o, s_r, s_b, bound)].add((b, o))
    return seen


@pytest.mark.parametrize("secret", [b"un", b"deux", b"trois"])
def test_an_attacker_who_knows_the_method_pins_no_hidden_count(secret):
    rule = Rule(threshold=11, secret=secret)
    candidates = attacker_candidates(rule.bound)
    for b, o in itertools.product(range(31), range(31)):
        shown = published(b, o, rule)
        possible = candidates[shown]
        assert (b, o) in possible, f"the published figures lie about {(b, o)}: {shown}"
        # Hidden: the count without benefit always, each count that reads « moins de N ».
        hidden = [("sans bénéfice", {c[1] for c in possible})]
        if shown[0][0] is None:
            hidden.append(("répondants", {c[0] + c[1] for c in possible}))
        if shown[1][0] is None:
            hidden.append(("avec bénéfice", {c[0] for c in possible}))
        for name, values in hidden:
            assert not (len(values) == 1 and values != {0}), f"{name} pinned for {(b, o)}"
