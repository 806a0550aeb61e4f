from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Community, Membership

DATE = forms.DateInput(attrs={"type": "date"})


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Community.Kind.choices, initial="interest")
    privacy = forms.ChoiceField(label=_("Privacy"), choices=Community.Privacy.choices)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is this community for? Members and newcomers read this first."),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Description"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    business_goal = forms.CharField(label=_("Business goal"), required=False, max_length=2000)
    deliverable = forms.CharField(label=_("Deliverable"), required=False, max_length=2000)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial="member")
