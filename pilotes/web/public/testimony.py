"""« Grâce à … »: the author's own link, to answer in one sentence, then to withdraw it."""

from functools import wraps

from flask import render_template, request
from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField

from pilotes.domain import testimonials
from pilotes.domain.privacy import consent_text, latest_consent_version
from pilotes.infra.extensions import db
from pilotes.models import HELPED, SIGNED_AS
from pilotes.web.forms import Form, strip
from pilotes.web.no_store import no_store
from pilotes.web.public import bp
from pilotes.web.transactions import writes


class TestimonyForm(Form):
    """Rules live in ``testimonials.problems``: this form strips, asks it, and shows its answers."""

    sentence = TextAreaField("Grâce à ce service, …", filters=[strip])
    helped = RadioField(
        "Le service vous a-t-il aidé ?",
        choices=[SelectChoice(value, label) for value, label in HELPED.items()],
        validate_choice=False,
    )
    publish = BooleanField()
    signed_as = RadioField(
        "Si elle est publiée, signer ma phrase",
        choices=[SelectChoice(value, label) for value, label in SIGNED_AS.items()],
        default="anonyme",
        validate_choice=False,
    )
    first_name = StringField("Votre prénom (si vous signez de votre prénom)", filters=[strip])

    def answer(self) -> testimonials.Answer:
        return testimonials.Answer(
            sentence=self.sentence.data or "",
            helped=self.helped.data or "",
            publish=bool(self.publish.data),
            signed_as=self.signed_as.data if self.publish.data else None,
            first_name=self.first_name.data or None,
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field, problem in testimonials.problems(self.answer()).items():
            self[field].errors = [*self[field].errors, problem]
            valid = False
        return valid


def _status_page(testimonial, token: str, **extra):
    """What the author sees once answered: their words, its state, the way to withdraw."""
    return render_template(
        "public/testimony_status.html",
        service=testimonial.service,
        testimonial=testimonial,
        token=token,
        **extra,
    )


def _from_link(view):
    """The view gets the testimonial its link names; a bad link gets 400."""

    @wraps(view)
    def wrapper(token: str):
        testimonial = testimonials.from_link(db.session, token)
        if testimonial is None:
            return render_template("public/email_bad_link.html"), 400
        return view(testimonial, token)

    return wrapper


@bp.route("/e/temoignage/<token>", methods=["GET", "POST"])
@no_store
@writes
@_from_link
def testimony(testimonial, token: str):
    """The form while unanswered; afterwards, what was said and the way to withdraw it."""
    service = testimonial.service
    if testimonial.status != "invited":
        return _status_page(testimonial, token)
    form = TestimonyForm()
    form.publish.label.text = consent_text(
        latest_consent_version("testimony"), "testimony", service
    )
    if request.method == "POST" and form.validate():
        testimonials.answer(db.session, testimonial, form.answer())
        return _status_page(testimonial, token, just_answered=True)
    status = 422 if form.errors else 200
    return render_template(
        "public/testimony.html",
        service=service,
        form=form,
        sentence_max=testimonials.SENTENCE_MAX_LENGTH,
        first_name_max=testimonials.FIRST_NAME_MAX_LENGTH,
    ), status


@bp.route("/e/temoignage/<token>/retirer", methods=["GET", "POST"])
@no_store
@writes
@_from_link
def testimony_withdraw(testimonial, token: str):
    """GET asks; only the POST withdraws (mail scanners open links)."""
    if request.method == "POST":
        testimonials.withdraw(db.session, testimonial)
        return _status_page(testimonial, token)
    return render_template(
        "public/testimony_withdraw.html", service=testimonial.service, token=token
    )
