"""`make bench`, side by side: Hearth against a peer forum (bench/peer.py), in the same run.

Hearth serves its dataset (bench/dataset.py, 30,000 people by default) with `hearth serve` and the
peer its forum with gunicorn, each with the same number of web processes, both on 127.0.0.1 at
once. Each pair of pages is measured interleaved, Hearth then the peer then Hearth then the peer
(A, B, A, B), each round at concurrency 1 (latency) and 4 (throughput) with the same wrk
settings, so the noise of the machine falls on both alike; only the ratios mean anything.

Prints a table of each figure and its ratio to the peer's, with the goals of issue 19, and
writes it under bench/results/ (versus-<people>-<database>.md and .json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset  # noqa: E402
import peer  # noqa: E402
import web  # noqa: E402

# Hearth's page, the peer's page it is compared with, the least ratio of requests/s at
# concurrency 4 (Hearth's over the peer's), and the most p95 at concurrency 1 (ms).
PAIRS = [
    ("home feed (HTML)", "category topic list", 3.0, 40),
    ("community feed", "category topic list", 3.0, 40),
    ("topic feed", "category topic list", 3.0, 40),
    ("Discover", "category topic list", 3.0, 40),
    ("post page", "topic page", 3.0, 40),
    ("home feed (API)", "category topic list", None, 25),
]
ALSO = ["index"]  # the peer's other list page, measured for the record
CONCURRENCY = (1, 4)


def _measure(base: str, lines: list[str], seconds: int, work: Path) -> dict[int, dict]:
    web.wrk(base, lines, 1, 1, work)  # warm
    return {c: web.wrk(base, lines, c, seconds, work) for c in CONCURRENCY}


def _merge(rounds: list[dict[int, dict]]) -> dict[str, float]:
    """The rounds' figures together: the mean of requests/s, the median of latencies."""
    out: dict[str, float] = {}
    for c in CONCURRENCY:
        out[f"rps{c}"] = statistics.mean(r[c]["rps"] for r in rounds)
        out[f"p50_{c}"] = statistics.median(r[c]["p50_us"] for r in rounds) / 1000
        out[f"p95_{c}"] = statistics.median(r[c]["p95_us"] for r in rounds) / 1000
        out[f"errors{c}"] = sum(r[c]["status_errors"] + r[c]["socket_errors"] for r in rounds)
    return out


