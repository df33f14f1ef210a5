from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "faq.search"

    def ready(self):
        from ..content import publish
        from . import synonyms

        publish.register(synonyms.content_check)  # check_content and publish_content check its file
