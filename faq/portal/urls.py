from django.urls import path

from . import editors, machine, probes, views

# At the root, outside the language prefix.
urlpatterns = [
    path("language/<str:lang>/", views.switch_language, name="language-switch"),
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    path("sitemap.xml", machine.sitemap, {"sitemaps": machine.SITEMAPS}, name="sitemap"),
    path("robots.txt", machine.robots_txt, name="robots-txt"),
    path("favicon.ico", machine.favicon),
]

# Under /<lang>/ (see faq/urls.py).
localized = [
    path("feed.atom", machine.entry_feed, name="entry-feed"),
    path("opensearch.xml", machine.opensearch, name="opensearch"),
    path("staff/overlay/", editors.overlay_status, name="overlay-status"),
    path("faq/<slug:entry_id>/feedback/", views.entry_feedback, name="entry-feedback"),
    path("faq/<slug:entry_id>/feedback/thanks/", views.entry_feedback_thanks, name="entry-feedback-thanks"),
]
