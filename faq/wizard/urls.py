from django.urls import path

from . import views

# Under /<lang>/ (see faq/urls.py).
urlpatterns = [
    path("wizard/", views.wizard_step, name="wizard"),
    path("wizard/result/", views.wizard_result, name="wizard-result"),
    path("wizard/tree/", views.wizard_tree, name="wizard-tree"),
]
