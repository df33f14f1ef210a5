from django.urls import path

from . import views

# Under /<lang>/ (see faq/urls.py).
urlpatterns = [
    path("", views.home, name="home"),
    path("faq/", views.entry_index, name="entry-index"),
    path("faq/<slug:entry_id>/", views.entry_detail, name="entry-detail"),
    path("category/<slug:category_id>/", views.category_detail, name="category-detail"),
    path("guide/dont-panic/", views.dont_panic_guide, name="dont-panic-guide"),
    path("crictl/", views.crictl_reference, name="crictl-reference"),
]
