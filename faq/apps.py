from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        from . import devkey, search, zeroresults

        checks.register(devkey.check_secret_key, checks.Tags.security, deploy=True)

        # Searches that found nothing become rows editors see in the admin.
        search.zero_results.connect(zeroresults.on_zero_results, dispatch_uid="faq.zeroresults")
