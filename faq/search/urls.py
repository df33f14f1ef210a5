from django.urls import path

from . import views

# Under /<lang>/ (see faq/urls.py).
urlpatterns = [
    path("search/", views.search_results, name="search"),
    path("search/suggest/", views.search_suggest, name="search-suggest"),
]
