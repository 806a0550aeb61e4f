"""`make bench`, over HTTP: Hearth served the way production runs it, measured with wrk.

Builds or reuses the dataset (bench/dataset.py), starts `hearth serve` with production settings
(DEBUG off) and N web workers, plus one `hearth worker`, on 127.0.0.1 only, on SQLite or on
PostgreSQL when DATABASE_URL is set. For each page or API call it measures p50/p95/p99 at
concurrency 1 and requests/s at concurrency 8 with wrk, each run bounded in time, over a mix of
real users (the heaviest follower, a member of a hundred communities, a newcomer). The ceiling,
a minimal signed-in view through the same middleware and server (`/ping`), is measured in the
same run and every figure is also given as a share of it. Peak memory (RSS) of each web worker
and of the background worker is read from /proc at the end.

Writes a Markdown table and a JSON file under bench/results/ and prints the table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset  # noqa: E402

ROOT = dataset.ROOT
LUA = Path(__file__).resolve().parent / "requests.lua"

# Targets from the issue (milliseconds at p95, concurrency 1).
TARGETS_MS = {
    "home feed (API)": 50,
    "home feed (HTML)": 80,
    "post page": 60,
    "search": 100,
    "create post": 80,
}

SETUP = r"""
import json, random
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count
from hearth.communities.models import Community, Membership
from hearth.conversations.models import Post
from hearth.feeds.models import Follow
from hearth.people.models import Person
from hearth.people.services import token_create

def session_for(person):
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return session.session_key

people = Person.objects.filter(is_active=True, is_stand_in=False)
follower = Follow.objects.filter(person__isnull=False).values("follower").annotate(
    n=Count("id")).order_by("-n").first()["follower"]
member = Membership.objects.values("person").annotate(n=Count("id")).order_by("-n")
member = member.first()["person"]
newcomer = people.exclude(hire_date=None).order_by("-hire_date", "pk").first().pk
admin = people.filter(is_superuser=True).order_by("pk").first()
users = []
for pk, role in ((follower, "heavy follower"), (member, "member of many communities"),
                 (newcomer, "newcomer")):
    person = Person.objects.get(pk=pk)
    communities = Community.objects.filter(memberships__person=person, privacy="open",
                                           state="active").order_by("-member_count")
    communities = list(communities.values_list("slug", flat=True)[:10])
    users.append({"role": role, "username": person.username,
                  "follows": Follow.objects.filter(follower=person).count(),
                  "communities": Membership.objects.filter(person=person).count(),
                  "session": session_for(person),
                  "token": token_create(actor=person, person=person, name="bench")[1],
                  "community_slugs": communities})
rng = random.Random(7)
open_posts = list(Post.objects.filter(community__privacy="open", is_draft=False,
                  deleted_at=None, hidden_at=None, comment_count__gte=2)
                  .order_by("-published_at").values_list("id", flat=True)[:400])
posts = rng.sample(open_posts, k=min(40, len(open_posts)))
# Anyone may reply to a company-wide post (a community's posts take its members' replies).
company_posts = list(Post.objects.filter(community=None, is_draft=False, deleted_at=None,
                     hidden_at=None).order_by("-published_at").values_list("id", flat=True)[:40])
usernames = list(people.filter(is_leader=True).values_list("username", flat=True)[:20]) + \
    list(people.order_by("?").values_list("username", flat=True)[:20])
print(json.dumps({"users": users, "posts": posts, "company_posts": company_posts,
                  "usernames": usernames,
                  "admin_session": session_for(admin) if admin else None,
                  "people": people.count(), "post_count": Post.objects.count()}))
