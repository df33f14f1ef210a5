"""A body that cannot be read whole (chunked without a Content-Length, shorter than its
Content-Length, over the cap, a Content-Length that is not a number) is refused on every POST
endpoint, never read as empty: JSON on the API, a page in the reader's language elsewhere.
tests/portal/test_request_bodies_server.py sends the same bodies to gunicorn over raw sockets."""

import io

import pytest
from django.conf import settings as django_settings

from faq.portal.models import Feedback
from tests.helpers import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mini_content")]

POD = b"""apiVersion: v1
kind: Pod
metadata: {name: builder}
spec:
  containers:
    - name: docker
      image: docker:24
      volumeMounts: [{name: sock, mountPath: /var/run/docker.sock}]
  volumes:
    - name: sock
      hostPath: {path: /var/run/docker.sock}
"""
FORM = "application/x-www-form-urlencoded"
# (body, extra WSGI environ) for each way a body cannot be read whole, and the answer expected.
BODIES = {
    "chunked": (POD, {"HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_LENGTH": ""}, 411),
    "short": (POD, {"CONTENT_LENGTH": str(len(POD) + 100)}, 400),
    "too-large": (POD, {"CONTENT_LENGTH": str(django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}, 413),
    "not-a-number": (POD, {"CONTENT_LENGTH": "12abc"}, 400),
}
MESSAGES = {
    ("chunked", "en"): "Content-Length header",
    ("chunked", "ja"): "Content-Length ヘッダー",
    ("short", "en"): "arrived incomplete",
    ("short", "ja"): "途中で途切れています",
    ("too-large", "en"): "can be sent at a time",
    ("too-large", "ja"): "分けて",
    ("not-a-number", "en"): "not a number of bytes",
    ("not-a-number", "ja"): "バイト数ではありません",
}


def post(client, path, kind, content_type, **headers):
    body, environ, _status = BODIES[kind]
    # The test client would refuse to read past a short body; a plain stream gives what a
    # server gives, the bytes that arrived.
    environ = {**environ, "wsgi.input": io.BytesIO(body)}
    return client.generic("POST", path, body, content_type, **headers, **environ)


@pytest.mark.parametrize("kind", BODIES)
def test_api_check_refuses_a_body_it_cannot_read_whole(client, kind):
    response = post(client, "/api/v1/check?lang=ja", kind, "application/yaml")
    assert response.status_code == BODIES[kind][2]
    assert response["Content-Type"] == "application/json"
    assert MESSAGES[(kind, "ja")] in response.json()["error"]["message"]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("kind", BODIES)
def test_check_page_refuses_with_a_page_in_the_readers_language(client, kind, lang):
    response = post(client, url("check", lang), kind, FORM)
    assert response.status_code == BODIES[kind][2]
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page and MESSAGES[(kind, lang)] in page


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("kind", BODIES)
def test_feedback_form_refuses_and_stores_nothing(client, kind, lang):
    page = post(client, url("entry-feedback", lang, "alpha"), kind, FORM)
    script = post(client, url("entry-feedback", lang, "alpha"), kind, FORM, HTTP_ACCEPT="application/json")
    assert page.status_code == script.status_code == BODIES[kind][2]
    assert MESSAGES[(kind, lang)] in page.content.decode()
    assert MESSAGES[(kind, lang)] in script.json()["error"]  # what feedback.js shows
    assert Feedback.objects.count() == 0


def test_a_whole_body_still_reaches_the_views(client):
    checked = client.post("/api/v1/check", POD, content_type="application/yaml")
    assert checked.json()["summary"]["findings"] == 1
    voted = client.post(url("entry-feedback", "en", "alpha"), {"helpful": "yes"})
    assert voted.status_code == 303 and Feedback.objects.count() == 1


def test_a_body_at_the_cap_is_read(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(POD)
    assert client.post("/api/v1/check", POD, content_type="application/yaml").status_code == 200