def table(report: dict) -> str:
    rows = [
        f"Hearth against {report['peer']['name']}, side by side: {report['people']:,} people and "
        f"{report['posts']:,} posts on {report['database']} against the peer's "
        f"{report['peer']['users']:,} users, {report['peer']['topics']:,} topics and "
        f"{report['peer']['comments']:,} comments on SQLite; {report['workers']} web processes "
        f"each; commit {report['commit']}, {report['date']}.",
        "",
        f"Machine: {report['machine']}. Each pair measured A, B, A, B ({report['rounds']} rounds "
        f"of {report['seconds']} s per concurrency).",
        "",
        "| Hearth page | req/s at 4 | p95 ms at 1 | peer page | req/s at 4 | p95 ms at 1 | "
        "ratio (req/s at 4) | goal | p95 goal | errors (Hearth / peer) |",
        "|---|---:|---:|---|---:|---:|---:|---|---|---:|",
    ]
    for row in report["pairs"]:
        h, p = row["hearth"], row["peer"]
        ratio = h["rps4"] / p["rps4"] if p["rps4"] else 0
        goal = ""
        if row["goal_ratio"] is not None:
            met = "met" if ratio >= row["goal_ratio"] else "missed"
            goal = f"{row['goal_ratio']:.0f}x: {met}"
        p95 = f"{row['goal_p95']} ms: {'met' if h['p95_1'] <= row['goal_p95'] else 'missed'}"
        errors = f"{int(h['errors1'] + h['errors4'])} / {int(p['errors1'] + p['errors4'])}"
        rows.append(
            f"| {row['name']} | {h['rps4']:.0f} | {h['p95_1']:.1f} | {row['peer_name']} | "
            f"{p['rps4']:.0f} | {p['p95_1']:.1f} | {ratio:.2f}x | {goal} | {p95} | {errors} |"
        )
    for name, figures in report.get("also", {}).items():
        rows.append(
            f"| | | | {name} | {figures['rps4']:.0f} | {figures['p95_1']:.1f} | | | | "
            f"- / {int(figures['errors1'] + figures['errors4'])} |"
        )
    rss = ", ".join(f"{m:.0f}" for m in report["rss"]["hearth_web_mb"]) or "-"
    rows += ["", f"Peak RSS of Hearth's web processes: {rss} MB (goal: at most 250 MB).", ""]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--seconds", type=int, default=6, help="Length of each measurement.")
    parser.add_argument("--rounds", type=int, default=2, help="A, B rounds per pair.")
    parser.add_argument("--workers", type=int, default=2, help="Web processes, on both sides.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--peer-port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true", help="Reuse a stale Hearth dataset.")
    args = parser.parse_args()
    data = dataset.prepare(args.people, args.seed, setup=False, keep=args.keep)
    rival = peer.Peer(seed=args.seed)
    peer_setup = rival.prepare()
    hearth = str(Path(sys.executable).parent / "hearth")
    env = web.bench_env()
    run = subprocess.run(  # noqa: S603 - our own command
        [hearth, "shell", "-c", web.SETUP], env=env, capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise SystemExit(f"Could not prepare the bench users:\n{run.stderr[-3000:]}")
    setup = json.loads(run.stdout.strip().splitlines()[-1])
    ours, theirs = web.scenarios(setup), peer.scenarios(peer_setup)
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    report: dict = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": web.commit(),
        "machine": web.machine(),
        "database": database,
        "people": setup["people"],
        "posts": setup["post_count"],
        "workers": args.workers,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "peer": {
            "name": f"django-spirit {peer.VERSION}",
            "users": peer_setup["users"],
            "topics": peer_setup["topic_count"],
            "comments": peer_setup["comment_count"],
        },
        "pairs": [],
        "also": {},
        "dataset_seconds": dataset.seed_seconds(data),
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        server = web.start_server(env, args.port, args.workers, "asgi", work / "serve.log")
        worker = web.start_worker(env, work / "worker.log")
        ours_base = f"http://127.0.0.1:{args.port}"
        theirs_base = f"http://127.0.0.1:{args.peer_port}"
        try:
            rival.start(args.peer_port, args.workers, work / "peer.log")
            web.idle(ours_base)
            peer_rounds: dict[str, list] = {}
            for name, peer_name, goal_ratio, goal_p95 in PAIRS:
                a_rounds, b_rounds = [], []
                for _ in range(args.rounds):
                    a_rounds.append(_measure(ours_base, ours[name], args.seconds, work))
                    b_rounds.append(_measure(theirs_base, theirs[peer_name], args.seconds, work))
                peer_rounds.setdefault(peer_name, []).extend(b_rounds)
                row = {
                    "name": name,
                    "peer_name": peer_name,
                    "goal_ratio": goal_ratio,
                    "goal_p95": goal_p95,
                    "hearth": _merge(a_rounds),
                    "peer": _merge(b_rounds),
                }
                report["pairs"].append(row)
                ratio = row["hearth"]["rps4"] / max(row["peer"]["rps4"], 1e-9)
                print(f"  {name} against {peer_name}: {ratio:.2f}x", flush=True)
            for name in ALSO:
                report["also"][name] = _merge(
                    [_measure(theirs_base, theirs[name], args.seconds, work)]
                )
            report["rss"] = {
                "hearth_web_mb": [
                    round(m, 1)
                    for m in map(web._peak_rss_mb, web._children(server.pid))
                    if m is not None
                ]
            }
        finally:
            rival.stop()
            web.stop(server)
            web.stop(worker)
    web.write(f"versus-{args.people}-{database.lower()}", table(report), report)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
