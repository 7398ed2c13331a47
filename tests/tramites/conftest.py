import pytest


@pytest.fixture(autouse=True)
def _municipality(request):
    """The municipality row exists, as after `make setup`, so page query counts are stable."""
    if "django_db" in request.keywords or "db" in request.fixturenames:
        from portal.models import Municipality

        Municipality.current()
