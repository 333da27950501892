"""Field types the forms share."""

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; the template renders them with the DSFR markup."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
