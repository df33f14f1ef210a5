import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Unit tests must not depend on a prior `collectstatic`; the manifest storage is exercised
    # by the production-server tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
