"""The peer forum `make bench` measures Hearth against: django-spirit 0.14.3, a plain Django forum,
installed from the package index into a virtual environment of its own under bench-data/, with
its own project (`spirit startproject`), its own SQLite database and Django's database cache, as
its template sets them, filled by a generator (2,000 users, 20,000 topics, 100,000 comments, from
a seed) and served by gunicorn with 2 sync workers, DEBUG off, on 127.0.0.1 only.

Nothing of the peer is committed: it is installed and built here, and reused while its version,
its sizes and this generator are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "0.14.3"
GUNICORN = "23.0.0"
SIZES = {"users": 2000, "topics": 20000, "comments": 100000, "categories": 10}

SETTINGS = """
from .prod import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SECRET_KEY = "peer-bench-only-" + "x" * 40
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": {database!r},
    }}
}}
LANGUAGE_CODE = "en"
"""

# Run inside the peer's environment (`manage.py shell -c`): the forum's rows, in bulk, from a
# seed; then one session per measured user. Prints a JSON line.
FILL = r"""
import datetime, json, random
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django.utils.text import slugify
from spirit.category.models import Category
from spirit.comment.models import Comment
from spirit.topic.models import Topic
from spirit.user.models import UserProfile

SIZES = json.loads(%(sizes)r)
rng = random.Random(%(seed)d)
User = get_user_model()
if not Topic.objects.exists():
    now = timezone.now()
    User.objects.bulk_create([User(username=f"user{i}", email=f"user{i}@example.com",
                                   password="!") for i in range(SIZES["users"])], batch_size=2000)
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    UserProfile.objects.bulk_create([UserProfile(user_id=u, nickname=f"user{u}",
                                                 slug=f"user{u}", is_verified=True)
                                     for u in users], batch_size=2000)
    categories = Category.objects.bulk_create([
        Category(title=f"Category {i}", slug=f"category-{i}", description="A place to talk.")
        for i in range(SIZES["categories"])])
    words = ("network billing customers fiber roaming store security cloud data release "
             "outage budget training roadmap survey partner dashboard").split()
    topics = []
    for i in range(SIZES["topics"]):
        title = " ".join(rng.choice(words) for _ in range(6)).capitalize()
        when = now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        topics.append(Topic(user_id=rng.choice(users), category=rng.choice(categories),
                            title=title, slug=slugify(title)[:50], date=when, last_active=when))
    Topic.objects.bulk_create(topics, batch_size=5000)
    topics = list(Topic.objects.order_by("pk"))
    comments, counts = [], {}
    for i in range(SIZES["comments"]):
        topic = topics[i] if i < len(topics) else rng.choice(topics)  # each topic has a first
        text = " ".join(rng.choice(words) for _ in range(rng.randint(12, 60)))
        when = topic.date + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 30))
        comments.append(Comment(user_id=rng.choice(users), topic=topic, comment=text,
                                comment_html=f"<p>{text}</p>", date=min(when, now)))
        counts[topic.pk] = counts.get(topic.pk, 0) + 1
        topic.last_active = max(topic.last_active, min(when, now))
    Comment.objects.bulk_create(comments, batch_size=5000)
    for topic in topics:
        topic.comment_count = counts.get(topic.pk, 0)
    Topic.objects.bulk_update(topics, ["comment_count", "last_active"], batch_size=5000)

