"""The organigram drawn from the offices tree and the directory's heads; the footer's line."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal import organigram
from portal.models import Entity, Municipality

from .factories import make_entity, make_office, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipality():
    return Municipality.current()


@pytest.fixture
def alcaldia():
    entity = make_entity(name="Alcaldía de Puerto Guzmán", head_title="Alcalde Municipal")
    despacho = make_office(entity=entity, name="Despacho del Alcalde", slug="despacho", order=1)
    gobierno = make_office(
        entity=entity, name="Secretaría de Gobierno", slug="gobierno", parent=despacho, order=2
    )
    make_office(
        entity=entity, name="Inspección de Policía", slug="inspeccion", parent=gobierno, order=1
    )
    make_office(
        entity=entity, name="Secretaría de Hacienda", slug="hacienda", parent=despacho, order=3
    )
    make_official(office=despacho, name="Carlos Muñoz", position="Alcalde", is_head=True)
    make_official(office=gobierno, name="Jhon Ortiz", position="Secretario", is_head=True)
    make_official(office=gobierno, name="Ex Secretario", is_head=True, is_active=False)
    return entity


def nested_list(html):
    start = html.index('<ul class="organigram-list">')
    return html[start : html.index("</figcaption>", start)]


def test_tree_follows_parents_and_heads_come_from_the_directory(alcaldia):
    chart = organigram.build(alcaldia)
    names = [(node.depth, node.name) for node in chart.nodes]
    assert names == [
        (0, "Alcaldía de Puerto Guzmán"),
        (1, "Despacho del Alcalde"),
        (2, "Secretaría de Gobierno"),
        (3, "Inspección de Policía"),
        (2, "Secretaría de Hacienda"),
    ]
    assert chart.head.name == "Carlos Muñoz"
    heads = {node.name: node.head_text for node in chart.nodes}
    assert heads["Secretaría de Gobierno"] == "Secretario: Jhon Ortiz"
    assert heads["Secretaría de Hacienda"] == "Sin jefe registrado en el directorio"
    # One line from each parent to each child, and the drawing holds every box.
    assert len(chart.connectors) == 4
    assert all(node.x + node.width <= chart.width for node in chart.nodes)
    assert all(node.y + node.height <= chart.height for node in chart.nodes)


def test_entity_page_draws_the_svg_and_lists_the_same_tree(client, alcaldia):
    html = client.get("/entidades/alcaldia/").content.decode()
    assert '<p class="lead">Alcalde Municipal: Carlos Muñoz</p>' in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg
    for name in ("Despacho del Alcalde", "Secretaría de Gobierno", "Inspección de Policía"):
        assert f">{name}</text>" in svg
    assert "Alcalde: Carlos Muñoz" in svg
    assert svg.count("<rect") == 5 and svg.count("<path") == 4
    assert 'stroke-dasharray="5 3"' in svg  # Hacienda has no head: dashed box
    text = nested_list(html)
    # The list nests exactly as the tree: Inspección inside Gobierno inside Despacho.
    flat = re.sub(r"\s*(</?ul>)\s*", r"\1", re.sub(r"<(?!/?ul)[^>]+>", "", text))
    assert (
        "Despacho del Alcalde — Alcalde: Carlos Muñoz<ul>Secretaría de Gobierno — Secretario: "
        "Jhon Ortiz<ul>Inspección de Policía — Sin jefe registrado en el directorio</ul>"
    ) in flat
    assert "Ex Secretario" not in html
    assert "Jefe: Jhon Ortiz, Secretario" in html
    assert 'Depende de: <a href="#dep-despacho">Despacho del Alcalde</a>' in html


def test_entity_head_falls_back_to_the_name_written_on_the_entity(client):
    make_entity(Entity.Kind.CONCEJO, head_title="Presidente del Concejo", head_name="Wilson D.")
    html = client.get("/entidades/concejo/").content.decode()
    assert "Presidente del Concejo: Wilson D." in html
    assert "Esta entidad no tiene dependencias registradas." in html
    assert "<svg" in html  # the entity's own box is still drawn


def test_uploaded_image_overrides_the_drawing_but_the_text_stays_on_its_page(
    client, alcaldia, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "#004884").save(png, format="PNG")
    alcaldia.organigram = SimpleUploadedFile("org.png", png.getvalue(), "image/png")
    alcaldia.organigram_alt = "Organigrama aprobado por el Decreto 045"
    alcaldia.save()
    html = client.get("/entidades/alcaldia/").content.decode()
    assert 'alt="Organigrama aprobado por el Decreto 045"' in html
    assert "<svg" not in html
    page = client.get("/entidades/alcaldia/organigrama/").content.decode()
    assert 'alt="Organigrama aprobado por el Decreto 045"' in page
    assert "Inspección de Policía" in nested_list(page)


def test_organigram_page_is_printable_and_unknown_entity_is_404(client, alcaldia):
    response = client.get("/entidades/alcaldia/organigrama/")
    assert response.status_code == 200
    assert "<h1>Organigrama de Alcaldía de Puerto Guzmán</h1>" in response.content.decode()
    assert client.get("/entidades/no-existe/organigrama/").status_code == 404


def test_long_names_are_cut_in_the_drawing_but_whole_in_the_list(client):
    entity = make_entity()
    long_name = "Oficina Asesora de Planeación, Ordenamiento Territorial y Gestión del Riesgo 🌧"
    make_office(entity=entity, name=long_name)
    html = client.get(entity.get_absolute_url()).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert long_name not in svg.split("<title>")[0]
    assert "…</text>" in svg
    assert long_name in nested_list(html)


def test_office_tree_rejects_loops_and_other_entities(alcaldia):
    despacho = alcaldia.offices.get(slug="despacho")
    inspeccion = alcaldia.offices.get(slug="inspeccion")
    despacho.parent = inspeccion
    with pytest.raises(ValidationError, match="no puede depender de sí misma"):
        despacho.full_clean()
    other = make_office(entity=make_entity(Entity.Kind.PERSONERIA))
    other.parent = despacho
    with pytest.raises(ValidationError, match="misma entidad"):
        other.full_clean()


def test_a_loop_saved_anyway_still_draws_every_office(alcaldia):
    despacho = alcaldia.offices.get(slug="despacho")
    inspeccion = alcaldia.offices.get(slug="inspeccion")
    despacho.parent = inspeccion
    despacho.save()  # bypassing the admin's check
    chart = organigram.build(alcaldia)
    assert len(chart.nodes) == 5


def test_admin_flags_offices_without_a_head(admin_client, alcaldia):
    body = admin_client.get("/admin/portal/office/").content.decode()
    assert body.count("⚠ Sin jefe") == 2  # Inspección and Hacienda
    assert "Carlos Muñoz" in body
    hacienda = alcaldia.offices.get(slug="hacienda")
    form = admin_client.get(f"/admin/portal/office/{hacienda.pk}/change/").content.decode()
    assert "⚠ Sin jefe: marque a quien la dirige en el directorio" in form
    gobierno = alcaldia.offices.get(slug="gobierno")
    form = admin_client.get(f"/admin/portal/office/{gobierno.pk}/change/").content.decode()
    assert "Jhon Ortiz" in form
    without = admin_client.get("/admin/portal/office/?jefe=no").content.decode()
    assert ">Secretaría de Hacienda</a>" in without and ">Despacho del Alcalde</a>" not in without


# --- anti-corruption line in the footer of every page ---


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/directorio/",
        "/directorio/contratistas/",
        "/entidades/alcaldia/",
        "/noticias/",
        "/pqrsd/",
        "/transparencia/",
        "/tramites/",
        "/mapa-del-sitio/",
        "/no-existe/",
    ],
)
def test_footer_shows_the_anticorruption_line_and_the_denuncia_link(client, alcaldia, url):
    municipality = Municipality.current()
    municipality.anticorruption_line = "608 429 5070 ext. 9"
    municipality.anticorruption_email = "denuncias@puertoguzman-putumayo.gov.co"
    municipality.save()
    html = client.get(url).content.decode()
    footer = html[html.index('<footer class="site-footer"') :]
    assert (
        'Línea anticorrupción: <a href="tel:+576084295070;ext=9">608 429 5070 ext. 9</a>'
    ) in footer
    assert 'href="mailto:denuncias@puertoguzman-putumayo.gov.co"' in footer
    assert '<a href="/pqrsd/denuncia/">Denunciar un acto de corrupción</a>' in footer


def test_shipped_institution_fills_the_line_and_the_office_tree():
    from django.core.management import call_command

    call_command("load_institution", stdout=None)
    municipality = Municipality.objects.get()
    assert municipality.anticorruption_line and municipality.anticorruption_email
    alcaldia = Entity.objects.get(slug="alcaldia")
    assert alcaldia.anticorruption_phone and alcaldia.anticorruption_email
    assert alcaldia.offices.filter(parent__slug="despacho-del-alcalde").count() >= 5
