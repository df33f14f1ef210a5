from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        from . import search, zeroresults

        # Searches that found nothing become rows editors see in the admin.
        search.zero_results.connect(zeroresults.on_zero_results, dispatch_uid="faq.zeroresults")
