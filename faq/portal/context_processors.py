import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

# Pages every template links to, by template-friendly name. Resolved once per language, since
# reversing a URL costs more than rendering most of a page's tags.
NAV_URL_NAMES = {
    "home": "home",
    "guide": "dont-panic-guide",
    "crictl": "crictl-reference",
    "check": "check",
    "wizard": "wizard",
    "search": "search",
    "suggest": "search-suggest",
    "feed": "entry-feed",
    "opensearch": "opensearch",
}


def site(request):
    """Navigation URLs, and the language switcher's targets: the same page in each language."""
    alternates = [
        {**alternate, "url": request.build_absolute_uri(alternate["path"])}
        for alternate in _alternates(request.get_full_path(), get_script_prefix())
    ]
    return {"alternates": alternates, "nav": _nav_urls(get_language(), get_script_prefix())}


@functools.lru_cache(maxsize=64)
def _nav_urls(lang, script_prefix):
    with override(lang):
        return {key: reverse(name) for key, name in NAV_URL_NAMES.items()}


@functools.lru_cache(maxsize=2048)
def _alternates(path, script_prefix):
    alternates = []
    for code, _name in settings.LANGUAGES:
        target = translate_url(path, code)
        if target == path and not path.startswith(f"{script_prefix}{code}/"):
            target = f"{script_prefix}{code}/"  # no counterpart (e.g. a 404): that language's home
        switch = reverse("language-switch", args=[code]) + "?next=" + quote(target, safe="/")
        alternates.append(
            {"code": code, "name": get_language_info(code)["name_local"], "path": target, "switch": switch}
        )
    return tuple(alternates)
