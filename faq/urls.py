from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from . import api, errors, feedback_views, machine, probes, searchviews, views, views_check, views_wizard

# JSON under /api/ for errors Django raises before a view runs (bad Host, too many fields, a 500).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

# `/` has no view of its own: LocaleMiddleware redirects it to /<lang>/ by the language
# cookie, then Accept-Language, then LANGUAGE_CODE.
urlpatterns = [
    path("language/<str:lang>/", views.switch_language, name="language-switch"),
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/check", views_check.api_check, name="api-check"),
    path("sitemap.xml", machine.sitemap, {"sitemaps": machine.SITEMAPS}, name="sitemap"),
    path("robots.txt", machine.robots_txt, name="robots-txt"),
    path("favicon.ico", machine.favicon),
    path("api/v1/", api.index, name="api-index"),
    path("api/v1/entries", api.entry_list, name="api-entries"),
    path("api/v1/entries/<str:entry_id>", api.entry_detail, name="api-entry"),
    path("api/v1/search", api.search_entries, name="api-search"),
    path("api/v1/wizard", api.wizard_next, name="api-wizard"),
    path("api/v1/openapi.json", api.openapi_document, name="api-openapi"),
    path("api/v1/<path:rest>", api.not_found),  # after every API route: JSON 404s
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("faq/<slug:entry_id>/", views.entry_detail, name="entry-detail"),
    path("feed.atom", machine.entry_feed, name="entry-feed"),
    path("opensearch.xml", machine.opensearch, name="opensearch"),
    path("faq/<slug:entry_id>/feedback/", feedback_views.entry_feedback, name="entry-feedback"),
    path(
        "faq/<slug:entry_id>/feedback/thanks/",
        feedback_views.entry_feedback_thanks,
        name="entry-feedback-thanks",
    ),
    path("category/<slug:category_id>/", views.category_detail, name="category-detail"),
    path("guide/dont-panic/", views.dont_panic_guide, name="dont-panic-guide"),
    path("crictl/", views.crictl_reference, name="crictl-reference"),
    path("check/", views_check.check_page, name="check"),
    path("wizard/", views_wizard.wizard_step, name="wizard"),
    path("wizard/result/", views_wizard.wizard_result, name="wizard-result"),
    path("wizard/tree/", views_wizard.wizard_tree, name="wizard-tree"),
    path("search/", searchviews.search_results, name="search"),
    path("search/suggest/", searchviews.search_suggest, name="search-suggest"),
    prefix_default_language=True,
)
