import pytest


@pytest.fixture(autouse=True)
def _stylesheet_served(settings):
    """
    The live server finds static files by their plain names, not the manifest's hashed ones:
    plain storage makes it serve the stylesheet, so axe judges contrast with the real CSS.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
