"""Rules of the house that a test can hold us to."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2]


def _sources(name: str):
    """Every app's module of that name, or the modules of its package of that name."""
    stem = name.removesuffix(".py")
    found = [*PACKAGE.glob(f"*/{name}"), *PACKAGE.glob(f"*/{stem}/*.py")]
    return [p for p in found if "tests" not in p.parts]


@pytest.mark.parametrize("path", _sources("views.py") + _sources("api.py"), ids=str)
def test_views_and_api_read_content_only_through_selectors_and_access(path):
    source = path.read_text()
    assert not re.search(r"\.objects\.", source), f"{path} queries models directly"


def test_no_page_loads_anything_from_a_cdn():
    # Built from pieces so that this test's own source does not look like a CDN reference.
    hosts = ["cdn" + r"\.", "unpkg" + r"\.com", "jsde" + "livr", "google" + "apis", "cdn" + "js"]
    pattern = re.compile("|".join(hosts))
    offenders = [
        str(p)
        for p in PACKAGE.rglob("*")
        if p.suffix in {".html", ".css", ".js"} and pattern.search(p.read_text(errors="ignore"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_api_schema_names_are_unique():
    """OpenAPI components are keyed by class name: two apps' `ReportOut` would silently make
    one operation document the other's body."""
    from ninja import Schema

    import hearth.config.api  # noqa: F401 - registers every router and its schemas

    def all_subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from all_subclasses(sub)

    seen: dict[str, str] = {}
    clashes = []
    for cls in all_subclasses(Schema):
        if not cls.__module__.startswith("hearth.") or ".tests." in cls.__module__:
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        if cls.__name__ in seen and seen[cls.__name__] != where:
            clashes.append(f"{seen[cls.__name__]} and {where}")
        seen.setdefault(cls.__name__, where)
    assert clashes == []


def test_no_two_routers_claim_the_same_operation():
    """The first router to register a method and path wins silently; say so loudly instead."""
    from collections import Counter

    from hearth.config.api import api

    seen = Counter()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    seen[(method, f"{prefix}{path}")] += 1
    assert [key for key, n in seen.items() if n > 1] == []


# Where the staff and superuser flags may be read: the one administrator check, and the places
# that set, export, import or audit the flags themselves rather than ask "may this person...?".
FLAG_READERS = {
    "core/access.py": "the administrator check itself",
    "trust/selectors.py": "auditors: superusers or the audit permission",
    "trust/audit.py": "records changes of the flags",
    "privacy/services.py": "erasure refuses a person who still holds the flags",
    "people/exports.py": "a person's export shows the flags they hold",
}


def test_the_administrator_check_is_written_once():
    import re

    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        skipped = ("tests", "migrations", "management", "demo")
        if set(path.parts) & set(skipped) or relative in FLAG_READERS:
            continue
        if path.name in ("models.py", "admin.py"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\.is_(staff|superuser)\b(?!\s*=)", line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    # Templates ask the navigation context's `is_administrator`, never the flags.
    for path in PACKAGE.rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\.is_(staff|superuser)\b", line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == [], "Use hearth.core.access.is_administrator:\n" + "\n".join(offenders)


def test_no_import_runs_up_a_layer():
    """The layers in pyproject.toml ([tool.importlinter]) hold, hidden imports inside functions
    included; the debt list there may only shrink (a line that matches nothing fails too)."""
    import subprocess
    import sys

    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_drawing_of_the_layers_is_the_contract():
    """docs/architecture.md draws the layers the import contract enforces, in the same order."""
    import tomllib

    root = PACKAGE.parent
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == "layers"]
    page = (root / "docs" / "architecture.md").read_text()
    drawing = page.split("<!-- layers:", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert drawing.strip().splitlines() == contract["layers"]


def test_no_two_modules_import_each_other_at_load_time():
    """Imports sit at the top of modules; two modules that import each other there would work
    or fail depending on which is imported first. (A function-level import is allowed where it
    breaks such a pair, e.g. services that enqueue their own tasks.)"""
    import ast

    import networkx as nx

    def name_of(path: Path) -> str:
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    modules = {
        name_of(p): p
        for p in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(p.relative_to(PACKAGE).parts)
    }
    graph = nx.DiGraph()
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for statement in ast.parse(path.read_text()).body:
            if isinstance(statement, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - max(statement.level - 1, 0)]
                source = (
                    ".".join(base + ([statement.module] if statement.module else []))
                    if statement.level
                    else statement.module or ""
                )
                targets = [f"{source}.{alias.name}" for alias in statement.names]
            elif isinstance(statement, ast.Import):
                targets = [alias.name for alias in statement.names]
            else:
                continue
            for target in targets:  # a module, or a name in one: its nearest module
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != module:
                    graph.add_edge(module, target)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


# The flags of mypy's --strict ("strict" itself is global-only: in an override mypy would apply
# it everywhere), required where the rules of the house live.
STRICT_FLAGS = {
    "disallow_any_generics",
    "disallow_subclassing_any",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "check_untyped_defs",
    "disallow_untyped_decorators",
    "warn_return_any",
    "warn_unused_ignores",
    "no_implicit_reexport",
    "strict_equality",
}


def test_the_whole_package_is_type_checked_and_the_rules_strictly():
    """mypy (in make test) checks all of hearth, and core, every access module and every
    selectors module with all of --strict's flags; nothing is excluded but tests and
    migrations, and no module has its errors ignored."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["files"] == ["hearth"]
    assert set(config["exclude"]) == {"/migrations/", "/tests/"}
    strict = [o for o in config["overrides"] if all(o.get(flag) for flag in STRICT_FLAGS)]
    assert any(
        {"hearth.core.*", "hearth.*.access", "hearth.*.selectors"} <= set(o["module"])
        for o in strict
    )
    assert not any(o.get("ignore_errors") for o in config["overrides"])
    assert "strict" not in str(config["overrides"]).replace("strict_equality", "")


# One skeleton per app: these files, each only where the app needs it, never misplaced.
SKELETON = {
    "__init__.py",
    "apps.py",
    "models.py",
    "admin.py",
    "access.py",  # may this person...?
    "selectors.py",  # reads, for a viewer
    "services.py",  # writes, in transactions, recording events
    "schemas.py",  # what the API reads and writes
    "api.py",  # the Ninja router
    "forms.py",
    "views.py",  # thin HTML views
    "urls.py",
    "tasks.py",  # the worker's jobs
    "notifications.py",  # whom the app's events concern, and its kinds of notification
    "audit.py",  # what the app puts in the audit log (core.registry.audited)
    "exports.py",  # what the app holds about a person, for their export (core.registry.exports)
    "menu.py",  # the app's entries in the account menu, with who sees them
    "templates",
    "templatetags",
    "static",
    "management",
    "migrations",
    "tests",
}
# The parts of a domain too big for one of the files above, each named here with what it is,
# so a new module is a decision, not an accident.
DOMAIN_MODULES = {
    "communities": {
        "decisions": "proposals and votes",
        "invitations": "personal invitations",
    },
    "conversations": {"text": "Markdown to safe HTML"},
    "demo": {
        **dict.fromkeys(
            (
                "amas",
                "company",
                "content",
                "identity",
                "ideas",
                "insights",
                "jams",
                "leavers",
                "newcomers",
                "personas",
                "roles",
            ),
            "a demo generator",
        ),
        "orgchart": "the demo company's countries, departments and interests",
    },
    "facilitation": {
        "experts": "expertise from public contributions",
        "routing": "expert routing's measures, fitted weights and replay",
        "tallies": "expert routing's history, counted ahead",
        "maturity": "the community maturity model",
    },
    "insights": {"charts": "SVG charts", "compute": "nightly snapshots", "report": "PDF report"},
    "jams": {"clustering": "themes from ideas", "report": "the jam report"},
    "leadership": {"scorecard": "the leader scorecard"},
    "live": {"hub": "the per-process fan-out of live signals"},
    "mobile": {"middleware": "pages kept offline, a device wiped at sign-out"},
    "moderation": {"filters": "managing content filters"},
    "notifications": {
        "consumers": "the hub's event consumer",
        "emails": "emails and digests",
        "mailin": "reply by email",
        "metrics": "its /metrics gauge",
        "push": "Web Push messages",
    },
    "pages": {"context_processors": "the navigation context"},
    "search": {"analysis": "text to terms in every language"},
    "people": {
        "adapters": "allauth adapter, OAuth scopes",
        "avatars": "initials avatars",
        "importer": "the HR import",
        "saml": "SAML single logout and pasted metadata",
    },
    "privacy": {"exporter": "writes the personal data export from the apps' parts"},
    "provisioning": {
        "catalog": "the SCIM schemas Hearth publishes",
        "filters": "SCIM filters as database queries",
        "quirks": "what provisioning clients send beyond the standard",
        "storage": "SCIM resources over people and departments",
    },
    "recognition": {
        "badges": "badge criteria",
        "defaults": "default rules and badges",
        "points": "the points consumer",
    },
    "trust": {
        "limits": "rate limits",
        "policies": "screening text against content filters",
        "sealed": "sealed identity",
    },
}
# Modules past about 500 lines, at their size then: they may only shrink (and leave this list when
# split into a package). Every module is under the limit today; keep it so.
MAX_LINES = 500
OVERSIZE: dict[str, int] = {}


def _apps():
    return [p for p in PACKAGE.iterdir() if (p / "apps.py").exists() and p.name != "core"]


def test_every_app_has_one_skeleton():
    misplaced = []
    for app in _apps():
        allowed = SKELETON | {f"{name}.py" for name in DOMAIN_MODULES.get(app.name, {})}
        # A part grown past the size limit becomes a package of the same name.
        allowed |= {name.removesuffix(".py") for name in allowed if name.endswith(".py")}
        for entry in app.iterdir():
            if entry.name not in allowed and entry.name not in ("__pycache__", "locale"):
                misplaced.append(f"{app.name}/{entry.name}")
    assert misplaced == [], "Put it in the skeleton, or name it in DOMAIN_MODULES"


def test_api_schemas_live_in_schemas_modules():
    """Every app's Ninja schemas are in its schemas.py, never inline in api.py or views.py."""
    import ast

    inline = []
    for path in _sources("api.py") + _sources("views.py"):
        if path.relative_to(PACKAGE).parts[0] == "core":  # the API's building blocks
            continue
        for node in ast.parse(path.read_text()).body:
            bases = {getattr(b, "id", getattr(b, "attr", "")) for b in getattr(node, "bases", [])}
            if isinstance(node, ast.ClassDef) and bases & {"Schema", "FilterSchema"}:
                inline.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert inline == []


def test_modules_stay_small_and_the_large_ones_only_shrink():
    grown = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if {"tests", "migrations"} & set(path.parts):
            continue
        lines = len(path.read_text().splitlines())
        if lines > OVERSIZE.get(relative, MAX_LINES):
            grown.append(f"{relative}: {lines} lines")
    assert grown == []


# Form inputs that are no model field, with why their limit is their own.
FORM_ONLY_LIMITS = {
    ("communities/forms.py", "sponsors"): "a list of usernames",
    ("communities/forms.py", "facilitators"): "a list of usernames",
    ("communities/forms.py", "usernames"): "a list of usernames",
    ("communities/forms.py", "country"): "a country's name, typed to find its code",
    ("conversations/forms.py", "praised"): "a list of usernames",
    ("people/forms.py", "skills"): "a list of tags",
    ("people/forms.py", "interests"): "a list of tags",
    ("privacy/forms.py", "reason"): "an erasure's reason, kept in the audit log's detail",
}


def test_field_limits_are_declared_once_on_the_models():
    """Forms take their limits from the models (`core.rules.limit`, `core.rules.bounds`) and
    services check them with `core.rules.check`; a number restated in a form, or an "At most N
    characters" written by hand, would drift from the model's."""
    import ast
    import re

    restated = []
    for path in sorted(PACKAGE.glob("*/forms.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
                continue
            name = getattr(node.targets[0], "id", "")
            for keyword in node.value.keywords:
                literal = isinstance(keyword.value, ast.Constant)
                allowed = (relative, name) in FORM_ONLY_LIMITS
                limits = ("max_length", "min_value", "max_value")
                if keyword.arg in limits and literal and not allowed:
                    restated.append(f"{relative}: {name}")
    assert restated == []
    by_hand = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if {"tests", "migrations", "demo"} & set(path.parts) or relative == "core/rules.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"(?i)at most (\d[^\"']* (characters|days)|{[^\"']* characters)", line):
                by_hand.append(f"{relative}:{number}")
    assert by_hand == []


# The verbs services end with (`<entity>_<verb>`: `post_create`, `appeal_decide`...).
SERVICE_VERBS = {
    "accept",
    "acknowledge",
    "activate",
    "add",
    "answer",
    "approve",
    "archive",
    "ask",
    "award",
    "build",
    "close",
    "create",
    "deactivate",
    "decide",
    "decline",
    "delete",
    "deliver",
    "endorse",
    "erase",
    "escalate",
    "follow",
    "grant",
    "introduce",
    "invite",
    "join",
    "leave",
    "merge",
    "mute",
    "open",
    "progress",
    "publish",
    "purge",
    "reactivate",
    "read",
    "refresh",
    "release",
    "remind",
    "remove",
    "request",
    "revoke",
    "save",
    "send",
    "set",
    "tag",
    "take",
    "unsubscribe",
    "update",
    "vote",
}
# Writers named otherwise, each with its reason.
SERVICE_NAME_EXCEPTIONS = {
    "announcement_seen": "records a reading, as the event it is named after",
    "audit_exported": "records that an export happened, as its event",
    "follow_up_community": "the community that carries a jam's follow-ups on",
    "introductions_follow_up": "the follow-up of introductions (a two-word verb)",
    "jam_go_live_due": "jams whose time has come go live (a two-word verb)",
    "members_add_bulk": "member_add for a whole department at once",
    "community_set_cover": "the cover is set on the community",
    "person_update_profile": "a person's own profile, as the profile page calls it",
}


def test_services_that_write_are_named_entity_then_verb():
    """Every public service that writes (in a transaction, or recording an event) is named
    `<entity>_<verb>`, or `<entity>_<verb>_due` for the worker's sweeps of what is due."""
    import ast

    misnamed = []
    modules = [*PACKAGE.glob("*/services.py"), *PACKAGE.glob("*/services/*.py")]
    for path in modules:
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            atomic = any("atomic" in ast.unparse(d) for d in node.decorator_list)
            records = any(
                isinstance(call, ast.Call) and ast.unparse(call.func).endswith("event_record")
                for call in ast.walk(node)
            )
            if not (atomic or records) or node.name in SERVICE_NAME_EXCEPTIONS:
                continue
            words = node.name.removesuffix("_due").split("_")
            if len(words) < 2 or words[-1] not in SERVICE_VERBS:
                misnamed.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert misnamed == []


# Lists whose page carries more than the page (the invitation funnel, my points' totals).
PAGES_WITH_MORE = {
    "communities/schemas.py": "InvitationPage",
    "recognition/schemas.py": "PointsOut",
}


def test_every_list_answers_the_one_page():
    """A list endpoint answers `core.api.page_out(items, next_cursor)` in a schema built on
    `core.api.Page[...]`; nobody spells the page's keys by hand."""
    spelled = [
        str(path.relative_to(PACKAGE))
        for path in _sources("api.py")
        if path.relative_to(PACKAGE).parts[0] != "core" and '"next_cursor"' in path.read_text()
    ]
    assert spelled == []
    by_hand = {}
    for path in _sources("schemas.py"):
        found = re.findall(
            r"class (\w+)\(Schema\):\n(?:    .*\n)*?    next_cursor:", path.read_text()
        )
        if found:
            by_hand[str(path.relative_to(PACKAGE))] = ", ".join(found)
    assert by_hand == PAGES_WITH_MORE
