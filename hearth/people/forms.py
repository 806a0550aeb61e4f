from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import limit
from hearth.core.scopes import SCOPES

from .models import AccessToken, Person, time_zone_choices
from .services import DEFAULT_SCOPES

MAX_AVATAR_BYTES = 2 * 1024 * 1024


def split_tags(value: str) -> list[str]:
    return [t.strip() for t in (value or "").replace(";", ",").split(",") if t.strip()]


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=limit(Person, "display_name")
    )
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=limit(Person, "bio"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown is supported."),
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=2000,
        help_text=_("Separate them with commas, e.g. Python, 5G, Negotiation."),
    )
    interests = forms.CharField(
        label=_("Interests"), required=False, max_length=2000, help_text=_("Separate with commas.")
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    avatar = forms.ImageField(label=_("Photo"), required=False)
    clear_avatar = forms.BooleanField(label=_("Remove my photo"), required=False)

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and avatar.size > MAX_AVATAR_BYTES:
            raise forms.ValidationError(_("The photo must be smaller than 2 MB."))
        return avatar


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=limit(AccessToken, "name"),
        help_text=_("Say what it is for, e.g. 'Reporting script'."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"),
        choices=list(SCOPES.items()),
        initial=list(DEFAULT_SCOPES),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Within your own rights, always."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HR export (CSV)"))
    dry_run = forms.BooleanField(
        label=_("Dry run: only show what would change"), required=False, initial=True
    )

    def clean_file(self):
        # Refuse an oversized upload before reading it into memory.
        upload = self.cleaned_data["file"]
        limit = settings.HEARTH_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            )
        return upload
