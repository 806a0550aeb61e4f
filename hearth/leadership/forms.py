from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import limit
from hearth.core.web import DATETIME_LOCAL, DateTimeLocal

from .models import Ama, Draft


class DraftForm(forms.Form):
    leader = forms.ChoiceField(label=_("For"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("update", _("Update")),
            ("article", _("Article")),
            ("announcement", _("Announcement")),
            ("idea", _("Idea")),
        ],
    )
    community = forms.ChoiceField(label=_("Where"), required=False)
    title = forms.CharField(label=_("Title"), max_length=limit(Draft, "title"), required=False)
    body = forms.CharField(
        label=_("Draft"), max_length=limit(Draft, "body"), widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, leaders=(), communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [(p.username, p.name) for p in leaders]
        self.fields["community"].choices = [("", _("Their profile (company-wide)"))] + [
            (c.slug, c.name) for c in communities
        ]


class ApproveForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=limit(Draft, "title"), required=False)
    body = forms.CharField(
        label=_("Text"), max_length=limit(Draft, "body"), widget=forms.Textarea(attrs={"rows": 8})
    )


class AmaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=limit(Ama, "title"))
    description = forms.CharField(
        label=_("What you would like to be asked about"),
        max_length=limit(Ama, "description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts (your time)"), widget=DateTimeLocal(), input_formats=[DATETIME_LOCAL]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (your time)"),
        widget=DateTimeLocal(),
        input_formats=[DATETIME_LOCAL],
        help_text=_("Questions are taken until then; an hour or two is usual, 7 days at most."),
    )
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous questions"), required=False)


class AskForm(forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=limit(Draft, "body"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(label=_("Ask as “Anonymous colleague”"), required=False)


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=limit(Draft, "body"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
