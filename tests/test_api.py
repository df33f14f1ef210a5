import pytest
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from faq.content import loader
from faq.search import indexing
from faq.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("api-index")
    indexing.build_index(path, loader.load(django_settings.CONTENT_DIR))
    return path


@pytest.fixture(autouse=True)
def use_index(settings, index_dir):
    settings.SEARCH_INDEX_DIR = index_dir


@schema.parametrize()
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    excluded = []
    if case.operation.path in ("/api/v1/wizard", "/api/v1/check"):
        # Which wizard answers are valid depends on the earlier answers (the path through the tree),
        # and whether a string is a readable manifest depends on its YAML: a schema cannot express
        # either, so schema-valid but unusable input is rightly refused with 400.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_entries_list_and_detail(client, lang):
    listing = client.get("/api/v1/entries", {"lang": lang}).json()
    assert listing["lang"] == lang
    assert {e["id"] for e in listing["entries"]} >= {"hug", "what-is-oci"}
    detail = client.get("/api/v1/entries/what-is-oci", {"lang": lang})
    assert detail.status_code == 200
    body = detail.json()
    assert body["lang"] == lang
    assert body["html"].strip().startswith("<")
    assert body["url"].endswith(f"/{lang}/faq/what-is-oci/")


@pytest.mark.parametrize(
    "query",
    [
        {"lang": "zz"},
        {"lang": ["ja", "en"]},
        {"q": ""},
        {"q": "a", "page": "0"},
        {"q": "a", "page": "abc"},
        {"q": "a" * 1001},
        {"q": ["a", "b"]},
    ],
)
def test_search_bad_parameters_are_json_400(client, query):
    response = client.get("/api/v1/search", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"]


def test_search_finds_an_entry(client):
    body = client.get("/api/v1/search", {"q": "containerd", "lang": "en"}).json()
    assert body["total"] > 0
    assert body["hits"][0]["url"]


def test_unknown_entry_and_unknown_path_are_json_404(client):
    for path in ("/api/v1/entries/no-such-entry", "/api/v1/entries/a/b", "/api/v1/nothing"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not-found"


@pytest.mark.parametrize("method", ["post", "put", "delete", "options", "trace"])
def test_api_refuses_other_methods_with_json_405(client, method):
    response = getattr(client, method)("/api/v1/entries")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method"


def test_wizard_starts_with_a_question_and_rejects_unknown_answers(client):
    first = client.get("/api/v1/wizard", {"lang": "en"}).json()
    assert first["kind"] == "step"
    question = first["question"]
    option = question["options"][0]["id"]
    following = client.get("/api/v1/wizard", {"lang": "en", question["id"]: option})
    assert following.status_code == 200
    assert following.json()["answers"] == {question["id"]: option}
    bad = client.get("/api/v1/wizard", {"lang": "en", question["id"]: "no-such-option"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "unknown-option"


def test_openapi_document_lists_every_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/entries", "/api/v1/entries/{entry_id}", "/api/v1/search", "/api/v1/wizard"} <= set(paths)


def test_api_index_links_every_endpoint(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()["links"]
    assert set(links) == {"entries", "search", "wizard", "check", "openapi"}
    assert client.get(links["entries"]).status_code == 200
    assert client.get(links["openapi"]).json()["paths"]["/api/v1/"]
    assert client.post(links["check"], "a: b", content_type="text/yaml").status_code == 200


def assert_json_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code


def test_bad_host_is_json_under_the_api_and_a_page_elsewhere(client):
    for path in ("/api/v1/entries", "/api/v1/", "/api/v1/nothing"):
        assert_json_error(client.get(path, HTTP_HOST="evil.example"), 400, "bad-host")
    page = client.get("/en/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_too_many_parameters_are_json_400(client):
    fields = {f"x{number}": "1" for number in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    response = client.get("/api/v1/search", {"q": "containerd", **fields}, HTTP_ACCEPT="text/html")
    assert_json_error(response, 400, "too-many-fields")


def test_unexpected_error_is_json_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "get_store", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/entries", HTTP_ACCEPT="text/html")
    assert_json_error(response, 500, "server-error")
    assert "boom" not in response.content.decode()
