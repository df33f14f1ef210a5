"""The situation table (situations.py), checked on the rendered result page in both languages:
the runtime recommended, every must-mention item and none of the must-never-say items."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.translation import override

from faq.wizard import evaluate
from tests.wizard.situations import NEVER_ANYWHERE_JA, SITUATIONS

LANGS = ("en", "ja")
INLINE = re.compile(r"</?(?:code|a|strong|em|span)\b[^>]*>")  # inside a sentence: no space
TAG = re.compile(r"<[^>]+>")


def result_page(client, situation, lang):
    pairs = [(evaluate.POOL_KEY, pool) for pool in situation.pools] + list(situation.answers.items())
    with override(lang):
        url = f"{reverse('wizard-result')}?{urlencode(pairs, safe=',~')}"
    response = client.get(url)
    assert response.status_code == 200, (situation.name, response.status_code)
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    text = " ".join(html.unescape(TAG.sub(" ", INLINE.sub("", main))).split())
    return main, text


def present(item, main, text):
    if item.startswith("#"):
        return f'id="{item[1:]}"' in main
    return " ".join(item.split()) in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("situation", SITUATIONS, ids=[s.name for s in SITUATIONS])
def test_situation_on_the_rendered_page(client, situation, lang):
    main, text = result_page(client, situation, lang)
    assert f'data-result="{situation.result}"' in main, situation.name
    runtime = re.search(r'class="wizard__runtime-name">([^<]+)<', main).group(1)
    assert runtime == situation.runtime
    mention = (*situation.mention, *getattr(situation, f"mention_{lang}"))
    never = (*situation.never, *getattr(situation, f"never_{lang}"))
    if lang == "ja":
        never += NEVER_ANYWHERE_JA
    assert [item for item in mention if not present(item, main, text)] == []
    assert [item for item in never if present(item, main, text)] == []


def test_the_table_is_large_and_covers_every_result_and_both_languages(tree):
    assert len(SITUATIONS) >= 30
    assert {s.result for s in SITUATIONS} == set(tree.results)
    assert sum(s.lang == "ja" for s in SITUATIONS) >= 10
    assert any(s.pools for s in SITUATIONS)


def test_every_situation_answers_a_path_the_tree_asks(tree):
    for situation in SITUATIONS:
        outcome = evaluate.evaluate(tree, situation.answers)
        assert outcome.kind == "result", situation.name
        assert outcome.outcome.id == situation.result
