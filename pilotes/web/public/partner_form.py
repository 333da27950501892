"""The form of a partner organisation volunteering to pilot the service."""

from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from pilotes.domain.identifiers import InvalidIdentifier, clean_phone, clean_siret
from pilotes.domain.partners import OFFER_MAX_LENGTH
from pilotes.models import ORGANISATION_TYPES
from pilotes.territories.lookup import InvalidTerritories
from pilotes.web.forms import Form, single_line, strip, text
from pilotes.web.public.forms import MultiCheckboxField, validate_email_field


def _clean(field, clean) -> None:
    """An optional identifier, written back as ``clean`` writes it, or its French message."""
    if field.data:
        try:
            field.data = clean(field.data)
        except InvalidIdentifier as error:
            raise ValidationError(str(error)) from None


class PartnerForm(Form):
    organisation_name = text(
        "Nom de l'organisation",
        required="Saisissez le nom de votre organisation.",
        at_most=200,
        too_long="Le nom doit faire au plus 200 caractères.",
        checks=[single_line],
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
    contact_name = text(
        "Votre nom et prénom",
        required="Saisissez votre nom et prénom.",
        at_most=150,
        checks=[single_line],
    )
    contact_role = text("Votre fonction (facultatif)", at_most=150, checks=[single_line])
    email = StringField("Votre adresse électronique professionnelle", filters=[strip])
    phone = StringField("Téléphone (facultatif)", filters=[strip])
    offer = text(
        "Ce que votre organisation peut apporter (facultatif)",
        at_most=OFFER_MAX_LENGTH,
        too_long=f"Au plus {OFFER_MAX_LENGTH} caractères.",
        area=True,
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
        _clean(field, clean_siret)

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
        _clean(field, clean_phone)

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
