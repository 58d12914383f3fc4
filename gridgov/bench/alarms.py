"""Alarm intake benchmark over HTTP: C clients post signed alarms (Standard Webhooks) from the demo's cameras for S
seconds against ``gridgov serve`` on a throwaway PostgreSQL; then, in the same run and against the same server, the
same clients report plain cases for S seconds (``POST /api/v1/cases`` by the district's dispatcher), the rate a
burst of alarms is compared with. Alarms of one camera and event type within the window join one case, so "cases
created" is less than the alarms posted."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from gridgov.linkage.signatures import sign

from .cycle import Client, free_port, in_threads
from .pgtemp import TempPostgres

EVENTS = ("fence_intrusion", "fire_smoke", "crowd_gathering", "illegal_parking", "road_flooding")


def run(seconds: float = 10.0, clients: int = 8, district: str = "460108", workers: int = 2,
        threads: int = 4) -> dict[str, Any]:
    with TempPostgres() as url:
        data = Path(tempfile.mkdtemp(prefix="gridgov-bench-"))
        env = {**os.environ, "DATABASE_URL": url, "GRIDGOV_DATA": str(data), "GRIDGOV_SCAN_SECONDS": "0",
               "GRIDGOV_LOGIN_FAILURE_LIMIT": "1000"}
        cli = [sys.executable, "-m", "gridgov.cli"]
        subprocess.run([*cli, "demo", "--no-serve", "--district", district, "--days", "0"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        added = subprocess.run([*cli, "alarm-sources", "add", "bench"], env=env, check=True, capture_output=True,
                               text=True)
        secret = json.loads(added.stdout)["secret"]
        logins = {r["username"]: r for r in json.loads((data / "demo-logins.json").read_text())}
        port = free_port()
        server = subprocess.Popen([*cli, "serve", "--port", str(port), "--threads", str(threads), "--workers",
                                   str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            return {**_drive(port, logins, secret, seconds, clients),
                    "server": f"gridgov serve --workers {workers} --threads {threads}"}
        finally:
            server.terminate()
            server.wait()


def _post_alarm(c: Client, secret: str, body: dict[str, Any]) -> int:
    raw = json.dumps(body).encode()
    msg_id, ts = f"msg_{uuid.uuid4().hex}", int(time.time())
    headers = {"Content-Type": "application/json", "webhook-id": msg_id, "webhook-timestamp": str(ts),
               "webhook-signature": sign(secret, msg_id, ts, raw)}
    t = time.perf_counter()
    c.conn.request("POST", "/api/v1/alarms/bench", raw, headers)
    r = c.conn.getresponse()
    data = r.read()
    c.latencies.append(time.perf_counter() - t)
    if r.status >= 400:
        c.errors += 1
        c.first_error = c.first_error or f"alarm → {r.status} {data[:300].decode(errors='replace')}"
        raise RuntimeError(c.first_error)
    return r.status


def _drive(port: int, logins: dict[str, Any], secret: str, seconds: float, clients: int) -> dict[str, Any]:
    """The measured part, against a server already started with an alarm source named ``bench`` (``secret``)."""
    probe = Client(port)
    for _ in range(300):
        try:
            probe.call("GET", "/api/v1/openapi.json")
            break
        except (OSError, http.client.HTTPException):
            threading.Event().wait(0.2)  # not time.sleep: under faketime it fails
            probe = Client(port)
    admin = next(u for u, r in logins.items() if r["role"] == "administrator")
    token = probe.call("POST", "/api/v1/auth/token", {"username": admin,
                                                     "password": logins[admin]["password"]})["token"]
    cameras = [(c["device_id"], c["lon"], c["lat"]) for c in probe.call("GET", "/api/v1/cameras", token=token)]
    if not cameras:
        raise RuntimeError("the demo placed no camera")

    results: list[Client] = []
    created = [0] * clients

    def alarms(i: int) -> None:
        c = Client(port)
        results.append(c)
        rng = np.random.default_rng(i)
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            device, lon, lat = cameras[int(rng.integers(len(cameras)))]
            body = {"device_id": device, "event_type": EVENTS[int(rng.integers(len(EVENTS)))],
                    "occurred_at": datetime.now(UTC).isoformat(), "description": "bench"}
            try:
                created[i] += _post_alarm(c, secret, body) == 201
            except (RuntimeError, OSError, http.client.HTTPException):
                c.conn.close()
                c.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    elapsed = in_threads(alarms, clients)
    lat = np.array([x for c in results for x in c.latencies]) * 1000
    plain: list[Client] = []

    def cases(i: int) -> None:
        c = Client(port)
        plain.append(c)
        rng = np.random.default_rng(1000 + i)
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            _, lon, lat_ = cameras[int(rng.integers(len(cameras)))]
            try:
                c.call("POST", "/api/v1/cases", {"category": "0102", "description": "bench", "lon": lon,
                                                 "lat": lat_, "channel": "hotline"}, token)
            except (RuntimeError, OSError, http.client.HTTPException):
                c.conn.close()
                c.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    plain_elapsed = in_threads(cases, clients)
    plain_lat = np.array([x for c in plain for x in c.latencies]) * 1000
    return {
        "benchmark": "alarms",
        "database": "postgresql",
        "clients": clients,
        "seconds": round(elapsed, 1),
        "cameras": len(cameras),
        "alarms": int(lat.size),
        "alarms_per_s": round(lat.size / elapsed, 1),
        "p50_ms": round(float(np.percentile(lat, 50)), 1) if lat.size else None,
        "p99_ms": round(float(np.percentile(lat, 99)), 1) if lat.size else None,
        "cases_created": sum(created),
        "errors": sum(c.errors for c in results),
        "first_error": next((c.first_error for c in results if c.first_error), ""),
        "plain_cases_per_s": round(plain_lat.size / plain_elapsed, 1),
        "plain_p99_ms": round(float(np.percentile(plain_lat, 99)), 1) if plain_lat.size else None,
        "plain_errors": sum(c.errors for c in plain),
        "cpus": os.cpu_count(),
        "note": "client threads, server and PostgreSQL share the same machine",
    }
