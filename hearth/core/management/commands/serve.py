"""Serve Hearth with gunicorn, plus the background worker for the embedded default.

By default gunicorn runs uvicorn workers on `hearth.config.asgi`: pages in each process's fixed
pool of `--threads` threads (Django's WSGI handler, persistent database connections) and the live
stream (server-sent events) on Django's ASGI handler, on one port. `--wsgi` runs gunicorn's
threaded WSGI workers instead, which cannot hold live streams: put `hearth serve` processes
without `--wsgi` behind the same address for `/live/` (see docs/operations.md), or pages fall
back to checking every 30 seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from hearth.core.ops import preflight


class Command(BaseCommand):
    help = (
        "Serve Hearth over HTTP with gunicorn (ASGI with live updates, or --wsgi); also runs "
        "the background worker unless told not to."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, (os.cpu_count() or 1) * 2),
            help="Web worker processes (default: twice the cores, at most 4).",
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="Threads per web worker serving pages."
        )
        parser.add_argument(
            "--wsgi",
            action="store_true",
            help="Threaded WSGI workers: faster pages, no live stream (route /live/ elsewhere).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background worker (run `hearth worker` separately).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        preflight()
        from gunicorn.app.base import BaseApplication

        call_command("collectstatic", interactive=False, verbosity=0)
        # Each web worker process writes its metrics here; /metrics adds them up.
        metrics_dir = settings.INSTANCE_DIR / "metrics" / str(options["port"])
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
        os.environ["HEARTH_WEB_THREADS"] = str(options["threads"])  # read by hearth/config/asgi.py
        worker_process: list[subprocess.Popen[bytes]] = []

        def start_worker(_server: Any) -> None:
            if options["no_worker"]:
                return
            worker_process.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and module
                    [sys.executable, "-m", "hearth.cli", "worker"], env=os.environ.copy()
                )
            )

        def stop_worker(_server: Any) -> None:
            for process in worker_process:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

        def forget_worker_metrics(_server: Any, worker: Any) -> None:
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]

        bind = f"[{options['host']}]" if ":" in options["host"] else options["host"]
        config = {
            "bind": f"{bind}:{options['port']}",
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread"
            if options["wsgi"]
            else "hearth.core.servers.HearthUvicornWorker",
            # Forwarded headers only from the proxies the operator named (gunicorn and uvicorn
            # would otherwise trust loopback, where anyone on the machine, or a proxy that
            # passes the client's own header through, sits).
            "forwarded_allow_ips": ",".join(settings.HEARTH_TRUSTED_PROXIES),
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
            "when_ready": start_worker,
            "on_exit": stop_worker,
            "child_exit": forget_worker_metrics,
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                # The project's own entry points, named by settings as Django names them.
                kind = "WSGI_APPLICATION" if options["wsgi"] else "ASGI_APPLICATION"
                return import_string(getattr(settings, kind))

        self.stdout.write(
            f"{settings.HEARTH_NETWORK_NAME} is served on http://{bind}:{options['port']} "
            f"({options['workers']} {'WSGI' if options['wsgi'] else 'ASGI'} workers)"
        )
        Server().run()