def session_for(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "spirit.user.auth.backends.UsernameAuthBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key

readers = list(User.objects.order_by("pk")[:3])
biggest = Category.objects.filter(title__startswith="Category ").order_by("pk")
topics = list(Topic.objects.filter(comment_count__gte=5).order_by("-last_active")
              .values_list("pk", "slug")[:40])
print(json.dumps({
    "sessions": [session_for(u) for u in readers],
    "categories": [[c.pk, c.slug] for c in biggest],
    "topics": topics,
    "users": User.objects.count(), "topic_count": Topic.objects.count(),
    "comment_count": Comment.objects.count(),
}))
"""


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{VERSION} {GUNICORN} {SIZES} {SETTINGS} {FILL}".encode())
    return digest.hexdigest()[:12]


class Peer:
    """The peer's folder, environment and server."""

    def __init__(self, seed: int = 42) -> None:
        self.seed = seed
        self.home = ROOT / "bench-data" / f"peer-spirit-{VERSION}"
        self.venv = self.home / "venv"
        self.site = self.home / "peer"  # its project (`spirit startproject peer`)
        self.python = self.venv / "bin" / "python"
        self.process: subprocess.Popen | None = None

    def _run(self, *command: str, **kwargs) -> subprocess.CompletedProcess:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peer.settings.bench"}
        env.pop("DATABASE_URL", None)
        result = subprocess.run(  # noqa: S603 - our own commands on our own folder
            command, cwd=self.site, env=env, capture_output=True, text=True, check=False, **kwargs
        )
        if result.returncode != 0:
            raise SystemExit(
                f"The peer forum: {' '.join(command[:3])} failed:\n{result.stderr[-3000:]}"
            )
        return result

    def prepare(self) -> dict:
        """Install, build and fill the peer (once), and answer what the measures need."""
        stamp = self.home / "built"
        if stamp.exists() and stamp.read_text().strip() != _fingerprint():
            shutil.rmtree(self.home)
        if not self.python.exists():
            print(f"Installing django-spirit {VERSION} for the peer run...", flush=True)
            self.home.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)  # noqa: S603
            subprocess.run(  # noqa: S603
                [
                    str(self.python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    f"django-spirit=={VERSION}",
                    f"gunicorn=={GUNICORN}",
                ],
                check=True,
            )
        if not (self.site / "manage.py").exists():
            spirit = self.venv / "bin" / "spirit"
            path = f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
            subprocess.run(  # noqa: S603 - its own command, in its own environment
                [str(spirit), "startproject", "peer"],
                cwd=self.home,
                env={**os.environ, "PATH": path},
                check=True,
            )
            (self.site / "peer" / "settings" / "bench.py").write_text(
                SETTINGS.format(database=str(self.home / "forum.sqlite3"))
            )
        started = time.monotonic()
        if not stamp.exists():
            print("Building the peer forum (2,000 users, 20,000 topics, 100,000 comments)...")
            self._run(str(self.python), "manage.py", "migrate", "--noinput")
            self._run(str(self.python), "manage.py", "createcachetable")
            self._run(str(self.python), "manage.py", "collectstatic", "--noinput")
        fill = FILL % {"sizes": json.dumps(SIZES), "seed": self.seed}
        out = self._run(str(self.python), "manage.py", "shell", "-c", fill)
        if not stamp.exists():
            stamp.write_text(_fingerprint())
            (self.home / "build-seconds").write_text(f"{time.monotonic() - started:.0f}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def start(self, port: int, workers: int, log: Path) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peer.settings.bench"}
        env.pop("DATABASE_URL", None)
        gunicorn = self.venv / "bin" / "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [
                str(gunicorn),
                "peer.wsgi",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=self.site,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("The peer's gunicorn stopped:\n" + log.read_text()[-3000:])
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status == 200:  # noqa: S310
                    return
            except (OSError, urllib.error.HTTPError):
                pass
            time.sleep(0.5)
        self.stop()
        raise SystemExit("The peer forum did not answer within 90 s:\n" + log.read_text()[-3000:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def scenarios(setup: dict) -> dict[str, list[str]]:
    """The peer's pages, signed in, as wrk request lines (as bench/web.py writes them)."""

    def line(path: str, session: str) -> str:
        return f"GET\t{path}\tCookie: sessionid={session}\t"

    sessions = setup["sessions"]
    return {
        "category topic list": [
            line(f"/category/{pk}/{slug}/", sessions[i % len(sessions)])
            for i, (pk, slug) in enumerate(setup["categories"])
        ],
        "index": [line("/", s) for s in sessions],
        "topic page": [
            line(f"/topic/{pk}/{slug}/", sessions[i % len(sessions)])
            for i, (pk, slug) in enumerate(setup["topics"])
        ],
    }
