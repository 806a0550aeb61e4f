"""Operations: readiness, Prometheus metrics, structured logs, and backup/restore round trips
(SQLite's online backup on the first pass, pg_dump/pg_restore on the PostgreSQL pass)."""

from __future__ import annotations

import datetime
import json
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from hearth.core.models import Event
from hearth.core.tasks import refresh_planner_statistics


def test_readyz_checks_the_database_the_cache_and_the_worker(client, settings, db):
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["cache"] == "ok"
    assert body["worker"]["status"] == "ok"
    settings.HEARTH_READY_MAX_LAG_SECONDS = 60
    Event.objects.create(
        verb="post.created", created_at=timezone.now() - datetime.timedelta(minutes=10)
    )  # nothing has handled it
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["worker"]["events_behind"] >= 1
    assert response.json()["worker"]["seconds_behind"] >= 590


def test_metrics_for_the_scraper_only(client, settings, db):
    client.get("/healthz")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'hearth_request_seconds_count{method="GET",route="healthz",status="2xx"}' in body
    assert "hearth_event_lag_events" in body and "hearth_email_overdue" in body
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403
    # Through a proxy on the same machine the caller is not local.
    proxied = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.status_code == 403
    settings.HEARTH_METRICS_TOKEN = "scrape-me"
    allowed = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer scrape-me")
    assert allowed.status_code == 200
    wrong = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 403


def test_production_logs_are_json_lines(settings, capsys):
    import io

    from pythonjsonlogger.json import JsonFormatter

    config = settings.LOGGING["formatters"]["json"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(config["format"], rename_fields=config["rename_fields"]))
    logger = logging.getLogger("hearth.test.json")
    logger.addHandler(handler)
    logger.warning("Disk %s is almost full", "/data")
    line = json.loads(stream.getvalue())
    assert line["level"] == "WARNING" and line["logger"] == "hearth.test.json"
    assert line["message"] == "Disk /data is almost full" and "time" in line


def _hearth(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    hearth = str(Path(sys.executable).parent / "hearth")
    return subprocess.run(  # noqa: S603 - our own command and arguments
        [hearth, *args], env=env, capture_output=True, text=True, check=check, timeout=300
    )


@pytest.fixture
def scratch_database(tmp_path, db):
    """Environment for `hearth` subprocesses on a database of their own, of the suite's kind."""
    env = {
        **os.environ,
        "HEARTH_DATA_DIR": str(tmp_path / "data"),
        "HEARTH_ADMIN_PASSWORD": "a-long-enough-password",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = f"hearth_backup_{uuid.uuid4().hex[:8]}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{base}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _usernames(env) -> list[str]:
    out = _hearth(
        env,
        "shell",
        "-c",
        "from hearth.people.models import Person; "
        "print(sorted(Person.objects.filter(is_stand_in=False)"
        ".values_list('username', flat=True)))",
    ).stdout
    return eval(out.strip().splitlines()[-1])  # noqa: S307 - our own printed list


def test_backup_and_restore_round_trip(scratch_database, tmp_path):
    env = scratch_database
    _hearth(env, "migrate")
    _hearth(env, "createadmin", "--username", "first", "--email", "first@tellall.example")
    backup = tmp_path / ("hearth.sqlite3" if connection.vendor == "sqlite" else "hearth.dump")
    assert "written" in _hearth(env, "backup", str(backup)).stdout
    _hearth(env, "createadmin", "--username", "second", "--email", "second@tellall.example")
    assert _usernames(env) == ["first", "second"]
    refused = _hearth(env, "restore", str(backup), check=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    assert _usernames(env) == ["first", "second"]  # nothing happened without --yes
    assert "restored" in _hearth(env, "restore", str(backup), "--yes").stdout
    assert _usernames(env) == ["first"]
    # Bad input: not a backup, and a backup file that exists already.
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    wrong = _hearth(env, "restore", str(bogus), "--yes", check=False)
    assert wrong.returncode != 0 and "not a" in wrong.stderr
    again = _hearth(env, "backup", str(backup), check=False)
    assert again.returncode != 0 and "exists already" in again.stderr


def test_ping_answers_a_signed_in_person_and_sends_others_to_sign_in(client, company):
    response = client.get("/ping")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(company.member)
    response = client.get("/ping")
    assert response.status_code == 200 and response.content == b"ok"
    assert client.post("/ping").status_code == 405


def _start(*args: str, **env: str) -> subprocess.CompletedProcess:
    hearth = str(Path(sys.executable).parent / "hearth")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base", **env}
    environment.pop("HEARTH_TEST_POSTGRES_URL", None)
    return subprocess.run(
        [hearth, *args], env=environment, capture_output=True, text=True, timeout=60, check=False
    )


def test_serve_and_worker_refuse_to_start_without_their_database_and_name_the_setting(tmp_path):
    from hearth.core.tests.nodes import free_port

    port = free_port()  # nothing listens there
    url = f"postgresql://hearth:secret@127.0.0.1:{port}/hearth"
    for command in (["worker"], ["serve", "--port", str(free_port())]):
        result = _start(*command, DATABASE_URL=url, HEARTH_DATA_DIR=str(tmp_path))
        assert result.returncode == 1
        assert f"Cannot reach the database set by DATABASE_URL (127.0.0.1:{port}/hearth)" in (
            result.stderr
        )
        assert "Traceback" not in result.stderr and "secret" not in result.stderr


def test_serve_refuses_to_start_without_redis_and_never_prints_its_password(tmp_path):
    from hearth.core.tests.nodes import free_port

    port = free_port()
    result = _start(
        "serve",
        "--port",
        str(free_port()),
        HEARTH_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=f"redis://:hunter2@127.0.0.1:{port}/0",
    )
    assert result.returncode == 1
    assert f"Cannot reach Redis set by REDIS_URL (127.0.0.1:{port}/0)" in result.stderr
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


def test_pages_keep_working_when_redis_stops_answering(caplog):
    from hearth.core.cache import ResilientRedisCache
    from hearth.core.tests.nodes import free_port

    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    with caplog.at_level(logging.WARNING, logger="hearth.core.cache"):
        assert cache.get("feed:1", "missed") == "missed"
        assert cache.set("feed:1", "value") is None
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("lock", 1) is False
        assert cache.delete("feed:1") is False
    assert "serving without it" in caplog.text


def test_seed_refuses_a_company_of_nobody(db):
    from django.core.management import CommandError, call_command

    for people in ("0", "-5"):
        with pytest.raises(CommandError, match="--people must be between 20 and 200000"):
            call_command("seed", "--people", people)
    with pytest.raises(CommandError, match="--days must be between 7 and 3650"):
        call_command("seed", "--people", "30", "--days", "0")


def test_the_planner_statistics_are_refreshed_on_sqlite(db):
    """SQLite picks an index by what it knows of the tables; every six hours the worker tells
    it (PostgreSQL's autovacuum does so on its own)."""
    for n in range(3):
        Event.objects.create(verb=f"test.{n}", created_at=timezone.now())
    refreshed = refresh_planner_statistics.call_local()
    assert refreshed is (connection.vendor == "sqlite")
    if refreshed:
        with connection.cursor() as cursor:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'event_verb_time'")
            assert cursor.fetchone()[0].startswith("3 ")
