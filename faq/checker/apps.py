from django.apps import AppConfig


class CheckerConfig(AppConfig):
    name = "faq.checker"

    def ready(self):
        from ..content import publish
        from . import rules

        publish.register(rules.content_check)  # check_content and publish_content check its file
