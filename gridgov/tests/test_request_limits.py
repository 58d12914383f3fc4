"""Request bodies over the limit are refused from their declared length before anything reads them (413: JSON under
/api/, a page elsewhere); a body without a length is not half-read (411); the waitress server of `gridgov serve`
refuses them itself before buffering; and a case holds a bounded number of attachments."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from gridgov.cases.models import Attachment

pytestmark = pytest.mark.django_db

HUGE = 300 * 2**20


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post(client, path: str, **extra):
    return client.generic("POST", path, b"", content_type="application/octet-stream",
                          **{"wsgi.input": Unreadable(), **extra})


def test_a_body_over_the_limit_is_refused_before_it_is_read(town, report, client):
    client.force_login(town.people.worker)
    case = report().case
    api = post(client, f"/api/v1/cases/{case.pk}/attachments", CONTENT_LENGTH=str(HUGE))
    assert api.status_code == 413 and "MB" in api.json()["detail"]
    page = post(client, "/report/", CONTENT_LENGTH=str(HUGE))
    assert page.status_code == 413 and page["Content-Type"].startswith("text/html") and "MB" in page.content.decode()
    assert page["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in page  # still a page of ours


def test_a_body_sent_without_a_length_is_refused_not_half_read(town, client):
    api = post(client, "/api/v1/cases", CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
    assert api.status_code == 411 and "Content-Length" in api.json()["detail"]
    assert post(client, "/api/v1/cases", CONTENT_LENGTH="many").status_code == 400


def test_a_json_body_over_what_is_read_into_memory_is_refused_with_a_message(town, client):
    client.force_login(town.people.worker)
    big = json.dumps({"track": [[116.1, 39.7, 1]] * 150_000})  # 2.7 MB: Django's bare 400 page before
    answer = client.post("/api/v1/field/patrols", big, content_type="application/json")
    assert answer.status_code == 413 and "2.5 MB" in answer.json()["detail"]


def test_bodies_within_the_limit_pass(town, report, client, settings):
    client.force_login(town.people.worker)
    case = report().case
    settings.GRIDGOV_MAX_REQUEST_BYTES = 2000
    small = client.post(f"/api/v1/cases/{case.pk}/attachments", {"file": png()})
    assert small.status_code == 201


def png(size: int = 0):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    out.write(b"\0" * size)
    out.seek(0)
    out.name = "p.png"
    return out


def test_the_waitress_server_refuses_an_oversized_body_before_buffering_it(settings):
    from waitress.server import create_server

    from gridgov.demo.management.commands.serve import waitress_options
    from gridgov.wsgi import application

    server = create_server(application, host="127.0.0.1", port=0, threads=1, **waitress_options())
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as s:
            s.sendall(f"POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {HUGE}\r\n\r\n".encode() + b"{" * 1024)  # 1 KB of the promised 300 MB
            answer = s.recv(4096).decode()
        assert answer.startswith("HTTP/1.1 413"), answer
    finally:
        stop.set()
        thread.join(5)
        server.close()


def test_a_case_holds_a_bounded_number_of_attachments(town, report, client, settings):
    settings.GRIDGOV_MAX_ATTACHMENTS_PER_CASE = 2
    client.force_login(town.people.worker)
    case = report().case
    for _ in range(2):
        assert client.post(f"/api/v1/cases/{case.pk}/attachments", {"file": png()}).status_code == 201
    third = client.post(f"/api/v1/cases/{case.pk}/attachments", {"file": png()})
    assert third.status_code == 409 and "2" in third.json()["detail"]
    assert Attachment.objects.filter(case=case).count() == 2
