"""The base of every form: French messages from WTForms' own translations."""

from flask import g, has_request_context, render_template
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from pilotes.domain.email_address import InvalidEmail, clean_email
from pilotes.infra.single_line import MESSAGE, has_control_characters


def strip(value):
    return value.strip() if isinstance(value, str) else value


NUL_MESSAGE = "Un caractère invisible (caractère nul) a été retiré de ce champ : vérifiez-le."


def _held_a_nul_byte(form, field) -> None:
    raise ValidationError(NUL_MESSAGE)


class Form(FlaskForm):
    class Meta:
        locales = ("fr_FR", "fr")

    def validate(self, extra_validators=None):
        """As WTForms does, and a field that held a NUL byte (taken out by
        ``pilotes.web.security``) is refused with a message next to it."""
        held = g.get("nul_fields", ()) if has_request_context() else ()
        extra = dict(extra_validators or {})
        for field in self:
            if field.name in held:
                extra[field.short_name] = [*extra.get(field.short_name, ()), _held_a_nul_byte]
        return super().validate(extra)


class FrenchParseError:
    """A field mixin: what the field cannot parse is refused with ``parse_error`` (French),
    not WTForms' English message."""

    parse_error: str

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.parse_error) from None


def form_page(template: str, form, **context):
    """The page of ``form``: 422 when it shows errors (its answers kept), else 200."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def text(label: str, *, required=None, at_most=None, too_long=None, area=False, checks=()):
    """A text field as these forms write them: stripped; when ``required``, that French
    message if left empty; at most ``at_most`` characters (« Au plus N caractères. » unless
    ``too_long`` says it otherwise); then the other ``checks``. ``area``: a textarea."""
    validators = [InputRequired(required)] if required else []
    if at_most is not None:
        limit = f"Au plus {at_most:,} caractères.".replace(",", " ")
        validators.append(Length(max=at_most, message=too_long or limit))
    field = TextAreaField if area else StringField
    return field(label, filters=[strip], validators=[*validators, *checks])


def single_line(form, field) -> None:
    """A validator for fields that reach an email header, a subject or a file name."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(MESSAGE)


def check_email(field, required: bool = True) -> None:
    """A field's address, cleaned, or a French message next to it (empty: optional)."""
    if not field.data:
        if required:
            raise ValidationError("Saisissez votre adresse électronique.")
        return
    try:
        field.data = clean_email(field.data)
    except InvalidEmail as error:
        raise ValidationError(str(error)) from None
