from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import limit
from hearth.people.models import Department, Location, Person, Tag

from .models import Community, Invitation, KeyResult, KeyResultUpdate, Membership, Proposal

DATE = forms.DateInput(attrs={"type": "date"})


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limit(Community, "name"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Community.Kind.choices, initial="interest")
    privacy = forms.ChoiceField(label=_("Privacy"), choices=Community.Privacy.choices)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=limit(Community, "purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is this community for? Members and newcomers read this first."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=limit(Community, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    business_goal = forms.CharField(
        label=_("Business goal"), required=False, max_length=limit(Community, "business_goal")
    )
    deliverable = forms.CharField(
        label=_("Deliverable"), required=False, max_length=limit(Community, "deliverable")
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    key_results = forms.CharField(
        label=_("Key results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: title | target | unit, and “| lower” when lower is better, e.g. "
            "“Churn rate | 5 | % | lower”. Up to 5."
        ),
    )
    sponsors = forms.CharField(
        label=_("Sponsors"),
        required=False,
        max_length=1000,
        help_text=_("Usernames of the executives who sponsor it, separated by commas."),
    )
    confirm_sponsors = forms.BooleanField(
        label=_("A sponsor is not a leader, and that is intended"), required=False
    )
    facilitators = forms.CharField(
        label=_("Facilitators"),
        required=False,
        max_length=1000,
        help_text=_("Usernames, separated by commas."),
    )

    cover = forms.FileField(label=_("Cover image"), required=False)

    BASIC = ("name", "kind", "privacy", "purpose", "description", "cover")
    CHARTER = (
        "business_goal",
        "deliverable",
        "starts_on",
        "ends_on",
        "key_results",
        "sponsors",
        "confirm_sponsors",
    )

    def basic_fields(self):
        return [self[name] for name in self.BASIC]

    def charter_fields(self):
        return [self[name] for name in self.CHARTER]

    def people_fields(self):
        return [self["facilitators"]]

    def clean_key_results(self):
        return parse_key_results(self.cleaned_data.get("key_results", ""))


def parse_key_results(text: str) -> list[dict]:
    """Read "title | target | unit" lines; a line that does not parse is a form error."""
    results = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[0]:
            raise forms.ValidationError(
                _("Line %(n)s: write “title | target | unit”.") % {"n": number}
            )
        try:
            target = float(parts[1].replace(",", "."))
        except ValueError as error:
            raise forms.ValidationError(
                _("Line %(n)s: the target must be a number.") % {"n": number}
            ) from error
        way = parts[3].lower() if len(parts) > 3 else ""
        if way not in ("", "higher", "up", "lower", "down", str(_("lower")), str(_("higher"))):
            raise forms.ValidationError(
                _("Line %(n)s: the fourth part is “lower” (lower is better) or nothing.")
                % {"n": number}
            )
        down = way in ("lower", "down", str(_("lower")))
        results.append(
            {
                "title": parts[0],
                "target": target,
                "unit": parts[2] if len(parts) > 2 else "",
                "direction": "down" if down else "up",
            }
        )
    return results


def key_results_text(results) -> str:
    def line(r) -> str:
        way = f" | {_('lower')}" if r.direction == "down" else ""
        return f"{r.title} | {r.target:g} | {r.unit}{way}".rstrip(" |")

    return "\n".join(line(r) for r in results)


class CharterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limit(Community, "name"))
    privacy = forms.ChoiceField(label=_("Privacy"), choices=Community.Privacy.choices)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=limit(Community, "purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=limit(Community, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    business_goal = forms.CharField(
        label=_("Business goal"), required=False, max_length=limit(Community, "business_goal")
    )
    deliverable = forms.CharField(
        label=_("Deliverable"), required=False, max_length=limit(Community, "deliverable")
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    key_results = forms.CharField(
        label=_("Key results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: title | target | unit. Keeping a title keeps its progress."),
    )
    cover = forms.FileField(label=_("Cover image"), required=False)
    allow_anonymous = forms.BooleanField(
        label=_("Allow anonymous posts (sealed identity)"),
        required=False,
        help_text=_(
            "Members may post as “Anonymous colleague” once the community has enough members."
        ),
    )
    preapprove_posts = forms.BooleanField(
        label=_("Posts wait for approval"),
        required=False,
        help_text=_(
            "Members' posts appear once an owner or facilitator approves them in the "
            "moderation queue."
        ),
    )

    def clean_key_results(self):
        return parse_key_results(self.cleaned_data.get("key_results", ""))


class ProgressForm(forms.Form):
    value = forms.FloatField(label=_("Current value"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=limit(KeyResultUpdate, "note")
    )


class DeliverForm(forms.Form):
    summary = forms.CharField(
        label=_("What was delivered"),
        max_length=limit(Community, "outcome_summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address per line."),
    )
    retrospective = forms.CharField(
        label=_("Retrospective"),
        required=False,
        max_length=limit(Community, "retrospective"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well, what you would do differently."),
    )

    def __init__(self, *args, key_results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.result_fields = []
        for result in key_results:
            name = f"result_{result.pk}"
            self.fields[name] = forms.FloatField(
                label=_("Final value: %(title)s") % {"title": result.title}, initial=result.current
            )
            self.result_fields.append((result.pk, name))

    def final_values(self) -> dict[int, float]:
        return {pk: self.cleaned_data[name] for pk, name in self.result_fields}


class BulkForm(forms.Form):
    department = forms.CharField(
        label=_("Department"), required=False, max_length=limit(Department, "name")
    )
    location = forms.CharField(
        label=_("Location"), required=False, max_length=limit(Location, "name")
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=60)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=limit(Tag, "name"))


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=limit(Person, "username"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial="member")


class InviteForm(forms.Form):
    usernames = forms.CharField(
        label=_("People"),
        required=False,
        max_length=5000,
        help_text=_("Usernames, separated by commas."),
    )
    department = forms.CharField(
        label=_("Or everyone in a department"), required=False, max_length=limit(Department, "name")
    )
    location = forms.CharField(
        label=_("Or at a location"), required=False, max_length=limit(Location, "name")
    )
    country = forms.CharField(label=_("Or in a country"), required=False, max_length=60)
    skill = forms.CharField(
        label=_("Or with a skill"), required=False, max_length=limit(Tag, "name")
    )
    template = forms.CharField(
        label=_("Message"),
        max_length=limit(Invitation, "message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=_(
            "Hi {first_name}, I'm inviting you to {community} because {reason}. "
            "Your view would really help. {inviter}"
        ),
        help_text=_(
            "Merge fields: {first_name}, {name}, {title}, {reason}, {community}, "
            "{inviter}. Preview before sending."
        ),
    )


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it decides"))
    title = forms.CharField(label=_("Title"), max_length=limit(KeyResult, "title"))
    body = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=limit(Proposal, "body"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    username = forms.CharField(
        label=_("Person (to admit or elect)"), required=False, max_length=limit(Person, "username")
    )
    key_results = forms.CharField(
        label=_("New key results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: title | target | unit."),
    )
    purpose = forms.CharField(
        label=_("New purpose"), required=False, max_length=limit(Community, "purpose")
    )
    business_goal = forms.CharField(
        label=_("New business goal"), required=False, max_length=limit(Community, "business_goal")
    )
    deliverable = forms.CharField(
        label=_("New deliverable"), required=False, max_length=limit(Community, "deliverable")
    )
    starts_on = forms.DateField(label=_("New start date"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("New end date"), required=False, widget=DATE)
    closes_in_days = forms.IntegerField(
        label=_("Voting lasts (days)"),
        min_value=Proposal.VOTING_DAYS[0],
        max_value=Proposal.VOTING_DAYS[1],
        initial=7,
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds

    def clean_key_results(self):
        return parse_key_results(self.cleaned_data.get("key_results", ""))

    def payload(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == "key_results":
            return {"key_results": data["key_results"]}
        if kind in ("admit", "facilitator"):
            return {"username": data["username"].strip().lstrip("@")}
        if kind == "charter":
            fields = ("purpose", "business_goal", "deliverable", "starts_on", "ends_on")
            return {
                "changes": {
                    f: data[f].isoformat() if hasattr(data[f], "isoformat") else data[f]
                    for f in fields
                    if data.get(f)
                }
            }
        return {}
