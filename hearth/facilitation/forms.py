from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.communities.models import Proposal
from hearth.core.rules import limit
from hearth.people.models import Person

from .models import Introduction


class PreferenceForm(forms.Form):
    opted_out = forms.BooleanField(label=_("Do not suggest me as an expert"), required=False)
    away_until = forms.DateField(
        label=_("Away until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class IntroduceForm(forms.Form):
    first = forms.CharField(max_length=limit(Person, "username"), widget=forms.HiddenInput)
    second = forms.CharField(max_length=limit(Person, "username"), widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("A note to both"),
        required=False,
        max_length=limit(Introduction, "note"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    community = forms.CharField(required=False, widget=forms.HiddenInput)


class HelloForm(forms.Form):
    community = forms.ChoiceField(label=_("Where"))
    body = forms.CharField(
        label=_("Say who you are and what you work on"),
        max_length=limit(Proposal, "body"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.slug, c.name) for c in places]
