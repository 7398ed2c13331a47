"""
The ITA-style self-assessment: each entity's live page with what is missing, and the measured
figures the public page shows (stored by the daily measurement and by "Medir ahora").
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gelt.ita import entity_assessment, self_assessment, store_snapshots
from gelt.models import ItaSnapshot
from portal.models import Entity
from tests.gelt.factories import load_plan, measure
from tests.gelt.test_views import DASHBOARD, PUBLIC, fill_menu_items, menu  # noqa: F401
from tests.portal.factories import make_page
from transparency.models import MenuItem

pytestmark = pytest.mark.django_db


def url(entity):
    return reverse("gelt:ita_entity", args=[entity.slug])


def alcaldia():
    return Entity.objects.get(kind=Entity.Kind.ALCALDIA)


def test_entity_page_lists_what_is_missing_with_its_reason_and_office(client, menu):  # noqa: F811
    fill_menu_items()
    entity = alcaldia()
    response = client.get(url(entity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Autoevaluación tipo ITA: Alcaldía" in html
    assessment = entity_assessment(timezone.localdate(), entity)
    total = assessment.total
    assert f"({total.up_to_date} de {total.applicable})" in html
    assert f"Lo que falta ({len(total.missing)})" in html
    assert "4.1</a> Presupuesto general de ingresos, gastos e inversión: desactualizado" in html
    assert "(última actualización " in html
    assert "sin contenido publicado" in html
    # 1.10 has content and is up to date: it is not in the list.
    assert 'href="/transparencia/categoria/1/#item-1-10"' not in html.split("Lo que falta")[1]
    assert 'href="/transparencia/categoria/4/#item-4-1">4.1</a>' in html
    assert "Última medición registrada" not in html  # never measured yet


def test_entity_page_matches_the_whole_menu_computation(client, menu):  # noqa: F811
    fill_menu_items()
    for whole in self_assessment(timezone.localdate()):
        one = entity_assessment(timezone.localdate(), whole.entity)
        assert [(c.code, c.applicable, c.up_to_date) for c in one.categories] == [
            (c.code, c.applicable, c.up_to_date) for c in whole.categories
        ]
        assert [m.item.code for m in one.missing] == [m.item.code for m in whole.missing]
        assert client.get(url(whole.entity)).status_code == 200


def test_entity_page_reads_a_constant_number_of_queries(
    client,
    menu,  # noqa: F811
    django_assert_num_queries,
):
    entity = alcaldia()
    client.get(url(entity))  # the municipality's row on first use
    with django_assert_num_queries(QUERIES):
        assert client.get(url(entity)).status_code == 200
    fill_menu_items()
    items = list(MenuItem.objects.of_entity(entity).filter(code__contains=".")[:40])
    for n, item in enumerate(items):
        item.pages.add(make_page(title=f"Página del ítem {n}"))
        item.links.create(label=f"Enlace {n}", url=f"https://example.org/{n}.pdf")
    store_snapshots(timezone.localdate())
    with django_assert_num_queries(QUERIES):
        response = client.get(url(entity))
    assert response.status_code == 200
    assert "Última medición registrada" in response.content.decode()


QUERIES = 13


def test_unknown_entity_or_entity_without_menu_is_404(client, menu):  # noqa: F811
    assert client.get("/gobierno-en-linea/ita/no-existe/").status_code == 404
    assert client.get("/gobierno-en-linea/ita/ñandú-😀/").status_code == 404
    assert client.get("/gobierno-en-linea/ita/" + "a" * 5000 + "/").status_code == 404
    assert client.get("/gobierno-en-linea/ita/alcaldia%00/").status_code == 404
    concejo = Entity.objects.get(kind=Entity.Kind.CONCEJO)
    MenuItem.objects.of_entity(concejo).delete()
    response = client.get(url(concejo))
    assert response.status_code == 404


def test_measure_gelt_stores_one_dated_snapshot_per_entity_and_updates_it(menu):  # noqa: F811
    measure()
    entities = Entity.objects.filter(transparency_items__isnull=False).distinct().count()
    assert ItaSnapshot.objects.count() == entities > 1
    snapshot = ItaSnapshot.objects.get(entity=alcaldia())
    first = snapshot.measured_at
    fill_menu_items()
    measure()
    snapshot.refresh_from_db()
    assert ItaSnapshot.objects.count() == entities
    assert snapshot.measured_at > first
    live = entity_assessment(timezone.localdate(), alcaldia())
    assert (snapshot.applicable, snapshot.up_to_date) == (
        live.total.applicable,
        live.total.up_to_date,
    )
    assert [row["code"] for row in snapshot.categories] == [c.code for c in live.categories]
    assert sum(row["missing"] for row in snapshot.categories) == snapshot.missing


def test_public_page_shows_the_snapshot_date_not_the_live_figure(client, menu):  # noqa: F811
    load_plan()
    store_snapshots(timezone.localdate())
    snapshot = ItaSnapshot.objects.get(entity=alcaldia())
    ItaSnapshot.objects.filter(pk=snapshot.pk).update(
        measured_at=timezone.now() - datetime.timedelta(days=3)
    )
    fill_menu_items()  # the live figure moves; the measured one does not until re-measured
    html = client.get(PUBLIC).content.decode()
    day = timezone.localtime(timezone.now() - datetime.timedelta(days=3)).date()
    assert f'datetime="{day.isoformat()}' in html
    expected = f"{snapshot.percent} % ({snapshot.up_to_date} de {snapshot.applicable})"
    assert expected.replace(".", ",") in html


def test_measure_now_button_stores_the_snapshots(client, menu):  # noqa: F811
    from portal.roles import COMMITTEE_GROUP
    from tests.portal.factories import make_staff_user

    load_plan()
    client.force_login(make_staff_user(groups=(COMMITTEE_GROUP,)))
    assert client.post(DASHBOARD + "medir/").status_code == 302
    assert ItaSnapshot.objects.filter(entity=alcaldia()).exists()
    response = client.get(reverse("admin:gelt_itasnapshot_changelist"))
    assert response.status_code == 200
    assert "Alcaldía" in response.content.decode()


def test_missing_items_of_another_entity_link_to_its_own_menu(client, menu):  # noqa: F811
    personeria = Entity.objects.get(slug="personeria")
    assessment = entity_assessment(timezone.localdate(), personeria)
    missing = assessment.missing[0].item
    html = client.get(url(personeria)).content.decode()
    assert f'href="{missing.get_absolute_url()}">{missing.code}</a>' in html
    assert missing.get_absolute_url().startswith("/transparencia/personeria/categoria/")
