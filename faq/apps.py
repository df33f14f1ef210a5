from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        from . import feedback, search

        # Searches that found nothing become rows editors see in the admin.
        search.zero_results.connect(feedback.on_zero_results, dispatch_uid="faq.feedback.zero_results")
