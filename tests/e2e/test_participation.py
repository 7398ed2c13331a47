"""Participa in a real browser, at phone and desktop widths, with axe-core (WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect

from participation.models import Comment, SurveyResponse
from tests.participation.factories import make_comment, make_draft, make_survey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_survey_answered_once_and_accessible(live_server, page, axe_violations):
    survey = make_survey()
    page.goto(live_server.url + survey.get_absolute_url())
    assert axe_violations(page) == []
    # Sending without the required answers shows the errors accessibly and keeps the text.
    page.get_by_label("3. ¿Qué mejoraría?").fill("Más rutas de transporte 🌳")
    page.get_by_role("button", name="Enviar respuestas").click()
    expect(page.get_by_role("alert").get_by_text("Revise sus respuestas")).to_be_visible()
    assert page.get_by_label("3. ¿Qué mejoraría?").input_value() == "Más rutas de transporte 🌳"
    assert axe_violations(page) == []
    page.get_by_label("Bueno").check()
    page.get_by_label("Portal web").check()
    page.get_by_role("button", name="Enviar respuestas").click()
    expect(page.get_by_text("Gracias por responder.")).to_be_visible()
    expect(page.get_by_role("heading", name="Resultados")).to_be_visible()
    assert axe_violations(page) == []
    # The same browser comes back: no form, one response.
    page.goto(live_server.url + survey.get_absolute_url())
    expect(page.get_by_text("Ya respondió esta encuesta")).to_be_visible()
    assert page.get_by_role("button", name="Enviar respuestas").count() == 0
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_draft_for_comment_and_report_accessible(live_server, page, axe_violations):
    draft = make_draft(articles=4)
    make_comment(draft, article=draft.articles.first(), answer="Se acoge.", handling="accepted")
    page.goto(live_server.url + "/participa/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=draft.title).click()
    expect(page.get_by_role("heading", name="Artículo 4. Título 4")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("¿Sobre qué parte del proyecto comenta?").select_option(
        label="Artículo 2. Título 2"
    )
    page.get_by_role("textbox", name="Su comentario").fill("Propongo otro horario.")
    page.get_by_label("Nombre completo").fill("Ana María Jojoa")
    page.get_by_label("Correo electrónico").fill("ana@example")
    page.get_by_role("button", name="Enviar comentario").click()
    assert axe_violations(page) == []
    page.get_by_label("Correo electrónico").fill("ana@example.com")
    page.get_by_label("Autorizo el tratamiento de mis datos").check()
    page.get_by_role("button", name="Enviar comentario").click()
    expect(
        page.get_by_text("Recibimos su comentario; se publicará cuando sea revisado")
    ).to_be_visible()
    comment = Comment.objects.get(text="Propongo otro horario.")
    assert comment.article.number == 2
    assert comment.moderation == Comment.Moderation.PENDING
    page.goto(live_server.url + draft.get_report_url())
    expect(page.get_by_text("Se acoge.")).to_be_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Informe de comentarios")
    assert axe_violations(page) == []