"""

TERMS = [
    "fiber rollout",
    "churn",
    "5G site",
    "security audit",
    "billing release",
    "onboarding checklist",
    "cloud migration",
    "roaming tariffs",
    "network dashboard",
]


#: Every scenario, in the order measured (`--only` takes these names).
NAMES = (
    "ceiling (/ping)",
    "home feed (HTML)",
    "home feed (API)",
    "community feed",
    "topic feed",
    "Discover",
    "post page",
    "person page",
    "search",
    "notification count",
    "create post",
    "create comment",
    "insights dashboard",
)


def scenarios(setup: dict) -> dict[str, list[str]]:
    """Each measured page or call: the wrk request lines of its mix of users."""

    def line(method: str, path: str, headers: dict[str, str], body: str = "") -> str:
        joined = "|".join(f"{k}: {v}" for k, v in headers.items())
        return f"{method}\t{path}\t{joined}\t{body}"

    users = setup["users"]
    cookie = [{"Cookie": f"sessionid={u['session']}"} for u in users]
    token = [{"Authorization": f"Bearer {u['token']}"} for u in users]
    posts, names, replied = setup["posts"], setup["usernames"], setup["company_posts"]
    out: dict[str, list[str]] = {
        "ceiling (/ping)": [line("GET", "/ping", c) for c in cookie],
        "home feed (HTML)": [line("GET", "/", c) for c in cookie],
        "home feed (API)": [line("GET", "/api/v1/feed", t) for t in token],
        "community feed": [
            line("GET", f"/communities/{slug}/", cookie[i])
            for i, u in enumerate(users)
            for slug in u["community_slugs"][:5]
        ],
        "topic feed": [
            line("GET", f"/topics/{topic}/", cookie[i % 3])
            for i, topic in enumerate(("5g", "fiber", "customers", "security", "cloud"))
        ],
        "Discover": [line("GET", "/discover/", c) for c in cookie],
        "post page": [line("GET", f"/posts/{p}/", cookie[i % 3]) for i, p in enumerate(posts)],
        "person page": [line("GET", f"/people/{n}/", cookie[i % 3]) for i, n in enumerate(names)],
        "search": [
            line("GET", f"/search/?q={t.replace(' ', '+')}", cookie[i % 3])
            for i, t in enumerate(TERMS)
        ],
        "notification count": [line("GET", "/notifications/count/", c) for c in cookie],
        "create post": [
            line(
                "POST",
                "/api/v1/posts",
                {**token[i % 3], "Content-Type": "application/json"},
                json.dumps({"kind": "update", "body": f"Benchmark update {i}: numbers so far."}),
            )
            for i in range(3000)
        ],
        "create comment": [
            line(
                "POST",
                f"/api/v1/posts/{replied[i % len(replied)]}/comments",
                {**token[i % 3], "Content-Type": "application/json"},
                json.dumps({"body": f"Benchmark reply {i}, with thanks."}),
            )
            for i in range(3000)
        ],
    }
    if setup.get("admin_session"):
        admin = {"Cookie": f"sessionid={setup['admin_session']}"}
        out["insights dashboard"] = [line("GET", "/insights/", admin)]
    assert set(out) <= set(NAMES), set(out) - set(NAMES)
    return {name: lines for name, lines in out.items() if lines}


def wrk(base: str, lines: list[str], connections: int, seconds: int, work: Path) -> dict:
    script_input = work / "requests.txt"
    script_input.write_text("\n".join(lines) + "\n")
    threads = min(connections, 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base,
        "--",
        str(script_input),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)  # noqa: S603
    last = [row for row in result.stdout.splitlines() if row.startswith("{")]
    if result.returncode != 0 or not last:
        raise SystemExit(f"wrk failed: {result.stderr or result.stdout}")
    figures = json.loads(last[-1])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    except OSError:
        return None
    return None


def _answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200  # noqa: S310 - loopback
    except (OSError, urllib.error.HTTPError):
        return False


def start_server(env: dict, port: int, workers: int, mode: str, log: Path) -> subprocess.Popen:
    hearth = str(Path(sys.executable).parent / "hearth")
    command = [hearth, "serve", "--port", str(port), "--workers", str(workers), "--no-worker"]
    if mode == "wsgi":
        command.append("--wsgi")
    process = subprocess.Popen(  # noqa: S603 - our own command
        command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"hearth serve stopped at start-up (exit {process.returncode}):\n"
                + log.read_text()[-3000:]
            )
        if _answers(f"http://127.0.0.1:{port}/healthz"):
            return process
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("hearth serve did not answer within 90 s:\n" + log.read_text()[-3000:])


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    """The background worker, beside the web processes (as `hearth serve` would start it)."""
    hearth = str(Path(sys.executable).parent / "hearth")
    return subprocess.Popen(  # noqa: S603 - our own command
        [hearth, "worker"],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def idle(base: str, seconds: int = 600) -> None:
    """Wait until the background worker has caught up with the event log (a fresh dataset
    gives it work at first), so the figures measure pages, not a busy worker."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=10) as response:  # noqa: S310
                state = json.loads(response.read())
        except urllib.error.HTTPError as error:
            state = json.loads(error.read() or b"{}")
        except OSError:
            state = {}
        worker = state.get("worker", {})
        if worker.get("events_behind") == 0 and not worker.get("queue"):
            return
        time.sleep(2)
    print("  (the worker is still catching up; measuring anyway)", flush=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def commit() -> str:
    try:
        git = shutil.which("git") or "git"
        return subprocess.run(  # noqa: S603 - a fixed git command
            [git, "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory_gb = round(int(memory) / 1024 / 1024)
    except OSError:
        memory_gb = 0
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_gb} GB, {platform.system()} {platform.release()}"
    )


def run_mode(mode: str, env: dict, setup: dict, args, work: Path) -> dict:
    port = args.port
    server = start_server(env, port, args.workers, mode, work / f"serve-{mode}.log")
    worker = start_worker(env, work / "worker.log")
    base = f"http://127.0.0.1:{port}"
    results: dict[str, dict] = {}
    try:
        idle(base)
        for name, lines in scenarios(setup).items():
            if args.only and name not in args.only:
                continue
            wrk(base, lines, 1, 2, work)  # warm the caches and the workers
            one = wrk(base, lines, 1, args.seconds, work)
            eight = wrk(base, lines, 8, args.seconds, work)
            results[name] = {"c1": one, "c8": eight}
            print(
                f"  {mode} {name}: p95 {one['p95_us'] / 1000:.1f} ms, "
                f"{eight['rps']:.0f} req/s at 8",
                flush=True,
            )
        rss = {
            "web_workers_mb": [
                round(m, 1) for m in map(_peak_rss_mb, _children(server.pid)) if m is not None
            ],
            "background_worker_mb": round(_peak_rss_mb(worker.pid) or 0, 1),
        }
    finally:
        stop(server)
        stop(worker)
    return {"results": results, "rss": rss}


def table(report: dict) -> str:
    rows = [
        f"Hearth bench: {report['people']:,} people, {report['posts']:,} posts, "
        f"{report['database']}, {report['workers']} web workers, commit {report['commit']}, "
        f"{report['date']}",
        "",
        f"Machine: {report['machine']}",
        "",
    ]
    for mode, data in report["modes"].items():
        ceiling = data["results"].get("ceiling (/ping)", {}).get("c8", {}).get("rps") or 0
        rows += [
            f"### {mode.upper()} (`hearth serve{' --wsgi' if mode == 'wsgi' else ''}`)",
            "",
            "| | p50 ms | p95 ms | p99 ms | req/s at 1 | req/s at 8 | share of ceiling | "
            "target (p95) | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
        for name, figures in data["results"].items():
            one, eight = figures["c1"], figures["c8"]
            target = TARGETS_MS.get(name)
            met = ""
            if target is not None:
                met = f"{target} ms: {'met' if one['p95_us'] / 1000 <= target else 'missed'}"
            share = f"{eight['rps'] / ceiling:.0%}" if ceiling else "-"
            errors = (
                one["status_errors"]
                + eight["status_errors"]
                + one["socket_errors"]
                + eight["socket_errors"]
            )
            rows.append(
                f"| {name} | {one['p50_us'] / 1000:.1f} | {one['p95_us'] / 1000:.1f} | "
                f"{one['p99_us'] / 1000:.1f} | {one['rps']:.0f} | {eight['rps']:.0f} | "
                f"{share} | {met} | {errors} |"
            )
        rss = data["rss"]
        workers = ", ".join(f"{m:.0f}" for m in rss["web_workers_mb"]) or "-"
        rows += [
            "",
            f"Peak RSS: web workers {workers} MB; background worker "
            f"{rss['background_worker_mb']:.0f} MB.",
            "",
        ]
    if report.get("insights"):
        rows.append(f"Insights full rebuild: {report['insights']['rebuild_seconds']:.0f} s.")
    if report.get("seed"):
        rows.append(f"Dataset built in {report['seed']} (`hearth seed`, when first built).")
    return "\n".join(rows) + "\n"


def write(stem: str, text: str, report: dict) -> None:
    """The table and its figures under bench/results/, and the table on the screen."""
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.md").write_text(text)
    (out / f"{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(text)
    print(f"Written to bench/results/{stem}.md and .json")


def bench_env() -> dict[str, str]:
    """Production settings (DEBUG off) on the dataset, on loopback, with no rate limits."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "HEARTH_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HEARTH_LOG_FORMAT": "plain",
        "HEARTH_RATE_POSTS": "1000000/h",
        "HEARTH_RATE_COMMENTS": "1000000/h",
        "HEARTH_RATE_MENTIONS": "1000000/h",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--seconds", type=int, default=8, help="Length of each measurement.")
    parser.add_argument("--workers", type=int, default=min(4, (os.cpu_count() or 1) * 2))
    parser.add_argument("--modes", default="asgi,wsgi", help="asgi, wsgi or both.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", nargs="*", help="Measure only these scenarios.")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Use the cached dataset even if an older version "
        "of Hearth wrote it (profiling between changes; figures are then not comparable).",
    )
    parser.add_argument(
        "--rebuild-insights",
        action="store_true",
        help="Also time a full `hearth insights rebuild` (minutes at 30,000).",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian's package).")
    unknown = sorted(set(args.only or ()) - set(NAMES))
    if unknown:
        raise SystemExit(
            f"--only: no scenario named {', '.join(map(repr, unknown))}; the scenarios are "
            + ", ".join(map(repr, NAMES))
        )
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in ("asgi", "wsgi") for m in modes):
        raise SystemExit(f"--modes takes asgi, wsgi or both (got {args.modes!r}).")
    data = dataset.prepare(args.people, args.seed, setup=False, keep=args.keep)
    hearth = str(Path(sys.executable).parent / "hearth")
    env = bench_env()
    setup_run = subprocess.run(  # noqa: S603 - our own command
        [hearth, "shell", "-c", SETUP], env=env, capture_output=True, text=True, check=False
    )
    if setup_run.returncode != 0:
        raise SystemExit(f"Could not prepare the bench users:\n{setup_run.stderr[-3000:]}")
    setup = json.loads(setup_run.stdout.strip().splitlines()[-1])
    database = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    report = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": machine(),
        "database": database,
        "people": setup["people"],
        "posts": setup["post_count"],
        "workers": args.workers,
        "seconds_per_measure": args.seconds,
        "users": [{k: u[k] for k in ("role", "follows", "communities")} for u in setup["users"]],
        "modes": {},
        "seed": dataset.seed_seconds(data),
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for mode in modes:
            print(f"Measuring {mode.upper()} with {args.workers} web workers...", flush=True)
            report["modes"][mode] = run_mode(mode, env, setup, args, work)
    if args.rebuild_insights:
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [hearth, "insights", "rebuild"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        report["insights"] = {"rebuild_seconds": time.monotonic() - started}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"web-{args.people}-{database.lower()}"
    previous = out / f"{stem}.json"
    if args.only and previous.exists():  # measured again: the other figures stay
        earlier = json.loads(previous.read_text())
        for mode, data in report["modes"].items():
            kept = earlier["modes"].setdefault(mode, data)
            kept["results"].update(data["results"])
        earlier.update({k: report[k] for k in ("date", "commit")})
        report = earlier
    write(stem, table(report), report)


if __name__ == "__main__":
    main()
