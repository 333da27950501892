"""The form of a pilot round: its name, dates, a quota per group, and a few per département."""

from wtforms import SelectChoice, SelectField, StringField
from wtforms.fields import DateField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from pilotes.domain.panel import NAME_MAX_LENGTH, TARGET_MAX, QuotaRequest, RoundRequest
from pilotes.models import PANEL_GROUPS
from pilotes.web.forms import Form, FrenchParseError, single_line, strip
from pilotes.web.team.forms import FrenchInteger

TERRITORY_ROWS = 3  # enough for a round; more can be added in a later round
TARGET_RANGE = NumberRange(1, TARGET_MAX, f"Entre 1 et {TARGET_MAX} personnes.")


class FrenchDate(FrenchParseError, DateField):
    parse_error = "Indiquez une date, par exemple 01/12/2026."


class OptionalInteger(FrenchInteger):
    """A number that may be left empty (no quota)."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def _target(label: str) -> OptionalInteger:
    return OptionalInteger(label, validators=[Optional(), TARGET_RANGE])


class RoundForm(Form):
    name = StringField(
        "Nom de la campagne",
        filters=[strip],
        validators=[
            InputRequired("Donnez un nom à la campagne."),
            Length(max=NAME_MAX_LENGTH, message=f"Au plus {NAME_MAX_LENGTH} caractères."),
            single_line,
        ],
    )
    starts_on = FrenchDate("Début", validators=[InputRequired("Indiquez la date de début.")])
    ends_on = FrenchDate(
        "Fin (les réponses du panel sont effacées après ce jour)",
        validators=[InputRequired("Indiquez la date de fin.")],
    )

    def __init__(self, *args, territories: list[tuple[str, str, str | None]], **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, TERRITORY_ROWS + 1):
            self[f"t{n}_code"].choices = [SelectChoice("", "Choisissez un département")] + [
                SelectChoice(code, name) for code, name, _ in territories
            ]

    def national_fields(self):
        return [(group, self[f"q_{group}"]) for group in PANEL_GROUPS]

    def territory_rows(self):
        return [
            (self[f"t{n}_group"], self[f"t{n}_code"], self[f"t{n}_target"])
            for n in range(1, TERRITORY_ROWS + 1)
        ]

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("La date de fin doit suivre la date de début.")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for group, code, target in self.territory_rows():
            given = [bool(group.data), bool(code.data), target.data is not None]
            if any(given) and not all(given) and not target.errors:
                target.errors = [
                    *target.errors,
                    "Pour un quota par département, choisissez le groupe, le département "
                    "et le nombre de personnes.",
                ]
                valid = False
        if valid and not self.quotas():
            first = self.national_fields()[0][1]
            first.errors = [*first.errors, "Fixez au moins un quota, ici ou par département."]
            return False
        return valid

    def quotas(self) -> tuple[QuotaRequest, ...]:
        national = [
            QuotaRequest(group, field.data)
            for group, field in self.national_fields()
            if field.data is not None
        ]
        local = [
            QuotaRequest(group.data, target.data, code.data)
            for group, code, target in self.territory_rows()
            if group.data and code.data and target.data is not None
        ]
        return tuple(national + local)

    def round_request(self) -> RoundRequest:
        return RoundRequest(self.name.data, self.starts_on.data, self.ends_on.data, self.quotas())


for _group, _label in PANEL_GROUPS.items():
    setattr(RoundForm, f"q_{_group}", _target(_label))
for _n in range(1, TERRITORY_ROWS + 1):
    setattr(
        RoundForm,
        f"t{_n}_group",
        SelectField(
            f"Groupe (ligne {_n})",
            choices=[SelectChoice("", "Choisissez un groupe")]
            + [SelectChoice(k, v) for k, v in PANEL_GROUPS.items()],
            validate_choice=True,
        ),
    )
    setattr(RoundForm, f"t{_n}_code", SelectField(f"Département (ligne {_n})", choices=[]))
    setattr(RoundForm, f"t{_n}_target", _target(f"Nombre de personnes (ligne {_n})"))
