"""People, the org chart they form, and how they sign in to the API."""

from __future__ import annotations

import zoneinfo
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(
        tz for tz in zoneinfo.available_timezones() if "/" in tz and not tz.startswith("Etc/")
    )
    return [("UTC", "UTC")] + [(tz, tz.replace("_", " ")) for tz in zones]


def interface_languages() -> list[tuple[str, str]]:
    """The languages the interface ships (settings.LANGUAGES): a callable, so that shipping one
    more language needs no migration."""
    return list(settings.LANGUAGES)


def is_time_zone(name: str) -> bool:
    if not name or len(name) > 64:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


class Department(models.Model):
    """Group people by function (Engineering, Sales...), as the HR export names it."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """Name an office or site; a location sits in one country."""

    name = models.CharField(_("name"), max_length=120)
    country = CountryField(_("country"))

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="location_unique")]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """Name a skill or an interest; one vocabulary, so people with common ones can meet."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class PersonManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: username})


class Person(AbstractUser):
    """Represent one employee: who they are, where they sit in the org chart, how they sign in."""

    email = models.EmailField(_("email address"), unique=True)
    employee_id = models.CharField(
        _("employee id"), max_length=64, unique=True, null=True, blank=True
    )
    display_name = models.CharField(_("display name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    country = CountryField(_("country"), blank=True, db_index=True)
    # Validated against zoneinfo by services and forms (not `choices`: tzdata differs per machine).
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    language = models.CharField(
        _("language"), max_length=10, choices=interface_languages, default="en"
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    bio = models.TextField(_("bio"), blank=True, max_length=5000)
    skills = models.ManyToManyField(Tag, verbose_name=_("skills"), blank=True, related_name="+")
    interests = models.ManyToManyField(
        Tag, verbose_name=_("interests"), blank=True, related_name="+"
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    # Position in the org chart, maintained by org services: depth (CEO = 0) and the ids of
    # the management chain as "/1/5/23/", so chains and subtrees are one indexed query.
    org_level = models.PositiveSmallIntegerField(default=0, db_index=True)
    org_path = models.CharField(max_length=1000, blank=True, db_index=True)
    report_count = models.PositiveIntegerField(default=0)
    # Leaders come from the org chart unless an administrator sets it by hand.
    is_leader = models.BooleanField(_("leader"), default=False, db_index=True)
    leader_override = models.BooleanField(_("leader (set by hand)"), null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # The one "Anonymous colleague" account that authors every sealed-identity post; it cannot
    # sign in and appears in no list (see `hearth.trust.sealed`).
    is_stand_in = models.BooleanField(default=False, editable=False)
    # Erased under the privacy policy (`hearth.privacy.services`): an empty, pseudonymous shell.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[PersonManager] = PersonManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The directory's order, and people search: every word is looked for in these
            # columns, read from the index rather than from each (wide) row.
            models.Index(
                fields=["display_name", "id", "username", "title", "is_active", "is_stand_in"],
                name="people_person_find",
            ),
            models.Index(fields=["manager", "display_name"]),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        # Reversed once per instance and username (a page links to the same person often).
        memo = self.__dict__.get("_url")
        if memo is None or memo[0] != self.username:
            memo = (self.username, reverse("people:detail", args=[self.username]))
            self.__dict__["_url"] = memo
        return memo[1]

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.replace("-", " ").split() if p[:1].isalpha()]
        if not parts:
            return self.username[:1].upper()
        if len(parts) == 1:
            return parts[0][:1].upper()
        return (parts[0][:1] + parts[-1][:1]).upper()

    @property
    def avatar_url(self) -> str:
        return reverse("people:avatar", args=[self.username])

    @property
    def management_chain_ids(self) -> list[int]:
        return [int(x) for x in self.org_path.strip("/").split("/") if x][:-1]


class AccessToken(models.Model):
    """A personal access token for the API; only its hash is stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    # Space-separated (hearth.core.scopes); tokens made before scopes existed keep them all.
    scopes = models.CharField(
        _("scopes"), max_length=200, default="read write write:posts read:insights admin"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
