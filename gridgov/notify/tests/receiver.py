"""A local HTTP receiver for delivery tests: 127.0.0.1 on a free port, answering from a script of status codes
(then 200), recording every request (path, query, headers, JSON body)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Receiver:
    def __init__(self, answers: list[int] | None = None, body: dict[str, Any] | None = None) -> None:
        self.answers = list(answers or [])
        self.body = body if body is not None else {"errcode": 0, "errmsg": "ok"}
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                parts = urlsplit(self.path)
                with outer.lock:
                    outer.requests.append({"path": parts.path, "query": parse_qs(parts.query),
                                           "headers": dict(self.headers), "json": json.loads(raw)})
                    status = outer.answers.pop(0) if outer.answers else 200
                payload = json.dumps(outer.body if status == 200 else {"error": "busy"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
