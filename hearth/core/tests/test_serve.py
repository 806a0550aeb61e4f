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
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
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
