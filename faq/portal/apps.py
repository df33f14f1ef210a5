from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "faq.portal"
    # The label the models were created under: their tables (faq_feedback, faq_zeroresultquery,
    # faq_zeroresultday), the migration history, content types, permissions and admin URLs all
    # carry it, so existing databases keep working unchanged.
    label = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        from ..search import engine
        from . import devkey, zeroresults

        checks.register(devkey.check_secret_key, checks.Tags.security, deploy=True)

        # Searches that found nothing become rows editors see in the admin.
        engine.zero_results.connect(zeroresults.on_zero_results, dispatch_uid="faq.zeroresults")
