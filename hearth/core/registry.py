"""What apps contribute to the hubs, declared by each app instead of imported by the hub.

Core and the hub apps (notifications, privacy, the demo) never import a feature app: each app
registers what it brings (a gauge for /metrics, an erasure step, a demo generator...) from its
`AppConfig.ready`, and the hub loops over the registrations. Adding an app touches no hub.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")
F = TypeVar("F")


class Registry(Generic[T]):
    """Named contributions, kept in registration order; registering a name again replaces it
    (Django may run `ready` twice in tests), so nothing is counted twice."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, T] = {}
        self.version = 0  # changes with every registration, for what is derived from them

    def register(self, name: str, entry: T) -> T:
        self._entries[name] = entry
        self.version += 1
        return entry

    def __call__(self, name: str) -> Callable[[F], F]:
        """Decorator form: `@gauges("email_overdue")` (the function keeps its own signature)."""

        def decorate(entry: F) -> F:
            self.register(name, cast(T, entry))
            return entry

        return decorate

    def unregister(self, name: str) -> None:
        if self._entries.pop(name, None) is not None:
            self.version += 1

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())

    def get(self, name: str) -> T | None:
        return self._entries.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __repr__(self) -> str:
        return f"<Registry of {self.what}: {', '.join(self._entries)}>"


# Installation-wide gauges for /metrics: each a function yielding prometheus metric families,
# read at scrape time.
gauges: Registry[Callable[[], Iterator[object]]] = Registry("installation gauges")

# More posts a person's home feed gathers, beyond their memberships and follows: each a function
# of the viewer answering a filter on posts (a `Q`), or None when it adds nothing for them.
home_sources: Registry[Callable[[Any], Any]] = Registry("home feed sources")

# What erasing a person removes from each app: each a function of the person, called by
# `privacy.services.person_erase` in its transaction, after what they wrote was dealt with under
# the erasure's mode (`writings`) and their profile emptied.
erasers: Registry[Callable[[Any], None]] = Registry("erasure steps")

# What reading a post settles elsewhere (the notifications about it are read): each a function
# of the reader and the post's id, called when they open the post's page.
post_readers: Registry[Callable[[Any, int], None]] = Registry("what reading a post settles")


@dataclass(frozen=True)
class Erasure:
    """One person's erasure, as the apps that hold what they wrote see it: who erases, whom,
    under which mode ("pseudonymise" keeps what they wrote, "remove" deletes and purges it), and
    the posts they wrote anonymously, whose seals are already destroyed."""

    actor: Any
    person: Any
    mode: str
    anonymous_post_ids: list[int]
    now: Any


# What a person wrote, dealt with under the erasure's mode before the `erasers` run: each a
# function of the `Erasure` answering counts for the erasure's summary (`posts_removed`...).
writings: Registry[Callable[[Erasure], dict[str, int]]] = Registry("erasure of what was written")

# What each app drops when deleted posts and comments are purged (their text and files emptied,
# the rows left as tombstones): each a function of the purged post ids and comment ids, called
# in the purge's transaction.
purgers: Registry[Callable[[list[int], list[int]], None]] = Registry("purge steps")

# The retention purge, app by app: each a function of the retention policy (a dict of days, see
# `privacy.selectors.retention_policy`) and the time, answering what it purged, counted by name.
retention: Registry[Callable[[Mapping[str, int], Any], dict[str, int]]] = Registry(
    "retention steps"
)


@dataclass(frozen=True)
class DemoRun:
    """One `hearth seed` run, as each demo generator sees it: the random seed (the same seed
    writes the same company), the days of history to write, a way to say how it is going (a
    line) and a progress bar for a number of items (with `update(n)` and `close()`)."""

    seed: int
    days: int
    say: Callable[[str], None]
    bar: Callable[[int], Any]


@dataclass(frozen=True)
class DemoGenerator:
    """One generator of the demo company: a function of the run answering the line the command
    prints about what it wrote, and its place in the run (lower first: what others build on)."""

    write: Callable[[DemoRun], str]
    position: int


# The demo company's generators, run by `hearth seed` once its people are in, by position.
demo_generators: Registry[DemoGenerator] = Registry("demo generators")


def demo_generator(name: str, position: int) -> Callable[[Callable[[DemoRun], str]], Any]:
    """Decorator form: `@demo_generator("jams", 20)` on a function of the run."""

    def register(write: Callable[[DemoRun], str]) -> Callable[[DemoRun], str]:
        demo_generators.register(name, DemoGenerator(write, position))
        return write

    return register


@dataclass(frozen=True)
class Notice:
    """One notification an event calls for: to whom, of which kind (a declared
    `NotificationKind`), about what. The notifications hub delivers it (never to the event's own
    actor)."""

    recipient_id: int
    verb: str
    post_id: int | None = None
    comment_id: int | None = None
    community_id: int | None = None
    group: str = ""  # merge with an unread notification with the same key
    unsigned: bool = False  # do not say who acted (moderation decisions)


@dataclass(frozen=True)
class Notifier:
    """Who the events of some verbs concern, declared by the app that records them."""

    verbs: frozenset[str]
    recipients: Callable[[Any], list[Notice]]


# Each app says whom its events concern; the notifications consumer asks the one for the verb.
notifiers: Registry[Notifier] = Registry("who events concern")


def notifier(name: str, verbs: Iterable[str]) -> Callable[[Callable[[Any], list[Notice]]], Any]:
    """Decorator form: `@notifier("jams", VERBS)` on a function of the event."""

    def register(recipients: Callable[[Any], list[Notice]]) -> Callable[[Any], list[Notice]]:
        notifiers.register(name, Notifier(frozenset(verbs), recipients))
        return recipients

    return register


