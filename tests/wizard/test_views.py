"""The wizard pages in both languages: steps, result, tree overview, tampered URLs, the
language switch keeping the answers, and the link from FAQ entries into the wizard."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils.translation import override

SELF_LINUX = "runtime=docker-dockershim&nodes=self-linux"
RESULT_QUERY = f"{SELF_LINUX}&touches=registry,gpu&preference=default"
LANGS = ["ja", "en"]
QUESTION = {
    "ja": "このノードプールでは、現在どのランタイムが動いていますか？",
    "en": "What does this node pool run today?",
}


def url(name, lang, query=""):
    with override(lang):
        return reverse(name) + (f"?{query}" if query else "")


@pytest.mark.parametrize("lang", LANGS)
def test_start_page_shows_the_first_question(client, lang):
    response = client.get(url("wizard", lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert QUESTION[lang] in html
    assert 'name="runtime"' in html and 'value="docker-dockershim"' in html
    assert ("質問 1（最大 5 問）" if lang == "ja" else "Question 1 of at most 5") in html
    assert 'method="get"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_step_keeps_earlier_answers_in_hidden_fields_and_links_back(client, lang):
    response = client.get(url("wizard", lang, SELF_LINUX))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="hidden" name="runtime" value="docker-dockershim">' in html
    assert '<input type="hidden" name="nodes" value="self-linux">' in html
    assert 'type="checkbox" name="touches"' in html
    back = re.search(r'<a href="([^"]+)" rel="prev">', html).group(1)
    assert back == url("wizard", lang, "runtime=docker-dockershim&amp;nodes=self-linux&amp;edit=nodes")


def test_back_link_preselects_the_previous_answer(client):
    response = client.get(url("wizard", "en", f"{SELF_LINUX}&edit=nodes"))
    html = response.content.decode()
    assert 'value="self-linux" id="option-self-linux" checked' in html
    assert '<input type="hidden" name="nodes"' not in html.replace('name="nodes" value=""', "")


def test_submitting_the_last_answer_redirects_to_the_shareable_result(client):
    query = f"{SELF_LINUX}&touches=&touches=registry&touches=gpu&preference=default"
    response = client.get(url("wizard", "en", query))
    assert response.status_code == 302
    assert response["Location"] == url("wizard-result", "en", RESULT_QUERY)


def test_result_url_with_missing_answers_goes_back_to_the_step(client):
    response = client.get(url("wizard-result", "en", SELF_LINUX))
    assert response.status_code == 302
    assert response["Location"].startswith(url("wizard", "en"))
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("lang", "title", "reason_label"),
    [
        ("ja", "Linux ノードで containerd", "現在のランタイム"),
        ("en", "containerd on your Linux nodes", "Runtime today"),
    ],
)
def test_result_page_has_recommendation_reasons_checklist_and_links(client, lang, title, reason_label):
    response = client.get(url("wizard-result", lang, RESULT_QUERY))
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    assert 'data-result="self-containerd"' in html
    assert reason_label in html
    for question in ("runtime", "nodes", "touches", "preference"):
        change = url("wizard", lang, RESULT_QUERY + f"&edit={question}").replace("&", "&amp;")
        assert f'href="{change}"' in html, question
    assert 'id="checklist-registry"' in html and 'id="checklist-gpu"' in html
    assert 'id="banner-legacy"' in html
    with override(lang):
        assert reverse("entry-detail", args=["migrate-to-containerd"]) in html


def test_change_link_opens_the_question_with_its_answers_checked(client):
    response = client.get(url("wizard", "ja", RESULT_QUERY + "&edit=touches"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="registry" id="option-registry" checked' in html
    assert 'value="gpu" id="option-gpu" checked' in html
    assert 'value="proxy" id="option-proxy">' in html


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_keeps_the_answers(client, lang):
    other = "en" if lang == "ja" else "ja"
    html = client.get(url("wizard-result", lang, RESULT_QUERY)).content.decode()
    switch = re.search(rf'href="(/language/{other}/\?next=[^"]+)"', html).group(1)
    response = client.get(switch.replace("&amp;", "&"))
    assert response.status_code == 302
    assert unquote(response["Location"]) == url("wizard-result", other, RESULT_QUERY)
    switched = client.get(response["Location"])
    assert 'data-result="self-containerd"' in switched.content.decode()


def test_the_same_result_url_renders_in_both_languages(client):
    titles = {"ja": "Linux ノードで CRI-O", "en": "CRI-O on your Linux nodes"}
    for lang, title in titles.items():
        query = f"{SELF_LINUX}&touches=nothing&preference=redhat"
        assert title in client.get(url("wizard-result", lang, query)).content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_tree_overview_shows_every_question_and_result(client, lang):
    from faq.wizard import evaluate
    from faq.wizard import tree as wizard_tree

    response = client.get(url("wizard-tree", lang))
    assert response.status_code == 200
    html = response.content.decode()
    tree = wizard_tree.get_tree()
    for node_id in [*tree.questions, *tree.results]:
        assert f'id="node-{node_id}"' in html
    assert html.count("<li><code>runtime</code>=") == len(evaluate.enumerate_paths(tree))


EXPECTED_MESSAGE = {
    "ja": "アドレスに、質問の選択肢にない回答が含まれています。",
    "en": "One answer in the address is not one of the question&#x27;s options.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_option_is_a_400_with_a_translated_message_and_a_way_back(client, lang):
    response = client.get(url("wizard", lang, "runtime=docker-dockershim&nodes=<script>"))
    assert response.status_code == 400
    html = response.content.decode()
    assert EXPECTED_MESSAGE[lang] in html
    assert "<script>" not in html
    assert f'href="{url("wizard", lang, "runtime=docker-dockershim")}"' in html


TAMPERED = [
    "runtime=maybe",
    "q99=yes",
    "runtime=containerd&nodes=managed",  # an answer to a step not reached
    "runtime=unknown&touches=gpu",  # a skipped step
    "runtime=crio&runtime=containerd",  # repeated key
    "runtime=cri%00o",  # NUL byte
    "runtime%00=crio",
    "runtime=" + "x" * 5000,  # huge query string
    "leaf=bridge-cri-dockerd",  # no deep link to a result
    "runtime=unknown&edit=touches",
    "runtime=%FF%FE",  # not UTF-8
    "&".join(f"k{i}=v" for i in range(1001)),  # over Django's field limit
]


@pytest.mark.parametrize("query", TAMPERED)
@pytest.mark.parametrize("name", ["wizard", "wizard-result"])
def test_tampered_urls_are_400_never_500(client, name, query):
    response = client.get(url(name, "en", query))
    assert response.status_code == 400, response.content[:300]


def test_empty_submission_shows_the_question_with_an_error(client):
    response = client.get(url("wizard", "ja", f"{SELF_LINUX}&touches="))
    assert response.status_code == 200
    assert "少なくとも 1 つ選んでください。" in response.content.decode()


def test_non_get_methods_are_refused(client):
    assert client.post(url("wizard", "en")).status_code == 405


@pytest.mark.parametrize(
    ("entry_id", "linked"),
    [("which-cri-implementation", True), ("changing-cri-implementations", True), ("private-images", False)],
)
@pytest.mark.parametrize("lang", LANGS)
def test_entry_points_link_into_the_wizard(client, lang, entry_id, linked):
    html = client.get(_entry(lang, entry_id)).content.decode()
    assert ('class="wizard-link"' in html) == linked
    if linked:
        assert f'href="{url("wizard", lang)}"' in html


def _entry(lang, entry_id):
    with override(lang):
        return reverse("entry-detail", args=[entry_id])
