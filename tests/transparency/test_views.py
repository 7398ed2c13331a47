import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import Document, Status
from tests.portal.factories import make_document, make_entity, make_office, make_page
from tests.sitemaps import sitemap_text
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_item, make_link
from transparency.models import ChangeLogEntry, MenuItem
from transparency.stats import load_menu, summarize

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities():
    alcaldia = make_entity()
    personeria = make_entity("personeria")
    concejo = make_entity("concejo")
    call_command("load_transparency_menu", stdout=io.StringIO(), stderr=io.StringIO())
    return alcaldia, personeria, concejo


def item(entity, code):
    return MenuItem.objects.get(entity=entity, code=code)


def fill(entity, n):
    """Point n items at pages, procedures, documents and links."""
    leaves = list(MenuItem.objects.filter(entity=entity, children__isnull=True)[: n * 4])
    for i in range(n):
        leaves[4 * i].pages.add(make_page(title=f"Página del ítem {i}"))
        leaves[4 * i + 1].procedures.add(make_procedure())
        leaves[4 * i + 2].document_kinds = ["decreto", "acuerdo"]
        leaves[4 * i + 2].save()
        make_document(entity=entity, kind=Document.Kind.DECRETO)
        make_link(leaves[4 * i + 3], url=f"/directorio/?n={i}", label=f"Directorio {i}")


def test_index_lists_every_category_and_item_with_links_to_its_page(client, entities):
    alcaldia, *_ = entities
    response = client.get("/transparencia/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1>") == 1
    assert '<a href="/transparencia/categoria/1/">1. Información de la entidad</a>' in html
    assert "10. Información tributaria en entidades territoriales locales" in html
    for menu_item in MenuItem.objects.filter(entity=alcaldia):
        category_code = menu_item.code.split(".")[0]
        assert f'id="item-{menu_item.anchor}"' in html  # old bookmarks still land on the line
        if menu_item.parent_id:
            url = f"/transparencia/categoria/{category_code}/#item-{menu_item.anchor}"
            assert f'<a href="{url}">{menu_item.code} {menu_item.label}</a>' in html
    assert "(en construcción)" in html
    assert "(no aplica)" in html  # 2.1.2, 2.1.6 and 2.3.3
    # Only the pages computed live from the portal's data (PQRSD form and statistics, open
    # data) fill items of a menu with no content yet.
    live = [i for i in load_menu(timezone.localdate(), alcaldia) if i.state.filled]
    assert {i.code for i in live} <= {"1.10", "4.3", "4.10.1", "4.10.2", "7.1.8", "7.1.9", "7.2.1"}
    assert all(i.state.live and not i.state.stale for i in live)
    filled = sum(i.state.is_leaf for i in live)
    assert f"De 144 ítems que aplican, <strong>{filled} tienen información</strong>" in html
    assert 'href="/gobierno-en-linea/"' in html  # the GEL-T plan, from the transparency area
    assert 'href="/transparencia/registro-de-cambios/"' in html
    assert "transparency-links" not in html  # what items point at is on the category pages


