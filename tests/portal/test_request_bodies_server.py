"""The production server (gunicorn) with bodies it cannot hand over whole, sent over raw sockets
the way a client or a broken proxy would: chunked, cut short, too large. The test client cannot
send these (it always sets a matching Content-Length), and gunicorn's own handling is the point:
it passes a chunked body without a Content-Length and a short body as they are."""

import http.client
import json
import socket

import pytest

from tests.helpers import MINI_CONTENT
from tests.portal.test_request_bodies import BODIES, MESSAGES, POD
from tests.server import Server, server_env

FORM = "application/x-www-form-urlencoded"
# (path, content type, language of the answer, JSON?)
ENDPOINTS = {
    "api": ("/api/v1/check?lang=ja", "application/yaml", "ja", True),
    "check-page": ("/en/check/", FORM, "en", False),
    "feedback": ("/ja/faq/alpha/feedback/", FORM, "ja", False),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(server_env(tmp_path_factory.mktemp("bodies"), FAQ_CONTENT_DIR=MINI_CONTENT))
    yield server
    server.stop()


def exchange(server, head, body=b""):
    """Send the request, end our side of the connection (so a short body ends), read the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head.encode() + body)
        sock.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.getheader("Content-Type"), response.read().decode()


def request_head(path, content_type, *headers):
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {content_type}", *headers]
    return "\r\n".join(lines) + "\r\n\r\n"


def chunked(body):
    return f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"


def request(kind, path, content_type):
    """The bytes a client sends for each way a body cannot be read whole."""
    if kind == "chunked":  # gunicorn decodes it; Django alone would read it as empty (a false all-clear)
        return request_head(path, content_type, "Transfer-Encoding: chunked"), chunked(POD)
    if kind == "short":  # the client stops 100 bytes early
        return request_head(path, content_type, f"Content-Length: {len(POD) + 100}"), POD
    return request_head(path, content_type, "Content-Length: 5000000"), b""  # refused on the header


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("kind", ["chunked", "short", "too-large"])
def test_server_refuses_bodies_it_cannot_read_whole(server, kind, endpoint):
    path, content_type, lang, is_json = ENDPOINTS[endpoint]
    status, answer_type, text = exchange(server, *request(kind, path, content_type))
    assert status == BODIES[kind][2], text
    if is_json:
        assert answer_type == "application/json"
        assert MESSAGES[(kind, lang)] in json.loads(text)["error"]["message"]
    else:
        assert answer_type.startswith("text/html")
        assert f'<html lang="{lang}">' in text and MESSAGES[(kind, lang)] in text


def test_server_checks_the_same_pod_sent_whole(server):
    head = request_head("/api/v1/check", "application/yaml", f"Content-Length: {len(POD)}")
    status, _, text = exchange(server, head, POD)
    assert status == 200
    assert json.loads(text)["summary"]["findings"] == 1


def test_server_answers_a_bad_host_on_the_api_with_json(server):
    head = "GET /api/v1/entries HTTP/1.1\r\nHost: evil.example\r\n\r\n"
    status, answer_type, text = exchange(server, head)
    assert (status, answer_type) == (400, "application/json")
    assert json.loads(text)["error"]["code"] == "bad-host"
