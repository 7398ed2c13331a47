import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Django's default hasher takes about a second per user here; tests need no such cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
