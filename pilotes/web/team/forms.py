"""Forms of the team workspace. Text is stripped; messages are in French."""

from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateTimeLocalField, IntegerField
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from pilotes.models import (
    AFTER_OPENING,
    EMBED_ORIGIN_RE,
    LEVEL_LABELS,
    LEVELS,
    PHASES,
    ROLES,
    THRESHOLD_BOUNDS,
)
from pilotes.web.forms import Form, FrenchParseError, check_email, single_line, strip, text
from pilotes.web.public.forms import MultiCheckboxField


def _choices(options: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in options.items()]


class EmailMixin:
    def validate_email(self, field):
        check_email(field)


class SignInForm(EmailMixin, Form):
    email = StringField("Adresse électronique", filters=[strip])
    password = PasswordField("Mot de passe (facultatif)")
    next = HiddenField()


class PasswordForm(Form):
    password = PasswordField(
        "Nouveau mot de passe",
        validators=[Length(min=12, message="Au moins 12 caractères.")],
    )
    confirm = PasswordField("Confirmez le mot de passe")

    def validate_confirm(self, field):
        if field.data != self.password.data:
            raise ValidationError("Les deux mots de passe sont différents.")


class FrenchInteger(FrenchParseError, IntegerField):
    """An integer field whose parse error is in French."""

    parse_error = "Indiquez un nombre en chiffres, par exemple 50."

    def pre_validate(self, form):
        if self.process_errors:  # one message, not the range's on top of the parse error
            raise StopValidation()


def _optional_match(label: str, pattern: str, message: str):
    """An optional text matching ``pattern`` (else ``message``); left empty, it is None."""
    return StringField(
        label,
        filters=[strip, lambda value: value or None],
        validators=[Optional(), Regexp(pattern, message=message)],
    )


class ServiceForm(Form):
    """Every field of a service's page and settings."""

    name = text(
        "Nom du service",
        required="Saisissez le nom du service.",
        at_most=150,
        checks=[single_line],
    )
    tagline = text("Accroche", at_most=250)
    problem = TextAreaField("Le problème (Markdown)", filters=[strip])
    description = TextAreaField("Ce que fait le service (Markdown)", filters=[strip])
    phase = SelectField("Phase", choices=_choices(PHASES))
    contact_email = StringField("Adresse de contact de l'équipe", filters=[strip])

    def validate_contact_email(self, field):
        check_email(field, required=False)


class SettingsForm(Form):
    """What only owners change: retention, what happens at opening, limits."""

    retention_days = FrenchInteger(
        "Durée de conservation des données personnelles (jours)",
        validators=[NumberRange(1, 3650, "Entre 1 et 3 650 jours.")],
    )
    after_opening = SelectField(
        "Après l'ouverture d'un territoire", choices=_choices(AFTER_OPENING)
    )
    contact_limit_per_month = FrenchInteger(
        "Nombre maximum de sollicitations d'un volontaire par mois",
        validators=[NumberRange(1, 10, "Entre 1 et 10.")],
    )
    notify_partners_on_goal = BooleanField(
        "Prévenir les partenaires d'un territoire quand il atteint son objectif"
    )
    suppression_threshold = FrenchInteger(
        "Seuil de confidentialité des chiffres publics",
        validators=[
            NumberRange(
                *THRESHOLD_BOUNDS,
                f"Entre {THRESHOLD_BOUNDS[0]} et {THRESHOLD_BOUNDS[1]} (11 est la règle de "
                "l'Insee pour des comptes de personnes).",
            )
        ],
    )
    embed_origins = TextAreaField(
        "Sites autorisés à afficher la carte et le formulaire intégrables (un par ligne)",
        filters=[strip],
    )

    feedback_demarche_id = _optional_match(
        "« Je donne mon avis » : numéro de la démarche",
        r"^\d{1,10}$",
        "Le numéro de la démarche : des chiffres, par exemple 3540.",
    )
    feedback_button_key = _optional_match(
        "« Je donne mon avis » : clé du bouton",
        r"^[A-Za-z0-9_-]{1,64}$",
        "La clé du bouton : lettres, chiffres, tirets, par exemple 3732.",
    )

    def validate(self, extra_validators=None) -> bool:
        """The feedback button needs both numbers: one without the other leads nowhere."""
        valid = super().validate(extra_validators)
        key = self.feedback_button_key
        if bool(key.data) != bool(self.feedback_demarche_id.data) and not key.errors:
            key.errors = ["Donnez le numéro de la démarche et la clé du bouton, ou aucun."]
            return False
        return valid

    def process_embed_origins(self, origins: list[str]) -> None:
        """Show the stored list one origin per line."""
        self.embed_origins.data = "\n".join(origins or [])

    def validate_embed_origins(self, field):
        origins = [
            line.strip().rstrip("/") for line in (field.data or "").splitlines() if line.strip()
        ]
        for origin in origins:
            if origin.lower().startswith("http://"):
                raise ValidationError(
                    f"« {origin} » n'est pas sécurisé : seuls les sites en https:// peuvent "
                    "afficher la carte et le formulaire, par exemple https://mon-service.gouv.fr"
                )
            if not EMBED_ORIGIN_RE.match(origin):
                raise ValidationError(
                    f"« {origin} » n'est pas une origine : par exemple https://mon-service.gouv.fr"
                )
        field.data = origins


