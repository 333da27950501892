"""Forms of the citizen journey. Text is stripped; messages are in French."""

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from pilotes.domain.demands import COMMENT_MAX_LENGTH
from pilotes.domain.volunteers import AVAILABILITY_MAX_LENGTH
from pilotes.models import PROFILES, WAYS
from pilotes.territories.lookup import Lookup
from pilotes.web.forms import Form, check_email, strip, text
from pilotes.web.public.fields import MultiCheckboxField
from pilotes.web.public.panel_form import PanelQuestions


class PostalCodeForm(Form):
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


class DemandForm(Form):
    """Step 3 where the service is not open yet: "I want it here".

    No CSRF field of its own: ``CSRFProtect`` checks every POST before the view, and the
    page asks for the token (``csrf_token()``) only when it is shown, so the POST that
    files a demand (the hot path) signs none.
    """

    class Meta:
        csrf = False

    code_postal = HiddenField(filters=[strip])
    commune = HiddenField(filters=[strip])
    # When the form was shown (signed), and a field people never see: bots give themselves away.
    t = HiddenField()
    site_web = StringField("Ne remplissez pas ce champ")
    # The version of the consent text the page showed by the email field: the one recorded.
    consentement = HiddenField()
    email = StringField(
        "Votre adresse électronique, pour être prévenu ou prévenue de l'ouverture (facultatif)",
        filters=[strip],
    )
    profile = RadioField(
        "Vous êtes (facultatif)",
        choices=[SelectChoice("", "Je préfère ne pas répondre")]
        + [SelectChoice(value, label) for value, label in PROFILES.items()],
        default="",
        validators=[Optional()],
    )
    comment = text(
        "Un commentaire (facultatif)",
        at_most=COMMENT_MAX_LENGTH,
        too_long=f"Votre commentaire doit faire au plus {COMMENT_MAX_LENGTH} caractères.",
        area=True,
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
        check_email(field, required=False)


def required(message: str):
    return InputRequired(message=message)


class PlaceForm(Form):
    """A postal code, and the commune when the code covers several: one page, no JavaScript."""

    code_postal = StringField("Votre code postal", filters=[strip])
    commune = RadioField("Votre commune", choices=[], validate_choice=False)

    def __init__(self, *args, lookup: Lookup, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup
        self.commune.choices = [SelectChoice(p.code, p.label) for p in lookup.places]

    @property
    def place(self):
        if not self.lookup.ok:
            return None
        if len(self.lookup.places) == 1:
            return self.lookup.places[0]
        return self.lookup.find(self.commune.data)

    @property
    def needs_commune(self) -> bool:
        return self.lookup.ok and len(self.lookup.places) > 1

    def validate_code_postal(self, field):
        if not self.lookup.ok:
            raise ValidationError(self.lookup.error)

    def validate_commune(self, field):
        if self.needs_commune and self.place is None:
            raise ValidationError("Choisissez votre commune dans la liste.")


def validate_email_field(field):
    check_email(field)


class VolunteerForm(PanelQuestions, PlaceForm):
    email = StringField("Votre adresse électronique", filters=[strip])
    ways = MultiCheckboxField(
        "Comment souhaitez-vous participer ?",
        choices=[SelectChoice(value, label) for value, label in WAYS.items()],
    )
    availability = text(
        "Vos disponibilités (facultatif)",
        at_most=AVAILABILITY_MAX_LENGTH,
        too_long=f"Au plus {AVAILABILITY_MAX_LENGTH} caractères.",
        area=True,
    )
    consent = BooleanField("J'accepte que l'équipe du service me contacte pour les tests")

    def validate_email(self, field):
        validate_email_field(field)

    def validate_ways(self, field):
        if not field.data:
            raise ValidationError("Choisissez au moins une façon de participer.")
        if set(field.data) - set(WAYS):
            raise ValidationError("Choisissez parmi les façons proposées.")

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(
                "Cochez cette case : sans votre accord, l'équipe ne peut pas vous contacter."
            )


class DataCopyForm(Form):
    email = StringField("Votre adresse électronique", filters=[strip])

    def validate_email(self, field):
        validate_email_field(field)
