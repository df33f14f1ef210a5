import functools
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _

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


# The header's navigation: (key in NAV_URL_NAMES, label, the URL names that count as "here").
NAV_ITEMS = (
    ("home", _("FAQ"), {"home", "entry-detail", "category-detail", "entry-feedback-thanks"}),
    ("wizard", _("Runtime wizard"), {"wizard", "wizard-result", "wizard-tree"}),
    ("check", _("Manifest checker"), {"check"}),
    ("crictl", _("docker → crictl"), {"crictl-reference"}),
    ("guide", _("Don't Panic guide"), {"dont-panic-guide"}),
)


def site(request):
    """Navigation URLs with the current section marked, the language switcher's targets (the
    same page in each language) and the page's canonical address."""
    lang, prefix = get_language(), get_script_prefix()
    try:
        absolute = request.build_absolute_uri
        canonical = absolute(request.path)
    except DisallowedHost:  # an error page for a bad Host: no absolute links to make
        absolute, canonical = (lambda path: path), ""
    alternates = [
        {**alternate, "url": absolute(alternate["path"])}
        for alternate in _alternates(request.get_full_path(), prefix)
    ]
    nav = _nav_urls(lang, prefix)
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match else None
    items = [{"url": nav[key], "label": label, "current": here in names} for key, label, names in NAV_ITEMS]
    return {"alternates": alternates, "nav": nav, "nav_items": items, "canonical_url": canonical}


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
