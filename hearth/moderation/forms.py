from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import bounds, limit
from hearth.trust.models import ContentFilter

from .models import Appeal, ModerationAction, Report, RevealRequest

SUSPENSION_LEAST, SUSPENSION_MOST = bounds(ModerationAction, "days")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Details for the moderators"),
        required=False,
        max_length=limit(Report, "detail"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author never learns who reported."),
    )


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"), choices=ModerationAction.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (the author reads it)"),
        required=False,
        max_length=limit(ModerationAction, "reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    days = forms.IntegerField(
        label=_("Suspension, in days"),
        required=False,
        min_value=SUSPENSION_LEAST,
        max_value=SUSPENSION_MOST,
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should it be looked at again?"),
        max_length=limit(Appeal, "text"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("uphold", _("Uphold the action")), ("overturn", _("Overturn it"))],
    )
    reason = forms.CharField(
        label=_("Reason (the author reads it)"),
        max_length=limit(Appeal, "decision_reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevealRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the author be revealed?"),
        max_length=limit(RevealRequest, "reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Recorded in the audit log and shown to the author. A second administrator "
            "must approve within the day."
        ),
    )


class RevealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Approve: reveal the author to both of us")),
            ("refuse", _("Refuse")),
        ],
    )
    decision_reason = forms.CharField(
        label=_("Your reason"),
        max_length=limit(RevealRequest, "decision_reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FilterForm(forms.Form):
    pattern = forms.CharField(
        label=_("Word, phrase or pattern"), max_length=limit(ContentFilter, "pattern")
    )
    is_regex = forms.BooleanField(
        label=_("It is a regular expression"),
        required=False,
        help_text=_("Otherwise the words match as whole words, in any case."),
    )
    action = forms.ChoiceField(
        label=_("When a text matches"),
        choices=ContentFilter.Action.choices,
        widget=forms.RadioSelect,
        initial=ContentFilter.Action.HOLD,
    )
    message = forms.CharField(
        label=_("Message to the writer (when blocked)"),
        required=False,
        max_length=limit(ContentFilter, "message"),
    )
    community = forms.ChoiceField(label=_("Where"), required=False)

    def __init__(self, *args, communities, everywhere: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everywhere"))] if everywhere else []
        community = cast(forms.ChoiceField, self.fields["community"])
        community.choices = choices + [(c.slug, c.name) for c in communities]
        self.fields["community"].required = not everywhere
