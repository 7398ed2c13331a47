"""
One answer per person on a survey: the signed cookie of each browser plus a rate limit per
network, never an IP rule. Citizens sharing a school's or the Alcaldía's wifi all answer; the
refusals say what actually happened.
"""

import re

import pytest
from django.test import Client

from participation.models import SurveyResponse
from participation.views import ALREADY_ANSWERED
from portal.models import Municipality

from .factories import make_survey

pytestmark = pytest.mark.django_db

SCHOOL_WIFI = {"REMOTE_ADDR": "181.49.10.20", "HTTP_USER_AGENT": "Mozilla/5.0 (Android 14)"}


@pytest.fixture(autouse=True)
def municipality():
    return Municipality.current()


def answers_for(survey, page_html=None):
    single, multiple, free = survey.questions.all()
    data = {
        f"pregunta_{single.pk}": str(single.choices.first().pk),
        f"pregunta_{multiple.pk}": [str(multiple.choices.first().pk)],
        f"pregunta_{free.pk}": "Más árboles en el parque 🌳",
    }
    if page_html is not None:  # the id of the form this browser was shown
        data["respuesta_id"] = re.search(r'name="respuesta_id" value="([^"]+)"', page_html)[1]
    return data


def answer_like_a_browser(client, survey):
    """Open the survey, then send its form, as a person does."""
    page = client.get(survey.get_absolute_url(), **SCHOOL_WIFI).content.decode()
    return client.post(survey.get_absolute_url(), answers_for(survey, page), **SCHOOL_WIFI)


def test_two_browsers_on_the_same_network_both_answer():
    survey = make_survey()
    first, second = Client(), Client()
    assert answer_like_a_browser(first, survey).status_code == 302
    assert answer_like_a_browser(second, survey).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 2
    for client in (first, second):
        html = client.get(survey.get_absolute_url(), **SCHOOL_WIFI).content.decode()
        assert "Ya respondió esta encuesta en este navegador" in html
        assert "Enviar respuestas" not in html


def test_thirty_students_of_one_classroom_all_answer():
    survey = make_survey()
    for _ in range(30):
        assert answer_like_a_browser(Client(), survey).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 30


def test_the_same_browser_cannot_answer_twice(client):
    survey = make_survey()
    assert answer_like_a_browser(client, survey).status_code == 302
    again = client.post(survey.get_absolute_url(), answers_for(survey), **SCHOOL_WIFI)
    assert again.status_code == 200
    assert ALREADY_ANSWERED in again.content.decode()
    assert "desde la red" not in again.content.decode().lower()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_sending_the_same_form_twice_counts_once(client):
    """A double click, or the form sent again after the cookie was lost: the same form id."""
    survey = make_survey()
    page = client.get(survey.get_absolute_url(), **SCHOOL_WIFI).content.decode()
    data = answers_for(survey, page)
    assert client.post(survey.get_absolute_url(), data, **SCHOOL_WIFI).status_code == 302
    client.cookies.clear()
    again = client.post(survey.get_absolute_url(), data, **SCHOOL_WIFI)
    assert ALREADY_ANSWERED in again.content.decode()
    assert f"encuesta-{survey.pk}" in again.cookies  # the refusal gives the cookie back
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


@pytest.mark.parametrize("token", ["", "corto", "<script>", "x" * 500, "🙂" * 20])
def test_a_missing_or_tampered_form_id_still_records_the_answer(client, token):
    survey = make_survey()
    data = {**answers_for(survey), "respuesta_id": token}
    assert client.post(survey.get_absolute_url(), data, **SCHOOL_WIFI).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_too_many_answers_from_one_network_are_refused_with_what_happened(settings):
    settings.PARTICIPATION_SURVEY_ANSWERS_PER_HOUR = 3
    survey = make_survey()
    for _ in range(3):
        assert answer_like_a_browser(Client(), survey).status_code == 302
    fourth = Client()
    response = answer_like_a_browser(fourth, survey)
    html = response.content.decode()
    assert response.status_code == 429
    assert "se enviaron muchas respuestas a esta encuesta en la última hora" in html
    assert "Su respuesta no se guardó: intente de nuevo más tarde" in html
    assert "Ya respondió" not in html
    assert "Más árboles en el parque 🌳" in html  # what was typed stays
    assert SurveyResponse.objects.filter(survey=survey).count() == 3
    # Another network, or another survey, is not affected.
    other_network = {**SCHOOL_WIFI, "REMOTE_ADDR": "190.0.0.1"}
    page = fourth.get(survey.get_absolute_url(), **other_network).content.decode()
    response = fourth.post(survey.get_absolute_url(), answers_for(survey, page), **other_network)
    assert response.status_code == 302
    other_survey = make_survey(entity=survey.entity)
    assert answer_like_a_browser(Client(), other_survey).status_code == 302


def test_an_invalid_form_does_not_use_up_the_network_limit(settings, client):
    settings.PARTICIPATION_SURVEY_ANSWERS_PER_HOUR = 1
    survey = make_survey()
    for _ in range(3):
        response = client.post(survey.get_absolute_url(), {}, **SCHOOL_WIFI)
        assert response.status_code == 200
        assert "Revise sus respuestas" in response.content.decode()
    assert answer_like_a_browser(client, survey).status_code == 302


def test_no_readable_trace_of_the_network_is_stored():
    survey = make_survey()
    answer_like_a_browser(Client(), survey)
    key = SurveyResponse.objects.get().respondent_key
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert "181.49" not in key
