"""The form that answers an idea."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IdeaStatusChange, Status


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=IdeaStatusChange._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline. Everyone who follows the idea reads it."),
    )
    merged_into = forms.TypedChoiceField(
        label=_("Merged into"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args, merge_choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        merged_into = cast(forms.TypedChoiceField, self.fields["merged_into"])
        merged_into.choices = [("", "—"), *merge_choices]
