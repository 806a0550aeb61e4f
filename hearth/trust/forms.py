from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ModerationAction, Report
from .services import MAX_DETAIL, MAX_SUSPENSION_DAYS


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Details for the moderators"), required=False, max_length=MAX_DETAIL,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author never learns who reported."),
    )  # fmt: skip


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"), choices=ModerationAction.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (the author reads it)"), required=False, max_length=MAX_DETAIL,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    days = forms.IntegerField(
        label=_("Suspension, in days"), required=False, min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
    )  # fmt: skip


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should it be looked at again?"), max_length=MAX_DETAIL,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("uphold", _("Uphold the action")), ("overturn", _("Overturn it"))],
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason (the author reads it)"), max_length=MAX_DETAIL,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
