"""Forms of the citizen journey. Text is stripped; messages are in French."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError

from pilotes.demands import COMMENT_MAX_LENGTH
from pilotes.email_address import InvalidEmail, clean_email
from pilotes.models import PROFILES
from pilotes.territories.lookup import Lookup


def strip(value):
    return value.strip() if isinstance(value, str) else value


class PostalCodeForm(FlaskForm):
    """Step 1, sent with GET: nothing changes on the server, so no CSRF token."""

    class Meta:
        csrf = False

    code_postal = StringField("Votre code postal", filters=[strip])

    def __init__(self, *args, lookup: Lookup | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def validate_code_postal(self, field):
        if self.lookup is not None and not self.lookup.ok:
            raise ValidationError(self.lookup.error)


class CommuneForm(PostalCodeForm):
    """Step 2 when a postal code covers several communes."""

    commune = RadioField("Votre commune", choices=[], validate_choice=False)
    # Tells a first arrival on the list from a list sent with nothing chosen.
    etape = HiddenField(default="commune")

    def __init__(self, *args, lookup: Lookup, **kwargs):
        super().__init__(*args, lookup=lookup, **kwargs)
        self.commune.choices = [SelectChoice(place.code, place.label) for place in lookup.places]

    def validate_commune(self, field):
        if self.lookup.ok and self.lookup.find(field.data) is None:
            raise ValidationError("Choisissez votre commune dans la liste.")


class DemandForm(FlaskForm):
    """Step 3 where the service is not open yet: "I want it here"."""

    code_postal = HiddenField(filters=[strip])
    commune = HiddenField(filters=[strip])
    email = StringField("Votre adresse électronique (facultatif)", filters=[strip])
    consent = BooleanField("J'accepte que mon adresse soit conservée pour être prévenu ou prévenue")
    profile = RadioField(
        "Vous êtes (facultatif)",
        choices=[SelectChoice(value, label) for value, label in PROFILES.items()],
        validators=[Optional()],
    )
    comment = TextAreaField(
        "Un commentaire (facultatif)",
        filters=[strip],
        validators=[
            Length(
                max=COMMENT_MAX_LENGTH,
                message=f"Votre commentaire doit faire au plus {COMMENT_MAX_LENGTH} caractères.",
            )
        ],
    )

    def __init__(self, *args, lookup: Lookup, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def validate_code_postal(self, field):
        if not self.lookup.ok:
            raise ValidationError(self.lookup.error)

    def validate_commune(self, field):
        if self.lookup.ok and self.lookup.find(field.data) is None:
            raise ValidationError("Choisissez votre commune.")

    def validate_email(self, field):
        if field.data:
            try:
                field.data = clean_email(field.data)
            except InvalidEmail as error:
                raise ValidationError(str(error)) from None

    def validate_consent(self, field):
        if self.email.data and not field.data:
            raise ValidationError(
                "Cochez cette case pour que nous puissions vous prévenir, "
                "ou laissez l'adresse électronique vide."
            )
