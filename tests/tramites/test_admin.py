import datetime

import pytest
import time_machine
from django.contrib.auth.models import User

from portal.roles import COMMITTEE_GROUP
from tests.portal.factories import make_entity, make_office, make_staff_user
from tramites.models import Procedure

from .factories import make_category, make_procedure

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/tramites/procedure/"


@pytest.fixture
def two_offices():
    hacienda = make_office(name="Hacienda", slug="hacienda")
    gobierno = make_office(name="Gobierno", slug="gobierno")
    return hacienda, gobierno


def test_editor_sees_only_their_office(client, two_offices):
    hacienda, gobierno = two_offices
    make_procedure(name="Impuesto predial", office=hacienda)
    other = make_procedure(name="Certificado de residencia", office=gobierno)
    client.force_login(make_staff_user(hacienda))
    body = client.get(CHANGELIST).content.decode()
    assert "Impuesto predial" in body
    assert "Certificado de residencia" not in body
    assert client.get(f"{CHANGELIST}{other.pk}/change/").status_code == 302  # not theirs


def test_committee_sees_all_but_cannot_change(client, two_offices):
    hacienda, gobierno = two_offices
    make_procedure(name="Impuesto predial", office=hacienda)
    make_procedure(name="Certificado de residencia", office=gobierno)
    client.force_login(make_staff_user(None, groups=(COMMITTEE_GROUP,)))
    body = client.get(CHANGELIST).content.decode()
    assert "Impuesto predial" in body and "Certificado de residencia" in body
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def _form_data(office, category, **overrides):
    data = {
        "kind": "tramite",
        "name": "Certificado de residencia",
        "slug": "certificado-de-residencia",
        "category": category.pk,
        "office": office.pk,
        "purpose": "Demostrar que vive en el municipio.",
        "who_may_ask": "Residentes",
        "result": "Certificado",
        "legal_basis": "Ley 1551 de 2012",
        "is_free": "on",
        "response_time_value": "3",
        "response_time_unit": "business",
        "in_person_address": "Palacio Municipal",
        "automation_level": "info",
        "status": "published",
        "publish_at_0": "2026-11-20",
        "publish_at_1": "08:00:00",
        "needs_review": "on",
    }
    for prefix in ("requirements", "steps", "forms"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "requirements-TOTAL_FORMS": "1",
            "requirements-0-order": "1",
            "requirements-0-description": "Copia de la cédula",
            "requirements-0-needs_document": "on",
            "steps-TOTAL_FORMS": "1",
            "steps-0-order": "1",
            "steps-0-description": "Radique la solicitud",
        }
    )
    data.update(overrides)
    return data


def test_editor_creates_a_sheet_and_entity_follows_the_office(client):
    personeria = make_entity(kind="personeria")
    office = make_office(entity=personeria, name="Personería", slug="personeria-municipal")
    editor = make_staff_user(office)
    client.force_login(editor)
    data = _form_data(office, make_category(), featured="on")
    response = client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure = Procedure.objects.get()
    assert procedure.featured  # listed among the most consulted on the home page
    assert procedure.entity == personeria
    assert procedure.author == editor
    assert procedure.requirements.get().description == "Copia de la cédula"
    assert procedure.missing_fields() == []


def test_editor_cannot_assign_another_office(client, two_offices):
    hacienda, gobierno = two_offices
    client.force_login(make_staff_user(hacienda))
    response = client.post(f"{CHANGELIST}add/", _form_data(gobierno, make_category()))
    assert response.status_code == 200
    assert "office" in response.context["adminform"].form.errors
    assert not Procedure.objects.exists()


def test_online_level_without_link_is_refused(client, two_offices):
    hacienda, _ = two_offices
    client.force_login(make_staff_user(hacienda))
    data = _form_data(hacienda, make_category(), automation_level="full")
    response = client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "Escriba el enlace" in response.content.decode()


