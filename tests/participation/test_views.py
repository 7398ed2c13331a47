import datetime

import pytest
import time_machine
from django.utils import timezone

from participation.models import Answer, Comment, SurveyResponse
from portal.models import Municipality, Status
from tests.portal.factories import make_document

from .factories import make_comment, make_draft, make_survey

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Android 14) Chrome/156", "REMOTE_ADDR": "10.0.0.7"}


@pytest.fixture(autouse=True)
def municipality():
    return Municipality.current()


def answers_for(survey, text="Más luz en el parque"):
    single, multiple, free = survey.questions.all()
    return {
        f"pregunta_{single.pk}": str(single.choices.first().pk),
        f"pregunta_{multiple.pk}": [str(c.pk) for c in multiple.choices.all()[:2]],
        f"pregunta_{free.pk}": text,
    }


# Index


def test_index_lists_open_and_closed_items_with_constant_queries(client, django_assert_num_queries):
    now = timezone.now()

    def build():
        make_survey(questions=False)
        make_survey(questions=False, opens_at=now - 40 * DAY, closes_at=now - 30 * DAY)
        make_survey(questions=False, status=Status.DRAFT, title="Encuesta en borrador")
        draft = make_draft(articles=0)
        make_comment(draft)
        make_draft(articles=0, comment_opens_at=now - 40 * DAY, comment_closes_at=now - 30 * DAY)

    build()
    with django_assert_num_queries(4):
        response = client.get("/participa/")
    build()
    build()
    with django_assert_num_queries(4):
        response = client.get("/participa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Encuestas abiertas" in html
    assert "Encuesta en borrador" not in html
    assert "Informe de comentarios: Proyecto de decreto" in html
    assert "Otros mecanismos y espacios de participación" in html


def test_index_without_anything_says_so(client):
    response = client.get("/participa/")
    assert "En este momento no hay encuestas abiertas." in response.content.decode()


# Surveys: showing


def test_survey_page_shows_the_form_with_constant_queries(client, django_assert_num_queries):
    survey = make_survey()
    # + 4: the new session that keeps the form's CSRF token (is the key free, its insert in a
    # savepoint); the second visit only reads it (+ 1).
    with django_assert_num_queries(5 + 4):
        response = client.get(survey.get_absolute_url())
    for _ in range(5):
        make_survey(entity=survey.entity)  # other surveys do not matter
        response_row = SurveyResponse.objects.create(survey=survey, respondent_key=f"k{_}")
        Answer.objects.create(
            response=response_row,
            question=survey.questions.first(),
            choice=survey.questions.first().choices.first(),
        )
    with django_assert_num_queries(5 + 1):
        response = client.get(survey.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "¿Cómo califica el servicio?" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html
    assert "<legend>" in html
    assert "Enviar respuestas" in html


@pytest.mark.parametrize("slug", ["no-existe", "a" * 300, "%F0%9F%8C%B3"])
def test_unknown_survey_is_404(client, slug):
    assert client.get(f"/participa/encuestas/{slug}/").status_code == 404


def test_draft_survey_is_404_for_citizens(client):
    survey = make_survey(status=Status.DRAFT)
    assert client.get(survey.get_absolute_url()).status_code == 404


def test_closed_survey_shows_results_with_constant_queries(client, django_assert_num_queries):
    now = timezone.now()
    survey = make_survey(opens_at=now - 20 * DAY, closes_at=now - DAY)
    question = survey.questions.first()
    for n in range(3):
        row = SurveyResponse.objects.create(survey=survey, respondent_key=str(n))
        Answer.objects.create(response=row, question=question, choice=question.choices.first())
    with django_assert_num_queries(7):
        response = client.get(survey.get_absolute_url())
    html = response.content.decode()
    assert "Esta encuesta ya no recibe respuestas" in html
    assert "Enviar respuestas" not in html
    assert "Resultados" in html
    assert "Bueno: <strong>3</strong> (100 %)" in html
    assert "<svg" in html and 'aria-hidden="true"' in html


def test_closed_survey_without_public_results_says_how_to_ask(client):
    now = timezone.now()
    survey = make_survey(opens_at=now - 20 * DAY, closes_at=now - DAY, show_results=False)
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "no publicó los resultados" in html
    assert "Bueno:" not in html


# Surveys: answering


def test_answering_stores_one_response_and_shows_thanks_and_results(client):
    survey = make_survey()
    response = client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    assert response.status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    # single + two options of the multiple + free text
    assert Answer.objects.filter(response__survey=survey).count() == 4
    html = client.get(response["Location"], **BROWSER).content.decode()
    assert "Gracias por responder" in html
    assert "Enviar respuestas" not in html
    assert "Bueno: <strong>1</strong> (100 %)" in html


def test_answering_twice_from_the_same_browser_counts_once(client):
    survey = make_survey()
    client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    again = client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    assert again.status_code == 200
    assert "Ya respondió esta encuesta" in again.content.decode()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert "Ya respondió esta encuesta" in client.get(survey.get_absolute_url()).content.decode()


def test_a_second_citizen_on_the_same_network_and_device_model_may_answer(client):
    """
    A school's computers share one address and one browser version: the second student is a
    second respondent. One answer per person is the cookie of each browser (see
    tests/participation/test_survey_answers.py), not an IP rule.
    """
    survey = make_survey()
    client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    client.cookies.clear()
    again = client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    assert again.status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 2


def test_another_browser_may_answer(client):
    survey = make_survey()
    client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    client.cookies.clear()
    other = {**BROWSER, "REMOTE_ADDR": "10.0.0.8"}
    assert client.post(survey.get_absolute_url(), answers_for(survey), **other).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 2


def test_survey_pages_vary_on_the_cookie_so_shared_caches_keep_visitors_apart(client):
    now = timezone.now()
    closed = make_survey(opens_at=now - 20 * DAY, closes_at=now - DAY)
    assert "Cookie" in client.get(closed.get_absolute_url())["Vary"]


def test_a_forged_cookie_is_ignored(client):
    survey = make_survey()
    client.cookies[f"encuesta-{survey.pk}"] = "1"
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "Enviar respuestas" in html


def test_closed_survey_refuses_answers_and_counts_nothing(client):
    survey = make_survey()
    with time_machine.travel(survey.closes_at + datetime.timedelta(minutes=1)):
        response = client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    html = response.content.decode()
    assert "Esta encuesta está cerrada desde el" in html
    assert "Ya no recibe respuestas" in html
    assert SurveyResponse.objects.count() == 0


def test_survey_not_yet_open_refuses_answers(client):
    survey = make_survey()
    with time_machine.travel(survey.opens_at - datetime.timedelta(minutes=1)):
        page = client.get(survey.get_absolute_url()).content.decode()
        response = client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    assert "todavía no recibe respuestas" in page
    assert "Enviar respuestas" not in page
    assert "todavía no recibe respuestas: abre el" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_missing_required_answers_keep_what_was_typed(client):
    survey = make_survey()
    single, multiple, free = survey.questions.all()
    response = client.post(
        survey.get_absolute_url(), {f"pregunta_{free.pk}": "Texto que no se pierde 🌳"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Revise sus respuestas" in html
    assert html.count("Responda esta pregunta.") >= 2
    assert "Texto que no se pierde 🌳" in html
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize("bad", ["999999", "abc", "", "1 OR 1=1", "🌳"])
def test_invalid_choice_is_a_message_not_a_500(client, bad):
    survey = make_survey()
    data = answers_for(survey)
    single = survey.questions.first()
    data[f"pregunta_{single.pk}"] = bad
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 200
    assert SurveyResponse.objects.count() == 0
    html = response.content.decode()
    assert "Elija una de las opciones." in html or "Responda esta pregunta." in html


def test_a_choice_of_another_question_is_refused(client):
    survey = make_survey()
    data = answers_for(survey)
    single, multiple, _ = survey.questions.all()
    data[f"pregunta_{single.pk}"] = str(multiple.choices.first().pk)
    assert (
        "Elija una de las opciones."
        in client.post(survey.get_absolute_url(), data).content.decode()
    )


def test_huge_answer_is_refused_with_the_limit_and_kept(client):
    survey = make_survey()
    data = answers_for(survey, text="x" * 20_000)
    html = client.post(survey.get_absolute_url(), data).content.decode()
    assert "use máximo 2000 caracteres" in html
    assert "x" * 20_000 in html
    assert SurveyResponse.objects.count() == 0


def test_script_and_emoji_answers_are_stored_as_text_and_escaped(client, admin_client):
    survey = make_survey()
    payload = "<script>alert(1)</script> 🌳\u200b ñandú"
    client.post(survey.get_absolute_url(), answers_for(survey, text=payload), **BROWSER)
    assert Answer.objects.get(text__contains="ñandú").text == payload
    html = admin_client.get(f"/admin/participation/survey/{survey.pk}/resultados/").content
    assert b"<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 🌳" in html.decode()


def test_null_character_is_refused_not_a_500(client):
    survey = make_survey()
    response = client.post(survey.get_absolute_url(), answers_for(survey, text="a\x00b"))
    assert response.status_code == 200
    assert SurveyResponse.objects.count() == 0


def test_honeypot_filled_looks_accepted_but_stores_nothing(client):
    survey = make_survey()
    data = {**answers_for(survey), "sitio_web": "http://spam.example"}
    response = client.post(survey.get_absolute_url(), data, **BROWSER)
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 0


def test_rate_limit_per_network_keeps_the_answers(client, settings):
    settings.PARTICIPATION_SURVEY_ANSWERS_PER_HOUR = 2
    survey = make_survey()
    for _ in range(2):
        client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
        client.cookies.clear()  # another person on the same network
    response = client.post(survey.get_absolute_url(), answers_for(survey, "Mi texto"), **BROWSER)
    assert response.status_code == 429
    html = response.content.decode()
    assert "se enviaron muchas respuestas a esta encuesta" in html
    assert "Mi texto" in html
    assert SurveyResponse.objects.count() == 2


def test_a_survey_without_questions_shows_no_empty_form(client):
    survey = make_survey(questions=False)
    response = client.get(survey.get_absolute_url())
    assert response.status_code == 200
    assert "Enviar respuestas" not in response.content.decode()
    response = client.post(survey.get_absolute_url(), {})
    assert "todavía no tiene preguntas" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_put_is_not_allowed(client):
    survey = make_survey()
    assert client.put(survey.get_absolute_url()).status_code == 405


# Drafts for comment


def test_draft_page_shows_articles_and_approved_comments_with_constant_queries(
    client, django_assert_num_queries
):
    draft = make_draft(articles=2)
    first = draft.articles.first()
    make_comment(draft, text="Sobre todo el texto.")
    make_comment(draft, article=first, text="Sobre el primero.", answer="Respuesta oficial.",
                 handling=Comment.Handling.PARTLY)  # fmt: skip
    make_comment(draft, text="Comentario en revisión", moderation=Comment.Moderation.PENDING)
    make_comment(draft, text="Comentario ofensivo", moderation=Comment.Moderation.REJECTED)
    # + 4: the new session of the comment form's CSRF token; the second visit reads it (+ 1).
    with django_assert_num_queries(5 + 4):
        response = client.get(draft.get_absolute_url())
    for n in range(3, 9):
        article = draft.articles.create(number=n, text=f"Texto {n}")
        make_comment(draft, article=article)
        make_comment(draft)
    with django_assert_num_queries(5 + 1):
        response = client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Artículo 1. Título 1" in html
    assert "Sobre todo el texto." in html
    assert "Sobre el primero." in html and "Respuesta oficial." in html
    assert "Aceptado parcialmente" in html
    assert "Comentario en revisión" not in html
    assert "Comentario ofensivo" not in html
    assert "Todo el documento" in html
    assert "Enviar comentario" in html


def comment_data(**overrides):
    data = {
        "article": "",
        "text": "Propongo ampliar el horario 🌳",
        "name": "Ana María Jojoa",
        "email": "ana@example.com",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_a_comment_is_received_pending_and_not_published_yet(client):
    draft = make_draft()
    article = draft.articles.last()
    response = client.post(draft.get_absolute_url(), comment_data(article=str(article.pk)))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.moderation == Comment.Moderation.PENDING
    assert comment.article == article
    html = client.get(response["Location"]).content.decode()
    assert "Recibimos su comentario; se publicará cuando sea revisado" in html
    assert "Propongo ampliar el horario" not in html


def test_a_replayed_comment_is_stored_once(client):
    draft = make_draft()
    for _ in range(3):
        assert client.post(draft.get_absolute_url(), comment_data()).status_code == 302
    assert Comment.objects.count() == 1
    # Same text with different spacing or capitals is the same comment.
    client.post(draft.get_absolute_url(), comment_data(text="propongo  ampliar el HORARIO 🌳"))
    assert Comment.objects.count() == 1
    client.post(draft.get_absolute_url(), comment_data(text="Otro comentario distinto"))
    assert Comment.objects.count() == 2


def test_comment_outside_the_period_is_refused_with_a_clear_message(client):
    draft = make_draft()
    with time_machine.travel(draft.comment_closes_at + datetime.timedelta(seconds=1)):
        response = client.post(draft.get_absolute_url(), comment_data(text="Llegué tarde"))
    html = response.content.decode()
    assert "El periodo de comentarios de este proyecto terminó el" in html
    assert "Ya no se reciben comentarios" in html
    assert "Llegué tarde" in html  # what was typed is not lost
    assert Comment.objects.count() == 0


def test_comment_before_the_period_is_refused(client):
    draft = make_draft()
    with time_machine.travel(draft.comment_opens_at - datetime.timedelta(seconds=1)):
        page = client.get(draft.get_absolute_url()).content.decode()
        response = client.post(draft.get_absolute_url(), comment_data())
    assert "todavía no recibe comentarios" in page
    assert "Enviar comentario" not in page
    assert "todavía no recibe comentarios" in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "no-es-correo"}, "Escriba un correo válido"),
        ({"name": ""}, "Escriba su nombre."),
        ({"text": "   "}, "Escriba su comentario."),
        ({"consent": ""}, "Sin esta autorización"),
        ({"article": "999999"}, "Elija un artículo de la lista."),
        ({"article": "abc"}, "Elija un artículo de la lista."),
        ({"text": "y" * 6000}, "use máximo 5000 caracteres"),
        ({"name": "n" * 400}, "El nombre es muy largo"),
    ],
)
def test_bad_comment_input_gets_a_message_and_keeps_the_text(client, overrides, message):
    draft = make_draft()
    data = comment_data(**overrides)
    response = client.post(draft.get_absolute_url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Revise el formulario" in html
    if data["text"].strip():
        assert data["text"][:100] in html
    assert Comment.objects.count() == 0


def test_an_article_of_another_draft_is_refused(client):
    draft, other = make_draft(), make_draft()
    data = comment_data(article=str(other.articles.first().pk))
    assert "Elija un artículo" in client.post(draft.get_absolute_url(), data).content.decode()


def test_comment_with_script_is_escaped_once_published(client):
    draft = make_draft()
    client.post(draft.get_absolute_url(), comment_data(text="<script>alert('x')</script>"))
    Comment.objects.update(moderation=Comment.Moderation.APPROVED)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_comment_honeypot_stores_nothing(client):
    draft = make_draft()
    response = client.post(draft.get_absolute_url(), comment_data(sitio_web="spam"))
    assert response.status_code == 302
    assert Comment.objects.count() == 0


def test_comment_rate_limit(client):
    draft = make_draft()
    for n in range(10):
        client.post(draft.get_absolute_url(), comment_data(text=f"Comentario {n}"))
    response = client.post(draft.get_absolute_url(), comment_data(text="El undécimo"))
    assert response.status_code == 429
    assert "El undécimo" in response.content.decode()
    assert Comment.objects.count() == 10


def test_closed_draft_links_the_report_and_the_published_final_text(client):
    now = timezone.now()
    final = make_document(title="Decreto definitivo del espacio público")
    draft = make_draft(
        comment_opens_at=now - 30 * DAY, comment_closes_at=now - DAY, final_document=final
    )
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "terminó el" in html
    assert "Enviar comentario" not in html
    assert draft.get_report_url() in html
    assert "Decreto definitivo del espacio público" in html


def test_unpublished_final_text_is_not_linked(client):
    now = timezone.now()
    final = make_document(title="Decreto aún en borrador", status=Status.DRAFT)
    draft = make_draft(
        comment_opens_at=now - 30 * DAY, comment_closes_at=now - DAY, final_document=final
    )
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Decreto aún en borrador" not in html
    assert "se publicará aquí cuando se expida" in html


def test_unknown_or_unpublished_draft_is_404(client):
    draft = make_draft(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_report_url()).status_code == 404
    assert client.get("/participa/proyectos/no-existe/informe/").status_code == 404
    assert client.get("/participa/proyectos/no-existe/informe.csv").status_code == 404


# Report


def closed_draft_with_comments():
    now = timezone.now()
    draft = make_draft(comment_opens_at=now - 30 * DAY, comment_closes_at=now - DAY)
    article = draft.articles.first()
    make_comment(draft, text="Acepten esto", answer="Se acoge.", handling="accepted",
                 answered_at=now)  # fmt: skip
    make_comment(draft, article=article, text="=HYPERLINK(\"http://mal\")",
                 answer="No procede.", handling="rejected", answered_at=now)  # fmt: skip
    make_comment(draft, text="Sin responder todavía")
    make_comment(draft, text="Insulto", moderation=Comment.Moderation.REJECTED)
    return draft


def test_report_shows_every_published_comment_and_its_handling(client, django_assert_num_queries):
    draft = closed_draft_with_comments()
    with django_assert_num_queries(5):
        response = client.get(draft.get_report_url())
    for _ in range(5):
        make_comment(draft, answer="Ok.", handling="partly")
    with django_assert_num_queries(5):
        response = client.get(draft.get_report_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Acepten esto" in html and "Se acoge." in html
    assert "Insulto" not in html
    assert "1 comentario no se publicó" in html
    assert '<th scope="row">Aceptado parcialmente</th><td>5</td>' in html
    assert '<th scope="row">Sin respuesta aún</th><td>1</td>' in html
    assert "aún no tiene respuesta" in html
    assert "Artículo 1" in html


def test_report_while_the_period_is_open_is_marked_partial(client):
    draft = make_draft()
    assert "informe parcial" in client.get(draft.get_report_url()).content.decode()


def test_report_csv_has_bom_spanish_headers_and_defused_formulas(client):
    draft = closed_draft_with_comments()
    response = client.get(f"/participa/proyectos/{draft.slug}/informe.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffNúmero,Fecha de recibido,Nombre,Parte del proyecto")
    assert "'=HYPERLINK" in body
    assert "Insulto" not in body
    assert "@example.com" not in body  # e-mails are never published
    assert "Sin respuesta aún" in body


def test_with_the_page_cache_on_one_visitors_answer_never_shows_to_another(settings, client):
    settings.PAGE_CACHE_SECONDS = 300
    survey = make_survey()
    client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    assert "Ya respondió" in client.get(survey.get_absolute_url(), **BROWSER).content.decode()
    stranger = type(client)()  # another visitor: no cookies
    html = stranger.get(survey.get_absolute_url(), REMOTE_ADDR="10.9.9.9").content.decode()
    assert "Ya respondió" not in html
    assert "Enviar respuestas" in html


def test_with_the_page_cache_on_a_new_comment_shows_after_approval(settings, client):
    settings.PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    draft = make_draft(comment_opens_at=now - 20 * DAY, comment_closes_at=now - DAY)
    comment = make_comment(draft, text="Primero pendiente", moderation="pending")
    assert "Primero pendiente" not in client.get(draft.get_absolute_url()).content.decode()
    comment.moderation = Comment.Moderation.APPROVED
    comment.save()
    assert "Primero pendiente" in client.get(draft.get_absolute_url()).content.decode()


def test_editors_preview_their_unpublished_survey_and_draft_without_storing(client):
    from tests.portal.factories import make_entity, make_office, make_staff_user

    editor = make_staff_user(make_office(make_entity()))
    survey = make_survey(status=Status.DRAFT)
    draft = make_draft(status=Status.DRAFT)
    assert client.get(survey.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(survey.get_absolute_url())
    assert response.status_code == 200
    assert "Vista previa para el equipo" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    response = client.post(survey.get_absolute_url(), answers_for(survey), **BROWSER)
    assert "no guarda respuestas" in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    response = client.post(draft.get_absolute_url(), comment_data())
    assert "no recibe comentarios" in response.content.decode()
    assert Comment.objects.count() == 0
    other = make_staff_user(make_office(make_entity("concejo")))
    client.force_login(other)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(("value", "selected"), [("2", True), ("99", False), ("abc", False)])
def test_comment_link_of_an_article_preselects_it(client, value, selected):
    draft = make_draft()
    article = draft.articles.get(number=2)
    html = client.get(f"{draft.get_absolute_url()}?articulo={value}").content.decode()
    assert "Comentar el artículo 2" in html
    assert (f'<option value="{article.pk}" selected>' in html) is selected
