from django.apps import AppConfig


class WizardConfig(AppConfig):
    name = "faq.wizard"

    def ready(self):
        from ..content import publish
        from . import tree

        publish.register(tree.content_check)  # check_content and publish_content check its file
        publish.register_local(tree.local_check)  # and an overlay's notes on its results
