from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from .checker import views as checker_views
from .portal import errors
from .portal import urls as portal_urls

# JSON under /api/ for errors Django raises before a view runs (bad Host, too many fields, a 500).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

# `/` has no view of its own: LocaleMiddleware redirects it to /<lang>/ by the language
# cookie, then Accept-Language, then LANGUAGE_CODE.
urlpatterns = [
    path("", include(portal_urls)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("faq.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("faq.content.urls")),
    path("", include(portal_urls.localized)),
    path("check/", checker_views.check_page, name="check"),
    path("", include("faq.wizard.urls")),
    path("", include("faq.search.urls")),
    prefix_default_language=True,
)