def test_category_page_shows_its_items_with_breadcrumbs_and_neighbours(client, entities):
    response = client.get("/transparencia/categoria/2/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<h1 id="item-2">2. Normativa</h1>' in html
    assert (
        '<li><a href="/">Inicio</a></li><li><a href="/transparencia/">Transparencia</a></li>'
        '<li aria-current="page">2. Normativa</li>'
    ) in html
    assert 'href="/transparencia/categoria/1/" rel="prev"' in html
    assert 'href="/transparencia/categoria/3/" rel="next"' in html
    for code in ("2.1", "2.1.2", "2.3.3"):
        assert f'id="item-{code.replace(".", "-")}"' in html
    assert 'id="item-1-1"' not in html and 'id="item-3-1"' not in html
    assert "Información en construcción." in html
    assert "No aplica." in html  # 2.1.2, 2.1.6 and 2.3.3
    first = client.get("/transparencia/categoria/1/").content.decode()
    last = client.get("/transparencia/categoria/10/").content.decode()
    assert 'rel="prev"' not in first and 'href="/transparencia/categoria/2/" rel="next"' in first
    assert 'rel="next"' not in last and 'href="/transparencia/categoria/9/" rel="prev"' in last
    assert 'id="item-10-2"' in last


def test_category_page_shows_what_items_point_at(client, entities):
    alcaldia, _, concejo = entities
    office = make_office(alcaldia, name="Secretaría de Planeación")
    mission = item(alcaldia, "1.1.a")
    mission.pages.add(make_page(title="Misión y visión del municipio"))
    mission.pages.add(make_page(title="Borrador oculto", status=Status.DRAFT))
    mission.owner_office = office
    mission.last_updated = timezone.localdate()
    mission.save()
    acts = item(alcaldia, "2.1.3")
    acts.document_kinds = ["acuerdo"]
    acts.document_entity = concejo
    acts.save()
    make_document(entity=concejo, kind=Document.Kind.ACUERDO, title="Acuerdo del presupuesto")
    make_link(item(alcaldia, "3.2"), url="https://www.colombiacompra.gov.co/secop", label="SECOP")
    procedures = item(alcaldia, "5.1")
    procedures.procedures.add(make_procedure(name="Licencia de construcción"))

    first = client.get("/transparencia/categoria/1/").content.decode()
    second = client.get("/transparencia/categoria/2/").content.decode()
    third = client.get("/transparencia/categoria/3/").content.decode()
    fifth = client.get("/transparencia/categoria/5/").content.decode()
    index = client.get("/transparencia/").content.decode()

    assert "Misión y visión del municipio" in first
    assert "Borrador oculto" not in first
    assert "Responsable: Secretaría de Planeación" in first
    assert "Calidad AA" in first
    assert "Acuerdo del presupuesto" in second
    assert "?tipo=acuerdo&amp;entidad=concejo" in second
    assert "Ver 1 documento de tipo «Acuerdo»" in second
    assert 'SECOP</a> <span class="meta">(sitio externo)</span>' in third
    assert "Licencia de construcción" in fifth
    assert "Misión y visión del municipio" not in second + index
    items = load_menu(timezone.localdate(), alcaldia)
    filled = {i.code for i in items if i.state.filled and i.state.is_leaf and not i.state.live}
    # The four items filled by hand; 1.8, bound to the catalogue the procedure is in; 1.2 and
    # 1.4.e, bound to the entity's offices.
    assert filled == {"1.1.a", "2.1.3", "3.2", "5.1", "1.8", "1.2", "1.4.e"}
    stats = summarize(items)
    assert f"De 144 ítems que aplican, <strong>{stats.filled} tienen información</strong>" in index


def test_category_page_escapes_and_words_each_kind_of_content(client, entities):
    """Titles and addresses are escaped; each line names its kind, number, date and year."""
    alcaldia, _, concejo = entities
    acts = item(alcaldia, "2.1.3")
    acts.document_kinds = ["acuerdo"]
    acts.document_entity = concejo
    acts.document_year = 2025
    acts.save()
    make_document(
        entity=concejo,
        kind=Document.Kind.ACUERDO,
        title="Acuerdo <b>de</b> tarifas & tasas",
        number="012 de 2025",
        issued_on=datetime.date(2025, 3, 7),
    )
    make_document(entity=concejo, kind=Document.Kind.ACUERDO, issued_on=datetime.date(2024, 3, 7))
    make_link(acts, url="https://www.datos.gov.co/d/x?a=1&b=2", label="Datos <abiertos>")
    acts.pages.add(make_page(title='Guía "rápida"'))
    excluded = item(alcaldia, "2.1.2")

    html = client.get("/transparencia/categoria/2/").content.decode()

    assert (
        'Acuerdo &lt;b&gt;de&lt;/b&gt; tarifas &amp; tasas</a> <span class="meta">Acuerdo '
        '012 de 2025, <time datetime="2025-03-07">7/03/2025</time></span>'
    ) in html
    assert 'entidad=concejo&amp;anio=2025">Ver 1 documento de tipo «Acuerdo»</a>' in html
    assert (
        '<a href="https://www.datos.gov.co/d/x?a=1&amp;b=2">Datos &lt;abiertos&gt;</a>'
        ' <span class="meta">(datos abiertos)</span>'
    ) in html
    assert "Guía &quot;rápida&quot;</a>" in html
    assert f"<strong>No aplica.</strong> {excluded.na_justification}</p>" in html


def test_category_states_match_the_whole_menu(client, entities):
    """Loading one category gives each item the state the whole menu's loading gives it."""
    alcaldia, *_ = entities
    fill(alcaldia, 10)
    budget = item(alcaldia, "4.2")
    make_link(budget, url="/documentos/?tipo=presupuesto", label="Ejecución presupuestal")
    budget.last_updated = timezone.localdate() - datetime.timedelta(days=200)
    budget.save()
    whole = {i.pk: i.state for i in load_menu(timezone.localdate(), alcaldia)}
    for category in MenuItem.objects.filter(entity=alcaldia, parent=None):
        response = client.get(f"/transparencia/categoria/{category.code}/")
        for loaded in response.context["category"].child_list:
            assert loaded.state == whole[loaded.pk], loaded.code


def test_stale_item_is_flagged(client, entities):
    alcaldia, *_ = entities
    budget = item(alcaldia, "4.2")
    make_link(budget, url="/documentos/?tipo=presupuesto", label="Ejecución presupuestal")
    budget.last_updated = timezone.localdate() - datetime.timedelta(days=200)
    budget.save()
    html = client.get("/transparencia/").content.decode()
    assert "Desactualizado" in html
    assert "1 no se han actualizado en el plazo" in html
    assert "Desactualizado" in client.get("/transparencia/categoria/4/").content.decode()


@pytest.mark.parametrize("path", ["/transparencia/", "/transparencia/categoria/4/"])
def test_query_count_does_not_grow_with_links(client, entities, django_assert_num_queries, path):
    alcaldia, *_ = entities
    client.get(path)  # the first request creates the municipality's row
    counts = []
    for extra in (5, 50):
        fill(alcaldia, extra // 5)
        for leaf in MenuItem.objects.filter(entity=alcaldia, code__startswith="4.", children=None)[
            :extra
        ]:
            make_link(leaf, url=f"/documentos/?n={leaf.pk}", label=f"Enlace {leaf.code}")
            leaf.document_kinds = ["presupuesto"]
            leaf.save()
            make_document(entity=alcaldia, kind=Document.Kind.PRESUPUESTO)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(12 if path == "/transparencia/" else 11):
        client.get(path)


def test_other_entities_have_their_own_menu(client, entities):
    _, personeria, _ = entities
    response = client.get("/transparencia/personeria/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/transparencia/personeria/categoria/10/#item-10-1"' in html
    assert 'aria-current="page">Personería de Puerto Guzmán' in html
    category = client.get("/transparencia/personeria/categoria/10/").content.decode()
    assert category.count("no administran ni recaudan tributos") == 1


def test_alcaldia_slug_redirects_to_the_main_menu(client, entities):
    response = client.get("/transparencia/alcaldia/")
    assert (response.status_code, response["Location"]) == (301, "/transparencia/")


@pytest.mark.parametrize("slug", ["no-existe", "a" * 300, "%F0%9F%98%80"])
def test_unknown_entity_is_404(client, entities, slug):
    assert client.get(f"/transparencia/{slug}/").status_code == 404
    assert client.get(f"/transparencia/{slug}/categoria/1/").status_code == 404


def test_other_entities_have_their_own_category_pages(client, entities):
    html = client.get("/transparencia/personeria/categoria/10/").content.decode()
    assert "no administran ni recaudan tributos" in html
    assert '<li><a href="/transparencia/personeria/">Transparencia</a></li>' in html
    assert 'href="/transparencia/personeria/categoria/9/" rel="prev"' in html
    index = client.get("/transparencia/concejo/").content.decode()
    assert 'href="/transparencia/concejo/categoria/1/#item-1-1"' in index
    response = client.get("/transparencia/alcaldia/categoria/3/")
    assert (response.status_code, response["Location"]) == (301, "/transparencia/categoria/3/")


@pytest.mark.parametrize(
    "code", ["11", "0", "1.1", "abc", "%00", "%F0%9F%98%80", "9" * 500, "1%20", "%2e%2e"]
)
def test_unknown_category_is_a_spanish_404(client, entities, code):
    for path in (f"/transparencia/categoria/{code}/", f"/transparencia/concejo/categoria/{code}/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "No encontramos esta página" in response.content.decode()


def test_category_of_another_entitys_menu_is_404(client, entities):
    alcaldia, personeria, _ = entities
    make_item("11", entity=personeria, label="Categoría solo de la Personería", position=999)
    assert client.get("/transparencia/personeria/categoria/11/").status_code == 200
    assert client.get("/transparencia/categoria/11/").status_code == 404
    assert client.get("/transparencia/concejo/categoria/11/").status_code == 404


def test_item_urls_point_at_their_category_page(entities):
    alcaldia, personeria, _ = entities
    assert (
        item(alcaldia, "4.7.5.c").get_absolute_url() == "/transparencia/categoria/4/#item-4-7-5-c"
    )
    assert (
        item(personeria, "10").get_absolute_url()
        == "/transparencia/personeria/categoria/10/#item-10"
    )


def test_menu_before_loading_is_a_helpful_page(client):
    response = client.get("/transparencia/")
    assert response.status_code == 200
    assert "todavía no se ha cargado" in response.content.decode()


def test_change_log_is_public_and_paginated(client, entities, django_assert_num_queries):
    alcaldia, *_ = entities
    mission = item(alcaldia, "1.1.a")
    for i in range(35):
        ChangeLogEntry.objects.create(
            item=mission,
            entity=alcaldia,
            office_name="Secretaría de Gobierno",
            description=f"Se agregó la página «Cambio {i}».",
        )
    with django_assert_num_queries(5):
        response = client.get("/transparencia/registro-de-cambios/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cambio 34" in html and "Cambio 4" not in html
    assert "Secretaría de Gobierno" in html
    assert "Página 1 de 2" in html
    for bad in ("2", "99", "abc", "-1", "😀"):
        assert client.get(f"/transparencia/registro-de-cambios/?page={bad}").status_code == 200
    assert "Cambio 0" in client.get("/transparencia/registro-de-cambios/?page=2").content.decode()


def test_empty_change_log(client):
    response = client.get("/transparencia/registro-de-cambios/")
    assert "Todavía no hay cambios registrados." in response.content.decode()


def test_sitemap_lists_each_entity_menu(client, entities):
    xml = sitemap_text(client)
    assert "/transparencia/</loc>" in xml
    assert "/transparencia/personeria/</loc>" in xml
    assert "/transparencia/concejo/</loc>" in xml
    for code in range(1, 11):
        assert f"/transparencia/categoria/{code}/</loc>" in xml
        assert f"/transparencia/personeria/categoria/{code}/</loc>" in xml
    assert "#" not in xml
