from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import audited_verbs
from hearth.core.rules import limit
from hearth.people.models import Person


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(
        label=_("By (username)"), required=False, max_length=limit(Person, "username")
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any"))] + [
            (verb, label) for verb, label in audited_verbs().items()
        ]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end is before the start."))
        return data

    def filters(self) -> dict:
        """The selector's arguments: dates become the local day's bounds."""
        import datetime

        from django.utils import timezone

        data = self.cleaned_data

        def start(day):
            if day is None:
                return None
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

        until = data.get("until")
        return {
            "action": data.get("action") or "",
            "actor": data.get("actor") or "",
            "since": start(data.get("since")),
            "until": start(until + datetime.timedelta(days=1)) if until else None,
        }