def notified_verbs() -> frozenset[str]:
    return frozenset().union(*(n.verbs for n in notifiers))


# Per notification id: its text and where it leads (None: wherever its kind's `link` says).
Texts = Callable[[Any, list[Any], dict[int, Any]], dict[int, tuple[str, str | None]]]


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification (`Notification.verb`, a `Notice`'s `verb`), declared by the app
    whose events call for it, under that verb: how the settings name it, whether it is emailed at
    once by default, and how the list and the emails tell it (the reader's own texts: only what
    they may still see)."""

    label: Any  # how the settings page names the kind (lazy text)
    email: str = "daily"  # by default: "immediate", "daily", "weekly" or "off"
    # Its text, with %(who)s (who acted, "and N others"), %(title)s (the post, if the reader
    # still sees it) and %(place)s (the community); `text_elsewhere` when it names no community.
    text: Any = ""
    text_elsewhere: Any = ""
    # Or texts told by the app, in a fixed number of queries for a page of notifications (the
    # viewer, the notifications of the kinds sharing this function, the posts they may see).
    texts: Texts | None = None
    fallback: Any = ""  # the text when `texts` tells none for a notification
    link: str = "content"  # "content": its post or community; "actor": who acted; "own": texts'
    news: bool = False  # news in itself: shown even when its post is no longer visible


notification_kinds: Registry[NotificationKind] = Registry("notification kinds")


def notification_choices() -> list[tuple[str, Any]]:
    """The kinds as choices (`Notification.verb` asks at run time: no migration per kind)."""
    return [(verb, kind.label) for verb, kind in notification_kinds.items()]


# What apps add to a post's own page, under the post (an idea's status and its history): each a
# function of the request and the post (already accessed by the reader) answering its HTML, or ""
# when it has nothing to add there.
post_panels: Registry[Callable[[Any, Any], str]] = Registry("post page panels")


# What apps mark on the cards of a feed page (ideas: an idea's status, "Planned", "Done"): each
# a function of the page's posts (already read by the viewer) answering, per post id, a mark as
# (its CSS class, its label in the active language); one query per page at most.
card_marks: Registry[Callable[[list[Any]], dict[int, tuple[str, str]]]] = Registry("card marks")


# What apps add to a person's own impact page (insights asks, once, whether they agree to be
# named): each a function of the request answering its HTML, or "" when it has nothing to add.
impact_panels: Registry[Callable[[Any], str]] = Registry("impact page panels")


# Colleagues worth following, suggested to a newcomer (the insights' influencers...): each a
# function of the viewer and a limit answering people, best first.
people_suggestions: Registry[Callable[[Any, int], list[Any]]] = Registry("people to follow")


# Where people's uploads are kept, for the one upload rate (HEARTH_RATE_UPLOADS): each a
# function of the person answering their uploaded rows (with a `created_at`).
upload_sources: Registry[Callable[[Any], Any]] = Registry("uploads")


# What is done with content a filter or a community's pre-approval holds (moderation files a
# report for its queue): each a function of the verdict, the post and the comment (None for the
# post itself), called by `trust.policies.hold` in the writer's transaction.
holds: Registry[Callable[[Any, Any, Any], object]] = Registry("held content")


@dataclass(frozen=True)
class Audited:
    """What an app puts in the audit log (`trust.audit` writes the entries, in the writer's
    transaction): its audited verbs, each with how the log names it, and how its objects are
    named there (never by what people wrote: a post is "Post #12")."""

    verbs: Mapping[str, Any]
    labels: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)


audited: Registry[Audited] = Registry("audited verbs")


_audited_verbs: tuple[int, dict[str, Any]] = (-1, {})


def audited_verbs() -> dict[str, Any]:
    """Every audited verb and how the log names it, in the order apps declare them (asked at
    every event: built again only when an app registers)."""
    global _audited_verbs
    if _audited_verbs[0] != audited.version:
        verbs = {verb: label for entry in audited for verb, label in entry.verbs.items()}
        _audited_verbs = (audited.version, verbs)
    return _audited_verbs[1]


@dataclass(frozen=True)
class ExportPart:
    """One app's part of a person's data export (`privacy` writes the zip): the JSON files it
    fills, each a function of the person (a dict merges with other apps' parts of the same
    file), the stored files it adds (a function of the person answering (file, name in the zip)
    pairs), and where the export covers each of its models that points at a person, or why it
    does not (a test fails on a model left out)."""

    files: Mapping[str, Callable[[Any], Any]]
    covers: Mapping[str, str]
    stored: Callable[[Any], Iterable[tuple[Any, str]]] | None = None


exports: Registry[ExportPart] = Registry("parts of a person's data export")


def export_rows(queryset: Any, *fields: str) -> list[dict[str, Any]]:
    """The rows of an export file: the named fields of each row, JSON-ready with Django's
    encoder."""
    return list(queryset.values(*fields))


# The account menu's sections, in order: what is the person's own, what is around the company,
# then one per role (shown only to those who hold it), then settings.
MENU_SECTIONS = (
    "you",
    "company",
    "facilitation",
    "leadership",
    "moderation",
    "administration",
    "settings",
)


@dataclass(frozen=True)
class MenuEntry:
    """A link in the account menu of every page: the URL name it leads to, its label (lazy
    text), its place in its section (lower first), who sees it (a function of the person, one
    of the role checks; None: everyone signed in; the checks are asked once per page), and its
    section (one of MENU_SECTIONS)."""

    url: str
    label: Any
    position: int
    shown: Callable[[Any], bool] | None = None
    section: str = "you"

    def __post_init__(self) -> None:
        if self.section not in MENU_SECTIONS:
            raise ValueError(f"{self.section!r} is not one of {MENU_SECTIONS}")


menu_entries: Registry[MenuEntry] = Registry("account menu entries")
