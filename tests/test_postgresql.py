"""The production server against a real PostgreSQL server (tests/pgserver.py): migrations, pages,
a second vote that updates, concurrent votes, searches without results within the daily limit,
/readyz, and a database that goes away and comes back."""

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests import pgserver
from tests.helpers import searchable_content
from tests.portal.test_feedback_server import csrf_token, opener, post_vote, vote
from tests.server import Server, manage, server_env

VOTES = 32
ZERO_RESULTS_PER_DAY = 20


@pytest.fixture(scope="module")
def postgres():
    with pgserver.running() as server:
        yield server


@pytest.fixture(scope="module")
def app(postgres, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("postgres-app")
    env = server_env(
        data_dir,
        DATABASE_URL=postgres.url,
        FAQ_CONTENT_DIR=searchable_content(data_dir),
        FAQ_FEEDBACK_RATE_LIMIT=10_000,
        FAQ_ZERO_RESULTS_PER_DAY=ZERO_RESULTS_PER_DAY,
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
    status, report = readyz(app)
    assert (status, report["status"]) == (200, "ok")
    assert report["checks"] == {"content": "ok", "index": "ok", "database": "ok"}
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


def zero_results(postgres):
    """({query: count} of English searches without results, (kept, dropped) of today)."""
    rows = dict(query(postgres, "select query, count from faq_zeroresultquery where lang = 'en'"))
    day = query(postgres, "select kept, dropped from faq_zeroresultday where lang = 'en'")
    return rows, day[0] if day else (0, 0)


def wait_for_zero_results(postgres, searches):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rows, (_, dropped) = zero_results(postgres)
        if sum(rows.values()) + dropped == searches:
            break
        time.sleep(0.2)
    return zero_results(postgres)


def test_searches_without_results_land_within_the_daily_limit(app, postgres):
    def search(text):
        url = app.url("/en/search/?" + urllib.parse.urlencode({"q": text}))
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200

    def client(number):
        for i in range(5):
            search(f"zzqx unique {number} {i}")

    for _ in range(3):
        search("zzqx repeated")
    assert wait_for_zero_results(postgres, 3) == ({"zzqx repeated": 3}, (1, 0))
    # 30 new queries at once from 6 clients, spread over the 4 workers' writers: the day's row
    # lock keeps them to the limit.
    threads = [threading.Thread(target=client, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    rows, (kept, dropped) = wait_for_zero_results(postgres, 33)
    assert len(rows) == kept == ZERO_RESULTS_PER_DAY and rows["zzqx repeated"] == 3
    assert dropped == 30 - (ZERO_RESULTS_PER_DAY - 1)


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
