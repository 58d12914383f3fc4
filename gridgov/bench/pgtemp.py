"""A throwaway PostgreSQL cluster on a Unix socket (as the postgres account when run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")


class TempPostgres:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="gridgov-pg-"))
        self.bin = _bindir()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [*(["runuser", "-u", "postgres", "--"] if self.as_root else []), *args]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self) -> str:
        self.dir.chmod(0o755)
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        self._run(str(self.bin / "initdb"), "-N", "-D", str(self.dir / "db"), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "db"), "-l", str(self.dir / "log"), "-w", "-o",
                  f"-k {self.dir} -c listen_addresses='' -c max_connections=200", "start")
        self._run(str(self.bin / "createdb"), "-h", str(self.dir), "-U", "postgres", "gridgov")
        return f"postgresql://postgres@/gridgov?host={self.dir}"

    def __exit__(self, *exc: object) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "db"), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
