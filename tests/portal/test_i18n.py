from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import gettext, ngettext, override

from faq import catalogs

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_every_message_has_a_japanese_translation():
    with catalogs.po_path(LOCALE, "ja").open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy)] == []


# A translator comment that says a Japanese msgstr equal to the English is meant (a name).
SAME_IN_JAPANESE = "same in Japanese"


def read_catalog(lang):
    with catalogs.po_path(LOCALE, lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def test_no_japanese_message_is_left_in_english():
    untranslated = []
    for message in read_catalog("ja"):
        if not message.id or any(SAME_IN_JAPANESE in comment for comment in message.user_comments):
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if any(form in english for form in forms):
            untranslated.append(message.id)
    assert untranslated == []


def test_plural_forms_are_right_in_both_languages():
    japanese, english = read_catalog("ja"), read_catalog("en")
    assert (japanese.num_plurals, english.num_plurals) == (1, 2)
    plurals = [m for m in japanese if m.id and isinstance(m.id, tuple)]
    assert plurals, "no plural messages to check"
    # Japanese has one form, and it must carry the count: 「%(n)s 件」, not a bare noun.
    for message in plurals:
        assert len(message.string) == 1 and message.string[0], message.id
        placeholder = message.id[1][message.id[1].index("%(") :].split(")")[0] + ")"
        assert placeholder in message.string[0], message.id
    with override("ja"):
        assert ngettext("%(n)s finding.", "%(n)s findings.", 1) % {"n": 1} == "1 件の問題が見つかりました。"
    with override("en"):
        assert ngettext("%(n)s finding.", "%(n)s findings.", 2) % {"n": 2} == "2 findings."


def test_catalogs_are_up_to_date_with_the_code():
    template = catalogs.extract(settings.BASE_DIR)
    with catalogs.po_path(LOCALE, "ja").open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    assert sorted(m.id for m in template if m.id and m.id not in catalog) == []


def test_extractor_reads_django_templates():
    source = (
        b'{% load i18n %}<p>{% translate "Sources" %}</p>\n'
        b"{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}"
    )
    found = list(catalogs.extract_django_template(BytesIO(source), catalogs.KEYWORDS, [], {}))
    assert [(line, message) for line, _, message, _ in found] == [(1, "Sources"), (2, "Hi %(name)s")]


def test_compiled_catalog_translates(tmp_path):
    catalogs.compile_all(LOCALE, tmp_path, ["ja", "en"])
    assert (tmp_path / "ja" / "LC_MESSAGES" / "django.mo").stat().st_size > 0
    with override("ja"):
        assert gettext("Skip to main content") == "本文へスキップ"
    with override("en"):
        assert gettext("Skip to main content") == "Skip to main content"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ('msgid "Sources"\nmsgstr "出典\n', "Sources"),  # unterminated string
        ('msgid "Hello %(name)s"\nmsgstr "こんにちは %(nom)s"\n', "placeholder"),
    ],
)
def test_broken_catalog_fails_the_build(tmp_path, broken, message):
    path = catalogs.po_path(tmp_path, "ja")
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n' + broken, encoding="utf-8"
    )
    with pytest.raises(catalogs.CatalogError):
        catalogs.compile_all(tmp_path, tmp_path / "out", ["ja"])
    assert not (tmp_path / "out" / "ja" / "LC_MESSAGES" / "django.mo").exists()


def test_pages_use_the_catalog(client):
    assert "本文へスキップ" in client.get("/ja/crictl/").content.decode()
    assert "Skip to main content" in client.get("/en/crictl/").content.decode()
