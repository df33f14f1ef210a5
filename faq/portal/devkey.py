"""The development secret key a fresh clone runs with. `make` writes it once to
var/dev-secret-key (`python -m faq.portal.devkey PATH`); settings reads it only when neither
DJANGO_SECRET_KEY nor DJANGO_SECRET_KEY_FILE is set; `manage.py check --deploy` refuses it."""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.checks import Error
from django.core.checks.security.base import SECRET_KEY_INSECURE_PREFIX
from django.core.management.utils import get_random_secret_key


def write(path):
    """Write a new random key to `path`, readable by its owner only, unless a key is there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        # Django's own mark for a key not meant for production (startproject writes the same).
        handle.write(SECRET_KEY_INSECURE_PREFIX + get_random_secret_key() + "\n")


def check_secret_key(app_configs, **kwargs):
    """A deploy check (registered in apps.py): an error, not Django's warning W009, so that a
    plain `check --deploy` fails."""
    if not settings.SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX):
        return []
    return [
        Error(
            "SECRET_KEY is a development key (it starts with 'django-insecure-').",
            hint="Set DJANGO_SECRET_KEY, or DJANGO_SECRET_KEY_FILE, to a long random value of your own.",
            id="faq.E001",
        )
    ]


if __name__ == "__main__":
    write(Path(sys.argv[1]))