class NewServiceForm(ServiceForm):
    slug = text(
        "Adresse (slug)", required="Saisissez l'adresse du service, par exemple mdph-en-ligne."
    )
    level = SelectField(
        "Niveau territorial",
        choices=_choices({level: LEVEL_LABELS[level].capitalize() for level in LEVELS}),
    )
    owner_email = StringField("Adresse du premier responsable", filters=[strip])

    def validate_owner_email(self, field):
        check_email(field)


def _territory_code():
    return text(
        "Territoire (nom ou code)",
        required="Saisissez un nom ou un code, par exemple Gironde ou 33.",
    )


class TerritoryForm(Form):
    code = _territory_code()
    url = StringField(
        "Où utiliser le service là-bas (facultatif)",
        filters=[strip],
        validators=[Optional(), Length(max=500)],
    )

    def validate_url(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError("L'adresse doit commencer par https://")


GOAL_UNITS = {
    "demandes": "un nombre de demandes confirmées",
    "taux": "un nombre de demandes confirmées pour 100 000 habitants",
}


class GoalForm(Form):
    code = _territory_code()
    goal = FrenchInteger(
        "Objectif (demandes confirmées, 0 pour l'enlever)",
        validators=[NumberRange(0, 10_000_000, "Indiquez un nombre entre 0 et 10 000 000.")],
    )
    unit = RadioField(
        "L'objectif est",
        choices=_choices(GOAL_UNITS),
        default="demandes",
        validators=[InputRequired("Choisissez l'unité de l'objectif.")],
    )

    def validate_goal(self, field):
        if self.unit.data == "taux" and field.data and field.data > 100_000:
            raise ValidationError("Un taux pour 100 000 habitants ne dépasse pas 100 000.")


class StatusForm(Form):
    status = SelectField("Statut", choices=[])
    note = text("Note (facultatif)", at_most=2000, area=True)

    def __init__(self, *args, statuses: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = _choices(statuses)


class NoteForm(Form):
    body = text("Note", required="La note est vide.", at_most=2000, area=True)


class ContactForm(Form):
    subject = text("Objet", required="Saisissez un objet.", at_most=150, checks=[single_line])
    message = text("Message", required="Saisissez un message.", at_most=5000, area=True)


class InviteForm(EmailMixin, Form):
    email = StringField("Adresse électronique", filters=[strip])
    role = SelectField("Rôle", choices=_choices(ROLES))


class RoleForm(Form):
    role = SelectField("Rôle", choices=_choices(ROLES))


class InvalidationForm(Form):
    ip_range = StringField("Plage d'adresses (facultatif)", filters=[strip])
    email_domain = StringField("Domaine des adresses électroniques (facultatif)", filters=[strip])
    since = DateTimeLocalField(
        "Depuis (heure de Paris, facultatif)", format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    until = DateTimeLocalField(
        "Jusqu'à (heure de Paris, facultatif)", format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )


class FlagReviewForm(Form):
    demands = MultiCheckboxField("Demandes mises de côté", coerce=int, choices=[])

    def validate_demands(self, field):
        if not field.data:
            raise ValidationError("Cochez au moins une demande à rétablir ou à invalider.")
