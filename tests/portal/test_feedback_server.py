"""Feedback against a real gunicorn with a file-based SQLite database: concurrent votes all
land, and a missing database leaves pages up while the vote answers 503."""

import http.cookiejar
import re
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.helpers import MINI_CONTENT
from tests.server import Server, server_env

VOTES = 64


def opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def vote(server, client, token, helpful="yes", comment=""):
    """POST a vote on alpha as the page's script does; (status, answer text)."""
    body = urllib.parse.urlencode({"helpful": helpful, "comment": comment, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(
        server.url("/en/faq/alpha/feedback/"),
        data=body.encode(),
        headers={"Accept": "application/json", "Referer": server.url("/en/faq/alpha/")},
    )
    try:
        with client.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post_vote(server, client, token, index, results):
    results[index] = vote(server, client, token, comment=f"vote {index}")[0]


def csrf_token(client, server):
    page = client.open(server.url("/en/faq/alpha/"), timeout=10).read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture
def sqlite_server(tmp_path):
    env = server_env(tmp_path, FAQ_CONTENT_DIR=MINI_CONTENT, FAQ_FEEDBACK_RATE_LIMIT=10_000)
    server = Server(env, workers=4)
    yield server, tmp_path / "db.sqlite3"
    server.stop()


def test_concurrent_votes_all_land(sqlite_server):
    server, db_path = sqlite_server
    clients = [opener() for _ in range(VOTES)]  # no visitor cookie yet: each is a new visitor
    tokens = [csrf_token(client, server) for client in clients]
    results = [None] * VOTES
    barrier = threading.Barrier(VOTES)

    def run(index):
        barrier.wait()
        post_vote(server, clients[index], tokens[index], index, results)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(VOTES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with sqlite3.connect(db_path) as db:
        rows = db.execute("select count(*) from faq_feedback").fetchone()[0]
        journal = db.execute("pragma journal_mode").fetchone()[0]
    assert results.count(201) == VOTES, results
    assert rows == VOTES
    assert journal == "wal"
    assert "database is locked" not in server.logs()


def test_database_down_pages_serve_and_vote_answers_503(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite3"
    env = server_env(tmp_path, FAQ_CONTENT_DIR=MINI_CONTENT, FAQ_SQLITE_PATH=missing)
    server = Server(env, migrate=False)
    try:
        client = opener()
        for path in ("/en/", "/ja/faq/alpha/", "/en/faq/alpha/"):
            assert client.open(server.url(path), timeout=10).status == 200
        results = [None]
        post_vote(server, client, csrf_token(client, server), 0, results)
        assert results == [503]
        ready = urllib.request.Request(server.url("/readyz"))
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(ready, timeout=10)
        assert error.value.code == 503
        assert b'"database": "down"' in error.value.read()
    finally:
        server.stop()
