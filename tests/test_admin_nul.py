"""A NUL byte in an admin query (autocomplete, search, filters) is no 500 on PostgreSQL."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("jefa", "jefa@example.org", "x" * 12))
    return client


@pytest.mark.parametrize(
    "term, found", [("\x00", ["jefa"]), ("je\x00fa", ["jefa"]), ("agua\x00%", [])]
)
def test_autocomplete_with_a_nul_byte_answers(superuser_client, term, found):
    response = superuser_client.get(
        "/admin/autocomplete/",
        {
            "term": term,
            "app_label": "portal",
            "model_name": "staffprofile",
            "field_name": "user",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == found


@pytest.mark.parametrize("query", [{"q": "je\x00fa"}, {"is_staff__exact": "1\x00"}])
def test_changelist_search_and_filters_with_a_nul_byte_answer(superuser_client, query):
    response = superuser_client.get("/admin/auth/user/", query)
    assert response.status_code == 200
    assert "jefa" in response.text
