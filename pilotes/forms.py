"""The base of every form: French messages from WTForms' own translations."""

from flask_wtf import FlaskForm


def strip(value):
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        locales = ("fr_FR", "fr")
