"""The production server against a real PostgreSQL server (tests/pgserver.py): migrations, pages,
a second vote that updates, concurrent votes, /readyz, and a database that goes away and comes back."""

import json
import shutil
import threading
import urllib.error
import urllib.request

import pytest

from tests import pgserver
from tests.helpers import REAL_CONTENT, copy_content
from tests.server import Server, manage, server_env
from tests.test_feedback_server import csrf_token, opener, post_vote, vote

VOTES = 32


@pytest.fixture(scope="module")
def postgres():
    with pgserver.running() as server:
        yield server


@pytest.fixture(scope="module")
def app(postgres, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("postgres-app")
    content_dir = copy_content(data_dir)
    shutil.copy(REAL_CONTENT / "search-synonyms.yaml", content_dir)  # the index needs one
    env = server_env(
        data_dir, DATABASE_URL=postgres.url, FAQ_CONTENT_DIR=content_dir, FAQ_FEEDBACK_RATE_LIMIT=10_000
    )
    manage(env, "build_index")  # so that /readyz has only the database left to report on
    server = Server(env, workers=4)  # runs `migrate` against PostgreSQL first
    yield server
    server.stop()


def query(postgres, sql, *params):
    with postgres.connect("faq") as db:
        return db.execute(sql, params or None).fetchall()


def readyz(server):
    try:
        with urllib.request.urlopen(server.url("/readyz"), timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_migrated_app_serves_pages_and_is_ready(app, postgres):
    client = opener()
    for path in ("/en/", "/ja/", "/en/faq/alpha/", "/ja/faq/alpha/"):
        assert client.open(app.url(path), timeout=10).status == 200
    assert readyz(app) == (
        200,
        {"status": "ok", "checks": {"content": "ok", "index": "ok", "database": "ok"}},
    )
    # The tables are in PostgreSQL, owned by the app's role.
    assert query(postgres, "select tableowner from pg_tables where tablename = 'faq_feedback'") == [("faq",)]
    assert query(postgres, "select count(*) from django_migrations where app = 'faq'")[0][0] >= 1


def test_second_vote_in_a_session_updates_the_first(app, postgres):
    client = opener()
    token = csrf_token(client, app)
    first = vote(app, client, token, "yes", "session first")
    second = vote(app, client, token, "no", "session second")
    assert (first[0], json.loads(first[1])) == (201, {"message": "Thank you for your feedback."})
    assert (second[0], json.loads(second[1])) == (200, {"message": "Thank you: your answer was updated."})
    rows = query(postgres, "select helpful, comment from faq_feedback where comment like %s", "session %")
    assert rows == [(False, "session second")]


def test_concurrent_votes_all_land(app, postgres):
    clients = [opener() for _ in range(VOTES)]  # no visitor cookie yet: each is a new visitor
    tokens = [csrf_token(client, app) for client in clients]
    statuses = [None] * VOTES
    barrier = threading.Barrier(VOTES, timeout=30)

    def send(index):
        barrier.wait()
        post_vote(app, clients[index], tokens[index], index, statuses)  # comment: "vote <index>"

    threads = [threading.Thread(target=send, args=(index,)) for index in range(VOTES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    rows = query(postgres, "select count(*) from faq_feedback where comment like %s", "vote %")[0][0]
    assert statuses == [201] * VOTES
    assert rows == statuses.count(201)


def test_database_down_pages_serve_vote_answers_503_and_recovers(app, postgres):
    client = opener()
    token = csrf_token(client, app)
    postgres.stop()
    try:
        for path in ("/en/", "/ja/faq/alpha/", "/en/faq/alpha/"):
            assert client.open(app.url(path), timeout=10).status == 200
        status, answer = vote(app, client, token, "yes", "while down")
        assert status == 503
        assert json.loads(answer) == {
            "error": "Your feedback could not be saved right now; please try again later."
        }
        status, report = readyz(app)
        assert status == 503
        assert report["checks"]["database"] == "down"
    finally:
        postgres.start()
    # The workers reconnect by themselves once the database is back.
    assert vote(app, client, token, "no", "after restart")[0] == 201
    assert readyz(app)[0] == 200
    assert query(
        postgres, "select comment from faq_feedback where comment in ('while down', 'after restart')"
    ) == [("after restart",)]
