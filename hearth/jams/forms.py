from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.conversations.models import Post
from hearth.core.rules import bounds, limit
from hearth.core.web import DATETIME_LOCAL, DateTimeLocal
from hearth.people.models import Department, Location, Person

from .models import Alert, Jam
from .services import ThemeIn

GOAL_LEAST, GOAL_MOST = bounds(Jam, "goal_pct")

USERNAME = re.compile(r"@([\w.+-]+)")


def parse_themes(text: str) -> list[ThemeIn]:
    """One theme per line: its title, then its facilitators' @usernames."""
    themes = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        facilitators = USERNAME.findall(line)
        title = USERNAME.sub("", line).strip(" :-–—\t")
        themes.append(ThemeIn(title=title, facilitators=facilitators))
    return themes


def usernames(text: str) -> list[str]:
    return [w.lstrip("@") for w in re.split(r"[\s,;]+", text or "") if w.strip("@ ")]


class JamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=limit(Jam, "title"))
    challenge = forms.CharField(
        label=_("The challenge"),
        max_length=limit(Jam, "challenge"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The strategic question people will work on, in a few sentences."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts (your time)"), widget=DateTimeLocal(), input_formats=[DATETIME_LOCAL]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (your time)"),
        widget=DateTimeLocal(),
        input_formats=[DATETIME_LOCAL],
        help_text=_("Jams usually last 72 hours."),
    )
    themes = forms.CharField(
        label=_("Themes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Two to eight, one per line: the theme's title, then its facilitators' "
            "@usernames, e.g. “Customer experience @victor @maria”."
        ),
    )
    hosts = forms.CharField(label=_("Hosts"), help_text=_("@usernames of the executives hosting."))
    serves = forms.ChoiceField(label=_("Serves the community of purpose"), required=False)
    audience_departments = forms.MultipleChoiceField(
        label=_("Audience: departments"),
        required=False,
        help_text=_("Leave the audience empty for everyone."),
    )
    audience_locations = forms.MultipleChoiceField(label=_("Audience: locations"), required=False)
    audience_countries = forms.CharField(
        label=_("Audience: countries"),
        required=False,
        help_text=_("Two-letter codes, e.g. ES PT."),
    )
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous contributions"), required=False)
    goal_pct = forms.IntegerField(
        # xgettext:no-python-format (a percent sign, not a placeholder)
        label=_("Participation goal (% of the audience)"),
        initial=50,
        min_value=GOAL_LEAST,
        max_value=GOAL_MOST,
    )

    def __init__(self, *args, purpose_communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serves"].choices = [("", "—")] + [
            (c.slug, c.name) for c in purpose_communities
        ]
        self.fields["audience_departments"].choices = [
            (d.name, d.name) for d in Department.objects.all()
        ]
        self.fields["audience_locations"].choices = [
            (loc.name, loc.name) for loc in Location.objects.all()
        ]


class JamEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=limit(Jam, "title"))
    challenge = forms.CharField(
        label=_("The challenge"),
        max_length=limit(Jam, "challenge"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts (your time)"), widget=DateTimeLocal(), input_formats=[DATETIME_LOCAL]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (your time)"), widget=DateTimeLocal(), input_formats=[DATETIME_LOCAL]
    )
    goal_pct = forms.IntegerField(
        # xgettext:no-python-format (a percent sign, not a placeholder)
        label=_("Participation goal (% of the audience)"),
        min_value=GOAL_LEAST,
        max_value=GOAL_MOST,
    )
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous contributions"), required=False)


class ContributeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        widget=forms.RadioSelect,
        initial="idea",
        choices=[
            ("idea", _("An idea")),
            ("question", _("A question")),
            ("update", _("A thought for the discussion")),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=limit(Post, "title"), required=False)
    body = forms.CharField(
        label=_("Your contribution"),
        max_length=limit(Post, "body"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    anonymous = forms.BooleanField(label=_("Post as “Anonymous colleague”"), required=False)


class AlertForm(forms.Form):
    body = forms.CharField(
        label=_("Alert"), max_length=limit(Alert, "body"), widget=forms.Textarea(attrs={"rows": 2})
    )
    theme = forms.ChoiceField(label=_("To"), required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Everyone in the audience"))] + [
            (str(t.pk), _("Participants of “%(theme)s”") % {"theme": t.title}) for t in themes
        ]


class FollowUpForm(forms.Form):
    selected = forms.BooleanField(label=_("Selected for follow-up"), required=False)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=limit(Person, "username"))
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of what the jam produced"),
        max_length=limit(Jam, "report_summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
