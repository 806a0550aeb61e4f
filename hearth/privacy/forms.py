from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import limit
from hearth.people.models import Person


class EraseForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What happens to what they wrote"),
        choices=[
            ("pseudonymise", _("Keep it, shown as by a former colleague (pseudonymise)")),
            ("remove", _("Delete it and purge its text and files now (remove)")),
        ],
        widget=forms.RadioSelect,
        initial="pseudonymise",
    )
    reason = forms.CharField(
        label=_("Reason (goes into the audit log)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirm = forms.CharField(
        label=_("Type the username to confirm"),
        max_length=limit(Person, "username"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
