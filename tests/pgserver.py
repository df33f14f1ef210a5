"""A throwaway PostgreSQL server for tests: initdb into a temporary folder, run as the `postgres`
user (the server refuses to run as root), listen on 127.0.0.1 and on a socket inside that folder,
durability off for speed. `running()` always stops the server and deletes the folder."""

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.server import free_port

INSTALL_HINT = "install the PostgreSQL server with `apt-get install postgresql`"
TIMEOUT = 30  # seconds for any one initdb / pg_ctl call
# A test database: nothing needs to survive a crash, so skip every flush to disk.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "40",
    "shared_buffers": "32MB",
}


def find_bindir():
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl (Debian's layout), else
    the folder of an initdb on PATH, else None."""
    found = Path("/usr/lib/postgresql").glob("*/bin")
    for bindir in sorted(found, key=lambda path: _version(path.parent.name), reverse=True):
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _version(name):
    return tuple(int(part) for part in re.findall(r"\d+", name))


class PostgresServer:
    """One cluster in a fresh temporary folder with a `faq` role (password, over TCP) owning a
    `faq` database; `url` is the DATABASE_URL for it, `connect()` a superuser connection."""

    def __init__(self, bindir, user="postgres"):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.owner = pwd.getpwnam(user) if self.as_root else pwd.getpwuid(os.geteuid())
        self.dir = Path(tempfile.mkdtemp(prefix="faq-pg-"))
        self.data = self.dir / "data"
        self.socket_dir = self.dir / "socket"
        self.port = free_port()
        self.password = secrets.token_hex(16)
        self.url = f"postgres://faq:{self.password}@127.0.0.1:{self.port}/faq"

    def _run(self, *command):
        """Run a PostgreSQL tool as the cluster's owner, failing with its output."""
        if self.as_root:
            command = ("runuser", "-u", self.owner.pw_name, "--", *command)
        # cwd: the owner cannot enter the directory pytest was started from.
        result = subprocess.run(
            command, cwd=self.dir, capture_output=True, text=True, timeout=TIMEOUT + 10, check=False
        )
        if result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}{self.logs()}")

    def create(self):
        os.chown(self.dir, self.owner.pw_uid, self.owner.pw_gid)
        self.socket_dir.mkdir()
        os.chown(self.socket_dir, self.owner.pw_uid, self.owner.pw_gid)
        initdb = [str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8"]
        # Local (socket) connections are the test's superuser; TCP needs the app role's password.
        initdb += ["--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]
        self._run(*initdb)
        settings = {**SETTINGS, "port": str(self.port), "unix_socket_directories": f"'{self.socket_dir}'"}
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self.start()
        with self.connect() as db:
            db.execute(sql.SQL("CREATE ROLE faq LOGIN PASSWORD {}").format(sql.Literal(self.password)))
            # PostgreSQL 15 lets only the database owner create tables in `public`: as in production.
            db.execute("CREATE DATABASE faq OWNER faq")

    def start(self):
        self._pg_ctl("-l", str(self.dir / "postgres.log"), "start")

    def stop(self, mode="fast"):
        self._pg_ctl("-m", mode, "stop")

    def _pg_ctl(self, *args):
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-t", str(TIMEOUT), *args)

    def is_running(self):
        return (self.data / "postmaster.pid").exists()

    def connect(self, dbname="postgres"):
        return psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user="postgres",
            dbname=dbname,
            autocommit=True,
            connect_timeout=5,
        )

    def logs(self):
        log = self.dir / "postgres.log"
        return f"\n--- postgres.log ---\n{log.read_text(errors='replace')}" if log.exists() else ""

    def remove(self):
        try:
            if self.is_running():
                self.stop("immediate")
        except (RuntimeError, subprocess.TimeoutExpired):
            self._kill()
            raise
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _kill(self):
        """Last resort when pg_ctl cannot stop it: the postmaster's children exit when it dies."""
        with contextlib.suppress(OSError, ValueError, IndexError):
            os.kill(int((self.data / "postmaster.pid").read_text().split()[0]), signal.SIGKILL)


@contextlib.contextmanager
def running():
    """Yield a started PostgresServer; fail (not skip) with an install hint when PostgreSQL is
    missing, since the PostgreSQL support is part of what the tests must prove."""
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(f"no PostgreSQL server binaries in /usr/lib/postgresql/*/bin or on PATH: {INSTALL_HINT}")
    try:
        server = PostgresServer(bindir)
    except KeyError:
        pytest.fail(f"no `postgres` system user to run PostgreSQL as (tests run as root): {INSTALL_HINT}")
    try:
        server.create()
        yield server
    finally:
        server.remove()
