"""Forms of the mediator accounts: opening one (owners), recording a demand (mediators)."""

from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import ValidationError

from pilotes.domain.mediators import ORGANISATION_MAX_LENGTH
from pilotes.models import MEDIATOR_KINDS
from pilotes.web.forms import Form, check_email, single_line, strip
from pilotes.web.public.forms import PlaceForm


class MediatorInviteForm(Form):
    email = StringField("Adresse électronique de la personne qui se connectera", filters=[strip])
    organisation = StringField("Nom de l'organisation", filters=[strip], validators=[single_line])
    kind = SelectField(
        "Type d'organisation",
        choices=[SelectChoice(value, label) for value, label in MEDIATOR_KINDS.items()],
    )

    def validate_email(self, field):
        check_email(field)

    def validate_organisation(self, field):
        if not field.data or len(field.data) > ORGANISATION_MAX_LENGTH:
            raise ValidationError(
                f"Indiquez le nom de l'organisation ({ORGANISATION_MAX_LENGTH} caractères au plus)."
            )


class AccompaniedDemandForm(PlaceForm):
    """The public journey's postal code and commune, the person's oral consent, no email."""

    code_postal = StringField("Code postal de la personne", filters=[strip])
    commune = RadioField("Commune de la personne", choices=[], validate_choice=False)
    oral_consent = BooleanField("La personne a donné son accord à l'oral")

    def validate_oral_consent(self, field):
        if not field.data:
            raise ValidationError(
                "Cochez cette case après avoir lu le texte à la personne et obtenu son accord : "
                "sans accord, la demande n'est pas enregistrée."
            )
