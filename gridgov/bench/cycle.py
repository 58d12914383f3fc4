"""Full-cycle benchmark over HTTP: report → register → dispatch → accept → feedback → check → close.

Against the production setup: ``gridgov serve --workers 2`` (gunicorn) on PostgreSQL, a demo district built in it
with ``history_days`` of simulated history (a year by default: the tables, indexes and rollups a district has after a
year), C client threads with keep-alive connections and bearer tokens, for S seconds. Half the clients are grid
workers reporting in their grid cases of the categories their village station handles (the grid leader accepts);
the other half are township dispatchers taking calls anywhere in their township, over every grid and every category
of the catalogue, dispatched to the township centre ("big ones in the town"), so cases vary in category, grid and
handling unit. In the same run, the database's raw
committed-insert rate (one row per transaction, C connections) is measured as the baseline, and the ceiling of the
stack itself: the same clients asking the same server an authenticated question that writes nothing.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from .pgtemp import TempPostgres

CYCLE = ("register", "dispatch", "accept", "submit_feedback", "check", "close")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.latencies: list[float] = []
        self.errors = 0
        self.first_error = ""

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        t = time.perf_counter()
        self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        r = self.conn.getresponse()
        data = r.read()
        self.latencies.append(time.perf_counter() - t)
        if r.status >= 400:
            self.errors += 1
            self.first_error = self.first_error or f"{method} {path} → {r.status} {data[:300].decode(errors='replace')}"
            raise RuntimeError(self.first_error)
        return json.loads(data)


def in_threads(work: Any, n: int) -> float:
    """Run work(0) … work(n-1) in threads; the wall-clock seconds they took."""
    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def insert_rate(url: str, clients: int, seconds: float = 3.0) -> float:
    import psycopg

    with psycopg.connect(url, autocommit=True) as c:
        c.execute("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial primary key, at timestamptz, note text)")
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def work(i: int) -> None:
        with psycopg.connect(url) as c:
            while time.perf_counter() < stop:
                c.execute("INSERT INTO bench_insert (at, note) VALUES (now(), 'x')")
                c.commit()
                done[i] += 1

    elapsed = in_threads(work, clients)  # runs the threads; only then are the counts final
    return sum(done) / elapsed


def ceiling_rate(ports: list[int], tokens: list[dict[str, str]], clients: int, seconds: float = 4.0) -> float:
    """The same server, clients and token check answering ``GET /api/v1/auth/me`` (no writes, a tiny answer): the
    most requests per second this stack gives on this machine, whatever the requests do."""
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def work(i: int) -> None:
        c = Client(ports[i % len(ports)])
        while time.perf_counter() < stop:
            c.call("GET", "/api/v1/auth/me", token=tokens[i % len(tokens)]["worker"])
            done[i] += 1

    elapsed = in_threads(work, clients)  # runs the threads; only then are the counts final
    return sum(done) / elapsed


def run(seconds: float = 20.0, clients: int = 8, district: str = "460108", workers: int = 2,
        threads: int = 4, history_days: int = 365, nodes: int = 1) -> dict[str, Any]:
    """``nodes`` > 1: that many ``gridgov serve`` processes (app nodes, each on its own port, all on the one
    database), the clients spread over them; the cycle is run with 1, 2 … ``nodes`` of them (``scaling``)."""
    with TempPostgres() as url:
        data = Path(tempfile.mkdtemp(prefix="gridgov-bench-"))
        env = {**os.environ, "DATABASE_URL": url, "GRIDGOV_DATA": str(data), "GRIDGOV_SCAN_SECONDS": "0",
               "GRIDGOV_LOGIN_FAILURE_LIMIT": "1000"}
        cli = [sys.executable, "-m", "gridgov.cli"]
        subprocess.run([*cli, "demo", "--no-serve", "--district", district, "--days",
                        str(history_days)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        logins = {r["username"]: r for r in json.loads((data / "demo-logins.json").read_text())}
        ports = [free_port() for _ in range(nodes)]
        servers = [subprocess.Popen([*cli, "serve", "--port", str(port), "--threads", str(threads), "--workers",
                                     str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for port in ports]
        try:
            server = f"gridgov serve --workers {workers} --threads {threads}"
            if nodes == 1:
                return {**_drive(ports, logins, seconds, clients, url), "history_days": history_days,
                        "server": server}
            return {**scaling(ports, logins, seconds, clients, url), "history_days": history_days,
                    "server": f"{nodes} × {server}"}
        finally:
            for s in servers:
                s.terminate()
            for s in servers:
                s.wait()  # no timeout: Popen's timed wait sleeps, which fails under faketime


def scaling(ports: list[int], logins: dict[str, Any], seconds: float, clients: int, url: str) -> dict[str, Any]:
    """The cycle with the first 1, 2 … of the nodes; the figures of the run with all of them at the top level."""
    steps = []
    for k in range(1, len(ports) + 1):
        out = _drive(ports[:k], logins, seconds, clients, url, baseline=k == len(ports))
        steps.append({"nodes": k, **{key: out[key] for key in STEP_KEYS}, "load_1m": round(os.getloadavg()[0], 2)})
    first = steps[0]["cycles_per_s"] or None
    for step in steps:
        step["speedup"] = round(step["cycles_per_s"] / first, 2) if first else None
    return {**out, "nodes": len(ports), "scaling": steps,
            "limit": "all nodes, PostgreSQL and the clients share this machine's CPUs: once they are busy (load_1m "
                     "near cpus) another node only divides them; on separate machines the limit is the database"}


STEP_KEYS = ("cycles_per_s", "requests_per_s", "p50_ms", "p99_ms", "errors", "ceiling_requests_per_s")


def _drive(ports: list[int], logins: dict[str, Any], seconds: float, clients: int, url: str,
           baseline: bool = True) -> dict[str, Any]:
    for p in ports:  # every node answers before the clients start
        probe = Client(p)
        for _ in range(300):
            try:
                probe.call("GET", "/api/v1/openapi.json")
                break
            except (OSError, http.client.HTTPException):
                threading.Event().wait(0.2)  # not time.sleep: under faketime (the suite's shifted-clock run) it fails
                probe = Client(p)
    def token(username: str) -> str:
        return probe.call("POST", "/api/v1/auth/token", {"username": username,
                                                       "password": logins[username]["password"]})["token"]

    def points_of(tok: str) -> list[tuple[float, float]]:
        fc = probe.call("GET", "/api/v1/geo/areas?level=5", token=tok)
        return [(p.x, p.y) for p in (shapely.from_geojson(json.dumps(f["geometry"])).representative_point()
                                     for f in fc["features"])]

    catalogue = json.loads((Path(__file__).resolve().parent.parent / "cases" / "catalogue.json").read_text())
    leaves = [c for c in catalogue["categories"] if c.get("parent")]
    station = [c["code"] for c in leaves if c.get("routing", {}).get("3") == "station"]
    every = [c["code"] for c in leaves]
    field_teams, desk_teams = [], []
    for gw in sorted(u for u in logins if u.startswith("gw-")):
        leader = f"gridleader-{logins[gw]['area_code'][:12]}"
        if leader in logins:  # a grid worker whose grid leader has a login: the village-station flow
            tokens = {"worker": token(gw), "desk": token(f"dispatch-{logins[gw]['area_code'][:9]}"),
                      "unit": token(leader)}
            field_teams.append((tokens, points_of(tokens["worker"]), station))
    for desk in sorted(u for u in logins if u.startswith("dispatch-") and len(logins[u]["area_code"]) == 9):
        tokens = {"worker": token(desk)}
        tokens.update(desk=tokens["worker"], unit=tokens["worker"])
        desk_teams.append((tokens, points_of(tokens["worker"]), every))
    teams = [t for pair in zip(field_teams, desk_teams, strict=False) for t in pair] or field_teams or desk_teams

    stop = time.perf_counter() + seconds
    results: list[Client] = []
    cycles = [0] * clients

    def work(i: int) -> None:
        c = Client(ports[i % len(ports)])  # the clients spread over the nodes, as behind a load balancer
        results.append(c)
        tokens, points, codes = teams[i % len(teams)]
        rng = np.random.default_rng(i)
        by_desk = tokens["worker"] == tokens["unit"]
        while time.perf_counter() < stop:
            try:
                x, y = points[int(rng.integers(len(points)))]
                body = {"category": codes[int(rng.integers(len(codes)))], "description": "bench", "lon": x, "lat": y,
                        "idempotency_key": uuid.uuid4().hex, **({"channel": "hotline"} if by_desk else {})}
                case = c.call("POST", "/api/v1/cases", body, tokens["worker"])
                for action in CYCLE:
                    who = {"register": "desk", "dispatch": "desk", "close": "desk", "check": "worker"}.get(action,
                                                                                                       "unit")
                    body = {"action": action, "note": "bench", **({"passed": True} if action == "check" else {})}
                    if action == "dispatch" and by_desk:  # taken by the township centre itself
                        body["unit"] = case["owner_unit"]["id"]
                    c.call("POST", f"/api/v1/cases/{case['id']}/actions", body, tokens[who])
                cycles[i] += 1
            except (RuntimeError, OSError, http.client.HTTPException):
                c.conn.close()
                c.conn = http.client.HTTPConnection("127.0.0.1", c.conn.port, timeout=60)

    elapsed = in_threads(work, clients)
    lat = np.array([x for c in results for x in c.latencies]) * 1000
    inserts = insert_rate(url, clients) if baseline else 0.0
    ceiling = ceiling_rate(ports, [t for t, _, _ in teams], clients)
    total = sum(cycles)
    return {
        "benchmark": "cycle",
        "database": "postgresql",
        "clients": clients,
        "seconds": round(elapsed, 1),
        "cycles": total,
        "cycles_per_s": round(total / elapsed, 2),
        "requests_per_s": round(lat.size / elapsed, 1),
        "p50_ms": round(float(np.percentile(lat, 50)), 1) if lat.size else None,
        "p99_ms": round(float(np.percentile(lat, 99)), 1) if lat.size else None,
        "errors": sum(c.errors for c in results),
        "first_error": next((c.first_error for c in results if c.first_error), ""),
        "db_insert_per_s": round(inserts, 1),
        "inserts_per_cycle_time": round(inserts / (total / elapsed), 1) if total else None,
        "ceiling_requests_per_s": round(ceiling, 1),
        "ceiling_cycles_per_s": round(ceiling / (1 + len(CYCLE)), 1),
        "share_of_ceiling": round((total / elapsed) / (ceiling / (1 + len(CYCLE))), 2) if ceiling else None,
        "teams": {"grid_worker_to_village_station": len(field_teams), "township_desk_to_centre": len(desk_teams)},
        "categories": {"village_station": len(station), "township_centre": len(every)},
        "cpus": os.cpu_count(),
        "note": "client threads, server and PostgreSQL share the same machine",
    }
