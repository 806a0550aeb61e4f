"""`hearth serve` the way operators run it: gunicorn, the worker beside it, its own database."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str):
    request = urllib.request.Request(url)  # noqa: S310 - our own server on 127.0.0.1
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=5)
    except urllib.error.HTTPError as error:
        return error


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_hearth_serves_pages_and_runs_the_worker_on_its_own_database(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'instance.sqlite3'}",
        "HEARTH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    hearth = [sys.executable, "-m", "hearth.cli"]
    subprocess.run([*hearth, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [*hearth, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = _get(f"{base}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "hearth serve did not answer in 60 s"
                time.sleep(0.3)
        assert health.status == 200
        home = _get(f"{base}/")
        assert home.status == 302 and "/accounts/login/" in home.headers["Location"]
        login = _get(f"{base}/accounts/login/")
        assert login.status == 200 and b"Sign in" in login.read()
        assert _get(f"{base}/static/hearth/hearth.css").status == 200
        assert _get(f"{base}/api/v1/me").status == 401
        while "consumer started" not in (tmp_path / "serve.log").read_text().lower():
            assert time.monotonic() < deadline, "the background worker did not start"
            time.sleep(0.3)
        assert (tmp_path / "instance-files" / "tasks.sqlite3").exists()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def _failed_sign_ins(base: str, count: int, forwarded: bool) -> list[str]:
    """What `count` failed sign-ins were told, each for another email (so only the per-address
    limit can stop them), each claiming another client address if `forwarded`."""
    import http.cookiejar
    import re
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{base}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    statuses = []
    for n in range(count):
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "login": f"nobody{n}@example.com", "password": "x"}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
            f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
        )
        if forwarded:
            request.add_header("X-Forwarded-For", f"203.0.113.{n + 1}")
        try:
            answer = opener.open(request, timeout=10).read().decode()
        except urllib.error.HTTPError as error:
            answer = error.read().decode()
        statuses.append("limited" if "Too many failed" in answer else "wrong password")
    return statuses


def _instance_env(tmp_path, **extra: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'instance.sqlite3'}",
        "HEARTH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _serve(tmp_path, extra_env: dict):
    env = _instance_env(tmp_path, HEARTH_LOGIN_RATE="3/m/ip", **extra_env)
    hearth = [sys.executable, "-m", "hearth.cli"]
    subprocess.run([*hearth, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [*hearth, "serve", "--port", str(port), "--workers", "1", "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"{base}/healthz")
            return server, base
        except OSError:
            if time.monotonic() > deadline:
                os.killpg(server.pid, signal.SIGTERM)
                raise AssertionError("hearth serve did not answer in 60 s") from None
            time.sleep(0.3)


def test_a_spoofed_forwarded_header_does_not_escape_the_sign_in_limit(tmp_path):
    server, base = _serve(tmp_path, {})
    try:
        statuses = _failed_sign_ins(base, 5, forwarded=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # Three attempts a minute from one address, whatever address each claimed to come from.
    assert statuses == ["wrong password"] * 3 + ["limited"] * 2, statuses


def test_a_configured_proxy_is_believed(tmp_path):
    server, base = _serve(tmp_path, {"HEARTH_TRUSTED_PROXIES": "127.0.0.1,::1"})
    try:
        statuses = _failed_sign_ins(base, 5, forwarded=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # Five clients behind the proxy, one attempt each.
    assert statuses == ["wrong password"] * 5, statuses


def test_serve_names_a_trusted_proxy_that_is_not_an_address(tmp_path):
    env = _instance_env(tmp_path, HEARTH_TRUSTED_PROXIES="my-proxy")
    result = subprocess.run(
        [sys.executable, "-m", "hearth.cli", "serve", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "HEARTH_TRUSTED_PROXIES" in result.stderr
    assert "Traceback" not in result.stderr
