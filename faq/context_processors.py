from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request):
    """The language switcher's targets: the same page in each language, absolute for hreflang."""
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        target = translate_url(path, code)
        if target == path and not path.startswith(f"/{code}/"):
            target = f"/{code}/"  # a page with no counterpart (e.g. a 404): that language's home
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "path": target,
                "url": request.build_absolute_uri(target),
            }
        )
    return {"alternates": alternates}
