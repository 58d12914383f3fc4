"""A throwaway PostgreSQL cluster on a Unix socket (as the postgres account when run as root), and a hot standby
streaming from a running cluster (``TempStandby``, for the replica tests)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")


def run_as_postgres(*args: str) -> None:
    """Run a PostgreSQL program (as the postgres account when root: PostgreSQL refuses to run as root)."""
    cmd = [*(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []), *args]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


# What a primary needs for a streaming replica (PostgreSQL's defaults since 10, said here so that no configuration
# elsewhere can take them away); initdb's pg_hba.conf lets local connections replicate.
PRIMARY_OPTIONS = "-c wal_level=replica -c max_wal_senders=10"
# Settings a hot standby must have at least as high as its primary, or it refuses to start.
STANDBY_AT_LEAST = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                    "max_locks_per_transaction")


class TempPostgres:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="gridgov-pg-"))
        self.bin = _bindir()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        run_as_postgres(*args)

    def __enter__(self) -> str:
        self.dir.chmod(0o755)
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        self._run(str(self.bin / "initdb"), "-N", "-D", str(self.dir / "db"), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "db"), "-l", str(self.dir / "log"), "-w", "-o",
                  f"-k {self.dir} -c listen_addresses='' -c max_connections=200 {PRIMARY_OPTIONS}", "start")
        self._run(str(self.bin / "createdb"), "-h", str(self.dir), "-U", "postgres", "gridgov")
        return f"postgresql://postgres@/gridgov?host={self.dir}"

    def __exit__(self, *exc: object) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "db"), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class TempStandby:
    """A hot standby of the running cluster at ``host`` (a socket folder): ``pg_basebackup -R`` into a temporary
    folder, started on its own socket folder (``socket``), streaming from the primary."""

    def __init__(self, host: str, port: int | str = 5432, user: str = "postgres") -> None:
        self.primary = {"host": host, "port": str(port or 5432), "user": user}
        self.bin = _bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="gridgov-standby-"))
        self.socket = str(self.dir)

    def __enter__(self) -> TempStandby:
        import psycopg

        with psycopg.connect(dbname="postgres", **self.primary) as c:
            at_least = " ".join(f"-c {name}={c.execute(f'SHOW {name}').fetchone()[0]}" for name in STANDBY_AT_LEAST)
        self.dir.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        p, b = self.primary, self.bin
        run_as_postgres(str(b / "pg_basebackup"), "-h", p["host"], "-p", p["port"], "-U", p["user"], "-D",
                         str(self.dir / "db"), "-R", "-X", "stream", "-c", "fast")
        run_as_postgres(str(b / "pg_ctl"), "-D", str(self.dir / "db"), "-l", str(self.dir / "log"), "-w", "-o",
                         f"-k {self.dir} -c listen_addresses='' -c port={p['port']} -c hot_standby=on -c fsync=off "
                         f"{at_least}", "start")
        return self

    def caught_up(self, dbname: str, tries: int = 2000) -> None:
        """Wait until the standby has replayed everything the primary has written so far (a bounded poll: no
        sleep, no timeout, both unreliable under faketime)."""
        import psycopg

        with psycopg.connect(dbname=dbname, **self.primary) as c:
            lsn = c.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        with psycopg.connect(dbname=dbname, **{**self.primary, "host": str(self.dir)}, autocommit=True) as c:
            for _ in range(tries):
                if c.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0]:
                    return
                threading.Event().wait(0.01)
        raise RuntimeError(f"the standby did not replay {lsn} after {tries} polls")

    def __exit__(self, *exc: object) -> None:
        try:
            run_as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.dir / "db"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
