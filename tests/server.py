"""Start the production server (gunicorn + whitenoise, DEBUG off) in a subprocess for tests
that need real processes: concurrent SQLite writers, a missing database, PostgreSQL."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faq.settings",
        "DJANGO_DEBUG": "0",
        "FAQ_DATA_DIR": str(data_dir),
        "FAQ_COMPILED_LOCALE_DIR": str(ROOT / "var" / "locale"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    # A server started by the tests is a production process: the test runner's database URL
    # and the browser tests' async-safety override must not leak into it.
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, check=True):
    """Run a management command in its own process; its CompletedProcess (output as text)."""
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=check, capture_output=True, text=True)


class Server:
    """gunicorn on 127.0.0.1:<free port>; `url(path)` builds addresses; `stop()` ends it."""

    def __init__(self, env, workers=2, migrate=True):
        if migrate:
            manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        self.port = free_port()
        self.log = open(Path(env["FAQ_DATA_DIR"]) / "gunicorn.log", "w+")  # noqa: SIM115
        command = [str(BIN / "gunicorn"), "faq.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--capture-output", "--error-logfile", "-"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self.wait_ready()
        except RuntimeError:
            self.stop()
            raise

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.logs()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=1):
                    return
            # TimeoutError: the master accepts before a busy machine has booted a worker.
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer: {self.logs()}")

    def logs(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if not self.log.closed:
            self.log.close()
