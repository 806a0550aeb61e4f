"""Generate a Tell All-like company, deterministically for a given seed.

A CEO, an executive team, departments 6-8 levels deep, 20 countries with their offices and time
zones, names from each country's own naming conventions (Faker locales), skills and interests from
realistic vocabularies. The result goes through the same validated HR import as real exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
import unicodedata
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from faker import Faker

from hearth.people.importer import REQUIRED_COLUMNS, ImportReport, org_import
from hearth.people.models import Person

from .orgchart import COUNTRIES, DEPARTMENTS, INTERESTS, LANGUAGE_OF, LEVEL_TITLES

DOMAIN = "tellall.example"
DEMO_PASSWORD = "tellall-demo"  # noqa: S105 - the published password of the demo company

# The four demo sign-ins (README and `make demo` print them).
PERSONAS = {
    "executive": ("Grace Mensah", "Chief Executive Officer", "Executive Office", "GB"),
    "facilitator": (
        "Naveen Kumar",
        "Internal Communications Lead",
        "Internal Communications",
        "IN",
    ),
    "employee": ("Ana Ribeiro", "Network Engineer", "Network Engineering", "BR"),
    "administrator": ("Manoj Shah", "Business Owner, Tap", "IT & Security", "IN"),
}


@dataclass
class Employee:
    employee_id: str
    name: str
    email: str
    title: str
    department: str
    country: str
    location: str
    time_zone: str
    manager_id: str
    hire_date: dt.date
    language: str
    skills: list[str]
    interests: list[str]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _email_local(name: str) -> str:
    parts = [p for p in _ascii(name).lower().replace("'", "").replace("-", " ").split() if p]
    parts = ["".join(c for c in p if c.isalnum()) for p in parts]
    parts = [p for p in parts if p]
    return ".".join([parts[0], parts[-1]]) if len(parts) > 1 else (parts[0] if parts else "person")


class CompanyGenerator:
    """Build the employees of a company of `people` people, the same for the same seed."""

    def __init__(self, people: int, seed: int) -> None:
        if people < 20:
            raise ValueError("A demo company needs at least 20 people.")
        self.size = people
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        for code, locale, _offices, _w in COUNTRIES:
            faker = Faker(locale)
            faker.seed_instance(seed * 1000 + len(self.fakers))
            self.fakers[code] = faker
        self.used_locals: set[str] = set()
        self.next_id = 1
        self.employees: list[Employee] = []
        self.today = dt.date(2026, 11, 1)

    def _employee_id(self) -> str:
        value = f"E{self.next_id:06d}"
        self.next_id += 1
        return value

    def _unique_email(self, name: str) -> str:
        local = _email_local(name)
        candidate, n = local, 1
        while candidate in self.used_locals:
            n += 1
            candidate = f"{local}{n}"
        self.used_locals.add(candidate)
        return f"{candidate}@{DOMAIN}"

    def _country(self) -> tuple[str, str, str]:
        code, _locale, offices, _w = self.rng.choices(COUNTRIES, [c[3] for c in COUNTRIES])[0]
        city, tz = self.rng.choice(offices)
        return code, city, tz

    def _office(self, code: str) -> tuple[str, str]:
        for c, _locale, offices, _w in COUNTRIES:
            if c == code:
                return offices[0]
        raise KeyError(code)

    def _name(self, country: str) -> str:
        faker = self.fakers[country]
        return f"{faker.first_name()} {faker.last_name()}"

    def _hire_date(self, level: int) -> dt.date:
        # Leaders tend to have been around longer; most people joined in the last decade.
        years = self.rng.expovariate(1 / (4 + 2 * max(0, 6 - level)))
        days = min(int(years * 365), 30 * 365)
        return self.today - dt.timedelta(days=days + self.rng.randint(0, 200))

    def _add(self, *, name, title, department, country, manager_id, level, skills, office=None):
        city, tz = office or self._office(country)
        employee = Employee(
            employee_id=self._employee_id(),
            name=name,
            email=self._unique_email(name),
            title=title,
            department=department,
            country=country,
            location=city,
            time_zone=tz,
            manager_id=manager_id,
            hire_date=self._hire_date(level),
            language=LANGUAGE_OF.get(country, "en"),
            skills=skills,
            interests=self.rng.sample(INTERESTS, self.rng.randint(1, 4)),
        )
        self.employees.append(employee)
        return employee

    def _skills(self, department: str, count: int) -> list[str]:
        pool = DEPARTMENTS.get(department, (0, "", [], ["Leadership"]))[3]
        return self.rng.sample(pool, min(count, len(pool)))

    def build(self) -> list[Employee]:
        name, title, dept, country = PERSONAS["executive"]
        ceo = self._add(
            name=name,
            title=title,
            department=dept,
            country=country,
            manager_id="",
            level=0,
            skills=["Strategy", "Leadership", "Change management"],
        )
        remaining = self.size - 1
        total_weight = sum(d[0] for d in DEPARTMENTS.values())
        sizes = {
            d: max(2, math.floor((self.size - 1) * w[0] / total_weight))
            for d, w in DEPARTMENTS.items()
        }
        # Give the rounding remainder to the biggest departments.
        while sum(sizes.values()) < remaining:
            biggest = max(sizes, key=lambda d: DEPARTMENTS[d][0] - sizes[d] / self.size)
            sizes[biggest] += 1
        while sum(sizes.values()) > remaining:
            sizes[max(sizes, key=lambda name: sizes[name])] -= 1
        for department, size in sizes.items():
            self._build_department(department, size, ceo)
        self._place_personas()
        return self.employees

    def _build_department(self, department: str, size: int, ceo: Employee) -> None:
        _weight, head_title, ic_titles, _skills = DEPARTMENTS[department]
        hq = "GB" if self.rng.random() < 0.5 else self._country()[0]
        head = self._add(
            name=self._name(hq),
            title=head_title,
            department=department,
            country=hq,
            manager_id=ceo.employee_id,
            level=1,
            skills=self._skills(department, 3),
        )
        left = size - 1
        # Aim for 6-8 levels in all: a span of control that reaches the bottom in ~5 steps.
        depth = 5
        span = max(2, round(left ** (1 / depth)) if left > 0 else 2)
        frontier = [(head, 1)]
        while left > 0 and frontier:
            next_frontier = []
            for manager, level in frontier:
                if left <= 0:
                    break
                reports = min(left, self.rng.randint(max(2, span - 1), span + 1))
                for _ in range(reports):
                    code, city, tz = self._country()
                    if level + 1 <= len(LEVEL_TITLES) and left > reports * span:
                        title = f"{LEVEL_TITLES[level - 1]}, {department}"
                    else:
                        title = self.rng.choice(ic_titles)
                    person = self._add(
                        name=self._name(code),
                        title=title,
                        department=department,
                        country=code,
                        manager_id=manager.employee_id,
                        level=level + 1,
                        skills=self._skills(department, self.rng.randint(2, 5)),
                        office=(city, tz),
                    )
                    next_frontier.append((person, level + 1))
                    left -= 1
            frontier = next_frontier

    def _place_personas(self) -> None:
        """Give the fixed demo personas their names, titles and places in the chart."""
        by_dept: dict[str, list[Employee]] = {}
        managers = {e.manager_id for e in self.employees}
        for employee in self.employees[1:]:
            by_dept.setdefault(employee.department, []).append(employee)
        placed = [self.employees[0]]  # the executive
        for key in ("facilitator", "employee", "administrator"):
            name, title, dept, country = PERSONAS[key]
            candidates = [e for e in by_dept[dept] if e.employee_id not in managers]
            chosen = candidates[len(candidates) // 3] if candidates else by_dept[dept][-1]
            self.used_locals.discard(chosen.email.split("@")[0])
            chosen.name, chosen.title, chosen.country = name, title, country
            chosen.location, chosen.time_zone = self._office(country)
            chosen.language = "en"
            if key == "facilitator":
                chosen.skills = ["Community facilitation", "Storytelling", "Employee engagement"]
            placed.append(chosen)
        # A namesake of a persona (a bigger company draws an "Ana Ribeiro" of its own) takes a
        # middle initial, so each persona is the one person of that name, with the plain email.
        names = {PERSONAS[key][0] for key in PERSONAS}
        locals_ = {_email_local(name) for name in names}
        namesakes = [
            e
            for e in self.employees
            if (e.name in names or e.email.split("@")[0] in locals_)
            and all(e is not p for p in placed)
        ]
        for employee in [*namesakes, *placed]:
            self.used_locals.discard(employee.email.split("@")[0])
        for person in placed:  # first: the plain address is theirs
            person.email = self._unique_email(person.name)
        for employee in namesakes:
            if employee.name in names:
                first, _space, last = employee.name.partition(" ")
                employee.name = f"{first} {self.rng.choice('BCDEFGHJKLMNPRST')}. {last}"
            employee.email = self._unique_email(employee.name)


def employees_csv(employees: list[Employee]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    # The HR export's own columns, in its order (the import reads them by name).
    writer.writerow(
        [*REQUIRED_COLUMNS, "time_zone", "hire_date", "language", "skills", "interests"]
    )
    for e in employees:
        writer.writerow(
            [
                e.employee_id,
                e.email,
                e.name,
                e.title,
                e.department,
                e.location,
                e.country,
                e.manager_id,
                e.time_zone,
                e.hire_date.isoformat(),
                e.language,
                ";".join(e.skills),
                ";".join(e.interests),
            ]
        )
    return out.getvalue().encode()


def persona_emails(employees: list[Employee]) -> dict[str, str]:
    names = {v[0]: k for k, v in PERSONAS.items()}
    return {names[e.name]: e.email for e in employees if e.name in names}


def seed_people(*, people: int, seed: int) -> tuple[ImportReport, dict[str, str]]:
    """Create or refresh the demo company; return the import report and the personas' emails."""
    employees = CompanyGenerator(people, seed).build()
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        report = org_import(actor=None, data=employees_csv(employees), password_hash=password_hash)
        if not report.ok:
            raise ValueError(f"Demo data failed validation: {report.errors[:5]}")
        emails = persona_emails(employees)
        admin = Person.objects.get(email=emails["administrator"])
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        # The communications lead and the executive read the organisation's insights (the
        # role an administrator grants: the `insights.view_insights` permission).
        readers = Person.objects.filter(email__in=[emails["facilitator"], emails["executive"]])
        reading = Permission.objects.get(
            codename="view_insights", content_type__app_label="insights"
        )
        for reader in readers:
            reader.user_permissions.add(reading)
        # Demo people sign in with the demo password even if they existed before.
        Person.objects.filter(email__in=emails.values()).update(password=password_hash)
        EmailAddress.objects.filter(email__in=emails.values()).update(verified=True)
    return report, emails
