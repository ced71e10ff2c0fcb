"""Settings for the test suite (pytest's DJANGO_SETTINGS_MODULE, see pyproject.toml): the
project's settings with TESTING on, as `DJANGO_TESTING=1` gives them to `manage.py` commands."""

import os

os.environ.setdefault("DJANGO_TESTING", "1")

from portal.settings import *  # noqa: E402, F403

# Hashing with PBKDF2 makes every test user cost ~50 ms; tests do not need the strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
