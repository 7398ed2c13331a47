import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from participation.models import Answer, Comment, SurveyResponse
from portal.roles import COMMITTEE_GROUP, EDITORS_GROUP
from tests.portal.factories import make_entity, make_office, make_staff_user

from .factories import make_comment, make_draft, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def alcaldia_editor():
    return make_staff_user(make_office(make_entity()))


@pytest.fixture
def concejo():
    return make_entity("concejo")


def answer(survey, key, text="Respuesta abierta"):
    single, multiple, free = survey.questions.all()
    row = SurveyResponse.objects.create(survey=survey, respondent_key=key)
    Answer.objects.create(response=row, question=single, choice=single.choices.first())
    for choice in multiple.choices.all()[:2]:
        Answer.objects.create(response=row, question=multiple, choice=choice)
    Answer.objects.create(response=row, question=free, text=text)
    return row


def test_setup_roles_gives_editors_and_committee_their_permissions():
    call_command("setup_roles", stdout=io.StringIO())
    editors = set(
        Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True)
    )
    committee = set(
        Group.objects.get(name=COMMITTEE_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"add_survey", "change_comment", "add_article"} <= editors
    assert "add_comment" not in editors
    assert {"view_survey", "view_comment", "view_draftregulation"} <= committee
    assert "change_comment" not in committee


def test_editor_sees_only_their_entity(client, alcaldia_editor, concejo):
    mine = make_survey(title="Encuesta de la Alcaldía")
    theirs = make_survey(title="Encuesta del Concejo", entity=concejo)
    draft = make_draft(title="Proyecto de la Alcaldía")
    other_draft = make_draft(title="Proyecto del Concejo", entity=concejo)
    make_comment(draft, text="Comentario visible")
    make_comment(other_draft, text="Comentario ajeno")
    client.force_login(alcaldia_editor)
    html = client.get("/admin/participation/survey/").content.decode()
    assert mine.title in html and theirs.title not in html
    html = client.get("/admin/participation/draftregulation/").content.decode()
    assert "Proyecto de la Alcaldía" in html and "Proyecto del Concejo" not in html
    html = client.get("/admin/participation/comment/").content.decode()
    assert "Comentario visible" in html and "Comentario ajeno" not in html
    assert client.get(f"/admin/participation/survey/{theirs.pk}/resultados/").status_code == 404
    assert client.get(f"/admin/participation/survey/{theirs.pk}/respuestas.csv").status_code == 404


def test_admin_forms_with_inlines_open(client, alcaldia_editor):
    survey = make_survey()
    draft = make_draft()
    client.force_login(alcaldia_editor)
    html = client.get(f"/admin/participation/survey/{survey.pk}/change/").content.decode()
    assert "¿Cómo califica el servicio?" in html
    question = survey.questions.first()
    html = client.get(f"/admin/participation/question/{question.pk}/change/").content.decode()
    assert "Regular" in html
    html = client.get(f"/admin/participation/draftregulation/{draft.pk}/change/").content.decode()
    assert "Texto del artículo 1." in html
    assert client.get("/admin/participation/draftregulation/add/").status_code == 200


def test_results_page_has_charts_and_text_answers(
    client, alcaldia_editor, django_assert_num_queries
):
    survey = make_survey()
    answer(survey, "a", "Más parques")
    answer(survey, "b", "Mejor alumbrado")
    client.force_login(alcaldia_editor)
    url = f"/admin/participation/survey/{survey.pk}/resultados/"
    with django_assert_num_queries(17):
        client.get(url)
    for n in range(5):
        answer(survey, f"n{n}")
    with django_assert_num_queries(17):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "7 respuestas" in html
    assert "Bueno: <strong>7</strong> (100 %)" in html
    assert "Más parques" in html and "Mejor alumbrado" in html
    assert "<svg" in html


def test_responses_csv_one_row_per_response_with_bom(client, alcaldia_editor):
    survey = make_survey()
    answer(survey, "a", "=cmd|' /C calc'!A0")
    answer(survey, "b", "Sin problema 🌳")
    client.force_login(alcaldia_editor)
    response = client.get(f"/admin/participation/survey/{survey.pk}/respuestas.csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffRespuesta,Fecha,¿Cómo califica el servicio?")
    lines = body.strip().splitlines()
    assert len(lines) == 3
    assert "Portal web; Ventanilla" in body
    assert "'=cmd" in body
    assert "Sin problema 🌳" in body


def test_committee_can_read_results_but_not_moderate(client, concejo):
    committee = make_staff_user(groups=(COMMITTEE_GROUP,))
    survey = make_survey(entity=concejo)
    draft = make_draft()
    comment = make_comment(draft, moderation=Comment.Moderation.PENDING)
    client.force_login(committee)
    assert client.get(f"/admin/participation/survey/{survey.pk}/resultados/").status_code == 200
    response = client.post(
        "/admin/participation/comment/",
        {"action": "approve_comments", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.moderation == Comment.Moderation.PENDING
    assert response.status_code in (200, 302, 403)


def test_moderation_actions_approve_and_reject(client, alcaldia_editor):
    draft = make_draft()
    first = make_comment(draft, moderation=Comment.Moderation.PENDING)
    second = make_comment(draft, moderation=Comment.Moderation.PENDING)
    client.force_login(alcaldia_editor)
    client.post(
        "/admin/participation/comment/",
        {"action": "approve_comments", "_selected_action": [first.pk]},
    )
    client.post(
        "/admin/participation/comment/",
        {"action": "reject_comments", "_selected_action": [second.pk]},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.moderation == Comment.Moderation.APPROVED
    assert second.moderation == Comment.Moderation.REJECTED


def test_writing_the_answer_stamps_who_and_when(client, alcaldia_editor):
    draft = make_draft()
    comment = make_comment(draft)
    client.force_login(alcaldia_editor)
    url = f"/admin/participation/comment/{comment.pk}/change/"
    response = client.post(url, {"moderation": "approved", "handling": "", "answer": "Gracias."})
    assert response.status_code == 200
    assert "Indique cómo se tuvo en cuenta el comentario." in response.content.decode()
    response = client.post(
        url, {"moderation": "approved", "handling": "partly", "answer": "Se acoge en parte."}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answer == "Se acoge en parte."
    assert comment.answered_by == alcaldia_editor
    assert comment.answered_at is not None


def test_citizens_comments_cannot_be_added_or_rewritten_in_the_admin(client, alcaldia_editor):
    draft = make_draft()
    comment = make_comment(draft, text="Texto original")
    client.force_login(alcaldia_editor)
    assert client.get("/admin/participation/comment/add/").status_code == 403
    client.post(
        f"/admin/participation/comment/{comment.pk}/change/",
        {"moderation": "approved", "text": "Texto cambiado", "handling": "", "answer": ""},
    )
    comment.refresh_from_db()
    assert comment.text == "Texto original"
