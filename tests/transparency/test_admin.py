import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from portal.roles import COMMITTEE_GROUP
from tests.portal.factories import make_entity, make_office, make_page, make_staff_user
from transparency.models import ChangeLogEntry, ExternalLink, MenuItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def menus():
    alcaldia = make_entity()
    concejo = make_entity("concejo")
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    return alcaldia, concejo


def change_form_data(item, **overrides):
    """The admin change form of `item` as a browser would send it, unchanged."""
    data = {
        "pages": [str(pk) for pk in item.pages.values_list("pk", flat=True)],
        "procedures": [str(pk) for pk in item.procedures.values_list("pk", flat=True)],
        "document_kinds": item.document_kinds,
        "document_entity": item.document_entity_id or "",
        "document_year": item.document_year or "",
        "owner_office": item.owner_office_id or "",
        "update_frequency": item.update_frequency,
        "last_updated": item.last_updated.isoformat() if item.last_updated else "",
        "quality_override": item.quality_override,
        "content_source": item.content_source,
        "event_keyword": item.event_keyword,
        "datos_gov_co_url": item.datos_gov_co_url,
        "committed_on": item.committed_on.isoformat() if item.committed_on else "",
        "na_justification": item.na_justification,
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    if item.applies:
        data["applies"] = "on"
    data.update(overrides)
    return data


def test_editor_sees_only_their_entity_menu(client, menus):
    alcaldia, concejo = menus
    editor = make_staff_user(make_office(concejo))
    client.force_login(editor)
    response = client.get("/admin/transparency/menuitem/?q=Plan+Anual")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(">Plan Anual de Adquisiciones</a>") == 1  # one row: only the Concejo's
    other = MenuItem.objects.get(entity=alcaldia, code="3.1")
    assert client.get(f"/admin/transparency/menuitem/{other.pk}/change/").status_code == 302


def test_editor_links_a_page_and_a_link_and_the_public_log_records_it(client, menus):
    alcaldia, _ = menus
    office = make_office(alcaldia, name="Secretaría General")
    editor = make_staff_user(office)
    client.force_login(editor)
    item = MenuItem.objects.get(entity=alcaldia, code="1.2")
    page = make_page(title="Organigrama de la Alcaldía", entity=alcaldia)
    data = change_form_data(
        item,
        pages=[str(page.pk)],
        owner_office=str(office.pk),
        **{
            "links-TOTAL_FORMS": "1",
            "links-0-label": "Organigrama en PDF",
            "links-0-url": "https://example.gov.co/organigrama.pdf",
            "links-0-order": "0",
        },
    )

    response = client.post(f"/admin/transparency/menuitem/{item.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    entry = ChangeLogEntry.objects.get()
    assert entry.office_name == "Secretaría General"
    assert "Se agregó la página «Organigrama de la Alcaldía»." in entry.description
    assert "Organigrama en PDF (https://example.gov.co/organigrama.pdf)" in entry.description
    assert "Dependencia responsable: Secretaría General." in entry.description
    item.refresh_from_db()
    assert item.last_updated == timezone.localdate()
    public = client.get("/transparencia/registro-de-cambios/").content.decode()
    assert "Organigrama de la Alcaldía" in public and "Secretaría General" in public


def test_linking_an_own_draft_page_leaks_no_title_to_the_public_log(client, menus):
    alcaldia, _ = menus
    office = make_office(alcaldia, name="Secretaría General")
    client.force_login(make_staff_user(office))
    item = MenuItem.objects.get(entity=alcaldia, code="1.2")
    draft = make_page(title="Reestructuración aún en discusión", entity=alcaldia, status="draft")
    response = client.post(
        f"/admin/transparency/menuitem/{item.pk}/change/",
        change_form_data(item, pages=[str(draft.pk)]),
    )
    assert response.status_code == 302
    entry = ChangeLogEntry.objects.get()
    assert f"Se agregó la página «página en borrador n.º {draft.pk}»." in entry.description
    public = client.get("/transparencia/registro-de-cambios/").content.decode()
    assert "Reestructuración" not in public


def test_saving_without_changes_writes_no_log(client, menus):
    alcaldia, _ = menus
    client.force_login(make_staff_user(make_office(alcaldia)))
    item = MenuItem.objects.get(entity=alcaldia, code="1.3")
    client.post(f"/admin/transparency/menuitem/{item.pk}/change/", change_form_data(item))
    assert ChangeLogEntry.objects.count() == 0


def test_not_applicable_needs_a_reason(client, menus):
    alcaldia, _ = menus
    client.force_login(make_staff_user(make_office(alcaldia)))
    item = MenuItem.objects.get(entity=alcaldia, code="8.2")
    data = change_form_data(item)
    del data["applies"]
    response = client.post(f"/admin/transparency/menuitem/{item.pk}/change/", data)
    assert response.status_code == 200
    assert "escriba la razón legal" in response.content.decode()


def test_bad_link_address_is_refused_in_spanish(client, menus):
    alcaldia, _ = menus
    client.force_login(make_staff_user(make_office(alcaldia)))
    item = MenuItem.objects.get(entity=alcaldia, code="3.2")
    data = change_form_data(
        item,
        **{"links-TOTAL_FORMS": "1", "links-0-label": "SECOP", "links-0-url": "javascript:x"},
    )
    response = client.post(f"/admin/transparency/menuitem/{item.pk}/change/", data)
    assert response.status_code == 200
    assert "Escriba una dirección completa" in response.content.decode()
    assert ExternalLink.objects.count() == 0


def test_empty_filter_and_report_by_office(client, menus, django_assert_max_num_queries):
    alcaldia, _ = menus
    planning = make_office(alcaldia, name="Secretaría de Planeación")
    MenuItem.objects.filter(entity=alcaldia, code__startswith="4.").update(owner_office=planning)
    MenuItem.objects.get(entity=alcaldia, code="4.1").pages.add(make_page())
    admin_user = User.objects.create_superuser("jefa", "jefa@example.com", "clave-segura-123")
    client.force_login(admin_user)

    filtered = client.get(
        f"/admin/transparency/menuitem/?situacion=vacios&entity__id__exact={alcaldia.pk}"
    )
    assert filtered.status_code == 200
    assert "4.1</a>" not in filtered.content.decode()
    assert "4.2</a>" in filtered.content.decode()

    with django_assert_max_num_queries(26):
        report = client.get("/admin/transparency/menuitem/vacios-por-dependencia/")
    html = report.content.decode()
    assert report.status_code == 200
    assert "Secretaría de Planeación" in html and "Sin dependencia asignada" in html
    planning_section = html.split("Secretaría de Planeación")[1].split("<h2")[0]
    assert "4.2 Ejecución presupuestal" in planning_section
    assert "4.1 Presupuesto general" not in planning_section


def test_committee_reads_but_cannot_change(client, menus):
    alcaldia, _ = menus
    member = make_staff_user(None, groups=(COMMITTEE_GROUP,))
    client.force_login(member)
    item = MenuItem.objects.get(entity=alcaldia, code="1.2")
    assert client.get("/admin/transparency/menuitem/").status_code == 200
    assert client.get("/admin/transparency/menuitem/vacios-por-dependencia/").status_code == 200
    response = client.post(
        f"/admin/transparency/menuitem/{item.pk}/change/", change_form_data(item)
    )
    assert response.status_code == 403


def test_editor_may_list_documents_of_another_entity(client, menus):
    alcaldia, concejo = menus
    client.force_login(make_staff_user(make_office(alcaldia)))
    item = MenuItem.objects.get(entity=alcaldia, code="2.1.3")
    html = client.get(f"/admin/transparency/menuitem/{item.pk}/change/").content.decode()
    assert (
        "Concejo de Puerto Guzmán" in html.split('name="document_entity"')[1].split("</select>")[0]
    )
    data = change_form_data(item, document_kinds=["acuerdo"], document_entity=str(concejo.pk))
    response = client.post(f"/admin/transparency/menuitem/{item.pk}/change/", data)
    assert response.status_code == 302
    assert "Se agregó la lista de documentos «Acuerdo (Concejo de Puerto Guzmán)»." in (
        ChangeLogEntry.objects.get().description
    )


def test_changelist_query_count_does_not_grow_with_links(client, menus, django_assert_num_queries):
    alcaldia, _ = menus
    admin_user = User.objects.create_superuser("jefe", "jefe@example.com", "clave-segura-123")
    client.force_login(admin_user)
    url = f"/admin/transparency/menuitem/?entity__id__exact={alcaldia.pk}"
    office = make_office(alcaldia)
    first_item = MenuItem.objects.get(entity=alcaldia, code="1.1.a")
    first_item.pages.add(make_page())
    first_item.owner_office = office
    first_item.save()
    client.get(url)
    with django_assert_num_queries(30) as first:
        assert client.get(url).status_code == 200
    for item in MenuItem.objects.filter(entity=alcaldia, children__isnull=True)[:30]:
        item.pages.add(make_page())
        item.owner_office = office
        item.save()
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_editor_marks_items_reviewed_today_only_in_their_entity(client, menus):
    alcaldia, concejo = menus
    client.force_login(make_staff_user(make_office(concejo)))
    own = MenuItem.objects.get(entity=concejo, code="4.2")
    other = MenuItem.objects.get(entity=alcaldia, code="4.2")
    response = client.post(
        "/admin/transparency/menuitem/",
        {"action": "mark_reviewed_today", "_selected_action": [own.pk, other.pk]},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.last_updated == timezone.localdate()
    assert other.last_updated is None