def test_completeness_and_review_columns_and_filters(client, django_assert_max_num_queries):
    office = make_office()
    complete = make_procedure(
        name="Completa",
        office=office,
        suit_code="12345",
        last_reviewed_on=datetime.date(2026, 10, 1),
    )
    make_procedure(name="Sin SUIT", office=office, last_reviewed_on=datetime.date(2026, 10, 1))
    make_procedure(
        name="Sin pasos", office=office, steps=0, last_reviewed_on=datetime.date(2025, 1, 1)
    )
    make_procedure(name="Sin propósito", office=office, purpose="")
    client.force_login(User.objects.create_superuser("root", "r@x.co", "x"))
    with time_machine.travel(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)):
        body = client.get(CHANGELIST).content.decode()
        assert "revisada en los últimos 6 meses" in body

        def names(**params):
            return [p.name for p in client.get(CHANGELIST, params).context["cl"].result_list]

        # Complete quality: every field, the SUIT number and a review in the last six months.
        assert names(completa="si") == ["Completa"]
        assert set(names(completa="no")) == {"Sin pasos", "Sin propósito", "Sin SUIT"}
        assert set(names(completa="campos")) == {"Sin pasos", "Sin propósito"}
        assert set(names(revisada="si")) == {"Completa", "Sin SUIT"}
        assert set(names(revisada="no")) == {"Sin pasos", "Sin propósito"}
        change = client.get(f"{CHANGELIST}{complete.pk}/change/").content.decode()
        assert "Nada: la ficha tiene calidad completa." in change
        without_suit = Procedure.objects.get(name="Sin SUIT")
        change = client.get(f"{CHANGELIST}{without_suit.pk}/change/").content.decode()
        assert "número SUIT" in change


def test_changelist_queries_do_not_grow(client, django_assert_num_queries):
    client.force_login(User.objects.create_superuser("root", "r@x.co", "x"))
    office, category = make_office(), make_category()
    for _ in range(3):
        make_procedure(office=office, category=category)
    client.get(CHANGELIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for _ in range(30):
        make_procedure(office=office, category=category)
    with CaptureQueriesContext(connection) as many:
        client.get(CHANGELIST)
    assert len(many) == len(few)


def test_mark_reviewed_today_only_touches_own_office(client, two_offices):
    hacienda, gobierno = two_offices
    mine = make_procedure(office=hacienda, needs_review=True)
    theirs = make_procedure(office=gobierno, needs_review=True)
    client.force_login(make_staff_user(hacienda))
    with time_machine.travel(datetime.datetime(2026, 11, 24, 15, tzinfo=datetime.UTC)):
        response = client.post(
            CHANGELIST,
            {"action": "mark_reviewed_today", "_selected_action": [mine.pk, theirs.pk]},
            follow=True,
        )
    assert "1 ficha(s) marcada(s) como revisada(s) hoy." in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.last_reviewed_on, mine.needs_review) == (datetime.date(2026, 11, 24), False)
    assert (theirs.last_reviewed_on, theirs.needs_review) == (None, True)


def test_mark_reviewed_works_on_a_filtered_list(client):
    office = make_office()
    incomplete = make_procedure(office=office, steps=0)
    client.force_login(User.objects.create_superuser("root", "r@x.co", "x"))
    response = client.post(
        f"{CHANGELIST}?completa=no",
        {"action": "mark_reviewed_today", "_selected_action": [incomplete.pk]},
    )
    assert response.status_code == 302
    incomplete.refresh_from_db()
    assert incomplete.needs_review is False


def test_bad_form_file_is_refused_in_the_admin(client, two_offices):
    from django.core.files.uploadedfile import SimpleUploadedFile

    hacienda, _ = two_offices
    client.force_login(make_staff_user(hacienda))
    data = _form_data(hacienda, make_category())
    data.update(
        {
            "forms-TOTAL_FORMS": "1",
            "forms-0-order": "1",
            "forms-0-title": "Formato de solicitud",
            "forms-0-file": SimpleUploadedFile("formato.pdf", b"\x89PNG\r\n\x1a\n"),
        }
    )
    response = client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "El contenido del archivo no corresponde a un PDF." in response.content.decode()
    assert not Procedure.objects.exists()
    data["forms-0-file"] = SimpleUploadedFile("formato.pdf", b"%PDF-1.4 formato")
    assert client.post(f"{CHANGELIST}add/", data).status_code == 302
    assert Procedure.objects.get().forms.get().file.name.endswith(".pdf")
