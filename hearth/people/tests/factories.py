"""Test data: factories and the small company most tests share."""

from __future__ import annotations

from types import SimpleNamespace

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from hearth.people.models import Department, Location, Person
from hearth.people.services import org_recompute

PASSWORD = "tellall-demo"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = "Engineering"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("name", "country")

    name = "London"
    country = "GB"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda p: f"{p.username}@tellall.example")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    title = "Engineer"
    department = factory.SubFactory(DepartmentFactory)
    location = factory.SubFactory(LocationFactory)
    country = "GB"
    time_zone = "Europe/London"
    employee_id = factory.Sequence(lambda n: f"T{n:05d}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def make_company() -> SimpleNamespace:
    """CEO > VP > manager > (member, colleague); an admin; a person who left."""
    sales = DepartmentFactory(name="Sales")
    madrid = LocationFactory(name="Madrid", country="ES")
    ceo = PersonFactory(username="grace", display_name="Grace Mensah", title="CEO")
    vp = PersonFactory(username="victor", display_name="Victor Vale", title="VP", manager=ceo)
    manager = PersonFactory(
        username="maria", display_name="Maria Lopez", title="Engineering Manager", manager=vp
    )
    member = PersonFactory(
        username="ana", display_name="Ana Ribeiro", title="Network Engineer", manager=manager
    )
    colleague = PersonFactory(
        username="carlos",
        display_name="Carlos Diaz",
        title="Account Executive",
        manager=manager,
        department=sales,
        location=madrid,
        country="ES",
        time_zone="Europe/Madrid",
        language="es",
    )
    admin = PersonFactory(
        username="admin",
        display_name="Manoj Shah",
        title="Business Owner, Tap",
        is_staff=True,
        is_superuser=True,
        employee_id=None,
    )
    former = PersonFactory(
        username="fred",
        display_name="Fred Former",
        title="Analyst",
        manager=manager,
        is_active=False,
        deactivated_at=timezone.now(),
    )
    org_recompute()
    people = [ceo, vp, manager, member, colleague, admin, former]
    for person in people:
        person.refresh_from_db()
    return SimpleNamespace(
        ceo=ceo,
        vp=vp,
        manager=manager,
        member=member,
        colleague=colleague,
        admin=admin,
        former=former,
        everyone=people,
    )
