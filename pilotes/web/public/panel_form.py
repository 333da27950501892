"""The optional questions of the inclusive panel, asked on the volunteer form with a
consent of their own (health-related data, RGPD art. 9.2.a)."""

from wtforms import BooleanField, RadioField, SelectChoice
from wtforms.validators import Optional, ValidationError

from pilotes.domain.inclusion import InclusionRequest
from pilotes.models import ACCESS_NEEDS, DIGITAL_AUTONOMY, HELPED_ONLINE
from pilotes.web.public.fields import MultiCheckboxField

NO_ANSWER = SelectChoice("", "Je préfère ne pas répondre")
# The DSFR pictogram of each level of digital autonomy (radio rich), decorative.
AUTONOMY_PICTOGRAMS = {
    "": None,
    "1": "internet",
    "2": "avatar",
    "3": "mail-send",
    "4": "application",
    "5": "self-training",
}
WITHOUT_CONSENT = (
    "Vous avez répondu aux questions facultatives sans cocher cette case : vos réponses "
    "ne seront pas enregistrées. Cochez-la pour qu'elles le soient, ou retirez vos réponses."
)


class PanelQuestions:
    """Fields and checks shared by the forms that ask the panel's questions (a mixin)."""

    access_needs = MultiCheckboxField(
        "Avez-vous des besoins particuliers pour utiliser un service en ligne ? (facultatif)",
        choices=[SelectChoice(value, label) for value, label in ACCESS_NEEDS.items()],
    )
    digital_autonomy = RadioField(
        "Avec internet et les démarches en ligne, vous diriez que… (facultatif)",
        choices=[NO_ANSWER] + [SelectChoice(k, v) for k, v in DIGITAL_AUTONOMY.items()],
        default="",
        validators=[Optional()],
    )
    helped_online = RadioField(
        "Quelqu'un vous aide-t-il à faire des choses en ligne ? (facultatif)",
        choices=[NO_ANSWER] + [SelectChoice(k, v) for k, v in HELPED_ONLINE.items()],
        default="",
        validators=[Optional()],
    )
    inclusion_consent = BooleanField("J'accepte que ces réponses soient conservées")

    def validate_access_needs(self, field):
        if set(field.data or ()) - set(ACCESS_NEEDS):
            raise ValidationError("Choisissez parmi les besoins proposés.")

    def inclusion_request(self) -> InclusionRequest:
        return InclusionRequest(
            access_needs=tuple(self.access_needs.data or ()),
            digital_autonomy=self.digital_autonomy.data or None,
            helped_online=self.helped_online.data or None,
            consent=bool(self.inclusion_consent.data),
        )

    def validate_inclusion_consent(self, field):
        """Answers without the box are not kept: say so next to the box, keep the rest."""
        if self.inclusion_request().given and not field.data:
            raise ValidationError(WITHOUT_CONSENT)
