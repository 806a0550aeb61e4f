from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.rules import limit

from .models import Client


class ClientForm(forms.Form):
    name = forms.CharField(
        label=_("Client name"),
        max_length=limit(Client, "name"),
        help_text=_("The system that provisions, e.g. 'Entra ID (production)'."),
    )
