"""Who may provision over SCIM (a client and its token), and what SCIM knows about a person or
a department beyond Hearth's own columns (the client's externalId, when it last changed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Client(models.Model):
    """A provisioning client (Entra ID, Okta...): one bearer token, created by an administrator;
    only the token's hash is stored."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("provisioning client")
        verbose_name_plural = _("provisioning clients")

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    """What SCIM says about one person or one department that Hearth has no column for."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scim_record",
    )
    department = models.OneToOneField(
        "people.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scim_record",
    )
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    email_type = models.CharField(max_length=40, blank=True)
    # As the provider sent them (returned as sent); the person has what Hearth could use of them.
    preferred_language = models.CharField(max_length=255, blank=True, default="")
    timezone = models.CharField(max_length=64, blank=True, default="")
    client = models.ForeignKey(Client, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A person deleted over SCIM is deactivated, as when they leave, and no longer a SCIM
    # resource; their content stays.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) ^ models.Q(department__isnull=True),
                name="provisioning_record_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"SCIM record {self.pk}"
