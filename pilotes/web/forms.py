"""The base of every form: French messages from WTForms' own translations."""

from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from pilotes.domain.email_address import InvalidEmail, clean_email
from pilotes.infra.single_line import MESSAGE, has_control_characters


def strip(value):
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        locales = ("fr_FR", "fr")


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
