from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import limit

from .models import KINDS, Subscription


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Send to (URL)"),
        max_length=limit(Subscription, "url"),
        assume_scheme="https",
        help_text=_("An https:// address of the system that listens."),
    )
    description = forms.CharField(
        label=_("What it is for"), required=False, max_length=limit(Subscription, "description")
    )
    kinds = forms.MultipleChoiceField(
        label=_("Events"), choices=list(KINDS.items()), widget=forms.CheckboxSelectMultiple
    )
    community = forms.ChoiceField(label=_("Where"), required=False)
    include_restricted = forms.BooleanField(
        label=_("Include private and secret communities (administrators only)"),
        required=False,
        help_text=_("Anonymous posts never carry their author."),
    )

    def __init__(self, *args, places=(), company: bool = False, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole company"))] if company else []
        where = cast(forms.ChoiceField, self.fields["community"])
        where.choices = choices + [(c.slug, c.name) for c in places]
        if editing:
            del self.fields["community"]
        if not company:
            del self.fields["include_restricted"]
