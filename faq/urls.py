from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from . import views

# `/` has no view of its own: LocaleMiddleware redirects it to /<lang>/ by the language
# cookie, then Accept-Language, then LANGUAGE_CODE.
urlpatterns = [
    path("language/<str:lang>/", views.switch_language, name="language-switch"),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("faq/<slug:entry_id>/", views.entry_detail, name="entry-detail"),
    path("category/<slug:category_id>/", views.category_detail, name="category-detail"),
    path("guide/dont-panic/", views.dont_panic_guide, name="dont-panic-guide"),
    path("crictl/", views.crictl_reference, name="crictl-reference"),
    prefix_default_language=True,
)
