"""Forms of the citizen journey. Text is stripped; messages are in French."""

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pilotes.domain.demands import COMMENT_MAX_LENGTH
from pilotes.domain.identifiers import InvalidIdentifier, clean_phone, clean_siret
from pilotes.domain.partners import OFFER_MAX_LENGTH
from pilotes.domain.volunteers import AVAILABILITY_MAX_LENGTH
from pilotes.models import ORGANISATION_TYPES, PROFILES, WAYS
from pilotes.territories.lookup import InvalidTerritories, Lookup
from pilotes.web.forms import Form, check_email, strip


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
    """Step 3 where the service is not open yet: "I want it here"."""

    code_postal = HiddenField(filters=[strip])
    commune = HiddenField(filters=[strip])
    # When the form was shown (signed), and a field people never see: bots give themselves away.
    t = HiddenField()
    site_web = StringField("Ne remplissez pas ce champ")
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
        check_email(field, required=False)

    def validate_consent(self, field):
        if self.email.data and not field.data:
            raise ValidationError(
                "Cochez cette case pour que nous puissions vous prévenir, "
                "ou laissez l'adresse électronique vide."
            )


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; the template renders them with the DSFR markup."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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


class VolunteerForm(PlaceForm):
    email = StringField("Votre adresse électronique", filters=[strip])
    ways = MultiCheckboxField(
        "Comment souhaitez-vous participer ?",
        choices=[SelectChoice(value, label) for value, label in WAYS.items()],
    )
    availability = TextAreaField(
        "Vos disponibilités (facultatif)",
        filters=[strip],
        validators=[
            Length(
                max=AVAILABILITY_MAX_LENGTH,
                message=f"Au plus {AVAILABILITY_MAX_LENGTH} caractères.",
            )
        ],
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


class PartnerForm(Form):
    organisation_name = StringField(
        "Nom de l'organisation",
        filters=[strip],
        validators=[
            required("Saisissez le nom de votre organisation."),
            Length(max=200, message="Le nom doit faire au plus 200 caractères."),
        ],
    )
    organisation_type = SelectField(
        "Type d'organisation",
        choices=[SelectChoice("", "Choisissez un type")]
        + [SelectChoice(value, label) for value, label in ORGANISATION_TYPES.items()],
        validate_choice=False,
    )
    siret = StringField("Numéro SIRET (facultatif)", filters=[strip])
    territories = MultiCheckboxField("Territoires couverts", choices=[], validate_choice=False)
    territory_codes = TextAreaField("Communes couvertes", filters=[strip])
    contact_name = StringField(
        "Votre nom et prénom",
        filters=[strip],
        validators=[
            required("Saisissez votre nom et prénom."),
            Length(max=150, message="Au plus 150 caractères."),
        ],
    )
    contact_role = StringField(
        "Votre fonction (facultatif)",
        filters=[strip],
        validators=[Length(max=150, message="Au plus 150 caractères.")],
    )
    email = StringField("Votre adresse électronique professionnelle", filters=[strip])
    phone = StringField("Téléphone (facultatif)", filters=[strip])
    offer = TextAreaField(
        "Ce que votre organisation peut apporter (facultatif)",
        filters=[strip],
        validators=[
            Length(max=OFFER_MAX_LENGTH, message=f"Au plus {OFFER_MAX_LENGTH} caractères.")
        ],
    )
    capacity = StringField(
        "Nombre d'usagers que vous pourriez accompagner (facultatif)", filters=[strip]
    )
    consent = BooleanField(
        "J'accepte que l'équipe du service conserve ces informations pour me recontacter"
    )

    def __init__(self, *args, level: str, options: list, resolve_communes=None, **kwargs):
        """``options``: (code, name, group) to tick for a région or département level;
        ``resolve_communes(text) -> codes`` (or InvalidTerritories) for a commune level."""
        super().__init__(*args, **kwargs)
        self.level = level
        self.resolve_communes = resolve_communes
        self.territories.choices = [
            SelectChoice(code, name, optgroup=group) for code, name, group in options
        ]
        self.territories.label.text = {
            "region": "Régions couvertes",
            "departement": "Départements couverts",
        }.get(level, "Communes couvertes")
        self.resolved_codes: tuple[str, ...] = ()

    def validate_organisation_type(self, field):
        if field.data not in ORGANISATION_TYPES:
            raise ValidationError("Choisissez le type de votre organisation.")

    def validate_siret(self, field):
        if field.data:
            try:
                field.data = clean_siret(field.data)
            except InvalidIdentifier as error:
                raise ValidationError(str(error)) from None

    def validate_territories(self, field):
        if self.level == "commune":
            return
        known = {choice.value for choice in field.choices}
        codes = list(dict.fromkeys(code for code in field.data or [] if code in known))
        if not codes:
            raise ValidationError("Cochez au moins un territoire couvert par votre organisation.")
        self.resolved_codes = tuple(codes)

    def validate_territory_codes(self, field):
        if self.level != "commune":
            return
        try:
            self.resolved_codes = self.resolve_communes(field.data or "")
        except InvalidTerritories as error:
            raise ValidationError(str(error)) from None

    def validate_email(self, field):
        validate_email_field(field)

    def validate_phone(self, field):
        if field.data:
            try:
                field.data = clean_phone(field.data)
            except InvalidIdentifier as error:
                raise ValidationError(str(error)) from None

    def validate_capacity(self, field):
        if field.data:
            if not field.data.isdigit() or int(field.data) > 10_000_000:
                raise ValidationError("Indiquez un nombre entier, par exemple 50.")
            field.data = int(field.data)
        else:
            field.data = None

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError("Cochez cette case pour que l'équipe puisse vous recontacter.")


class DataCopyForm(Form):
    email = StringField("Votre adresse électronique", filters=[strip])

    def validate_email(self, field):
        validate_email_field(field)
