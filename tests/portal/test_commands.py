"""load_institution, seed_demo and create_demo_staff: real data, idempotent, fast at scale."""

import io
import json
import re
import time

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from portal.management.commands.load_institution import DATA_DIR
from portal.models import (
    AlertBanner,
    Document,
    Entity,
    Event,
    Municipality,
    NewsItem,
    Office,
    Official,
    Page,
    StaffProfile,
    Status,
)
from portal.roles import EDITORS_GROUP

pytestmark = pytest.mark.django_db
# The policy pages load_institution ships (not demo content, so not marked «(demo)»).
POLICY_PAGES = [
    row["slug"]
    for row in json.loads((DATA_DIR / "institution.json").read_text(encoding="utf-8"))["pages"]
]


def run(name, *args, **options):
    out = io.StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


def row_counts():
    models = list(apps.get_app_config("portal").get_models()) + [User]
    return {model._meta.label: model.objects.count() for model in models}


def test_load_institution_loads_the_real_municipality_and_entities():
    run("load_institution")
    municipality = Municipality.objects.get()
    assert municipality.name == "Puerto Guzmán"
    assert municipality.department == "Putumayo"
    assert municipality.nit == "800.222.489-2"
    assert municipality.address == "Palacio Municipal, Barrio Centro"
    assert municipality.phone == "608 429 5070"
    assert municipality.institutional_email == "alcaldia@puertoguzman-putumayo.gov.co"
    assert municipality.contact_email == "contactenos@puertoguzman-putumayo.gov.co"
    assert municipality.slogan == "Experiencia y compromiso comunitario"
    assert set(Entity.objects.values_list("slug", "kind")) == {
        ("alcaldia", "alcaldia"),
        ("personeria", "personeria"),
        ("concejo", "concejo"),
    }
    assert all(
        entity.mission and entity.vision and entity.functions for entity in Entity.objects.all()
    )
    offices = set(Office.objects.values_list("name", flat=True))
    for name in (
        "Despacho del Alcalde",
        "Secretaría de Gobierno",
        "Secretaría de Hacienda",
        "Secretaría de Planeación e Infraestructura",
        "Secretaría de Desarrollo Social",
        "Oficina de Atención al Ciudadano / Ventanilla Única",
        "Personería Municipal",
        "Secretaría General del Concejo",
    ):
        assert name in offices


def test_policy_pages_are_published_and_linked_from_the_footer(client):
    run("load_institution")
    home = client.get("/").content.decode()
    assert set(POLICY_PAGES) <= set(Page.objects.values_list("slug", flat=True))
    for slug, text in (
        ("politica-de-privacidad", "Ley Estatutaria 1581 de 2012"),
        ("terminos-y-condiciones", "Al usar el portal"),
        ("derechos-de-autor", "Ley 23 de 1982"),
    ):
        assert Page.objects.published().filter(slug=slug).exists()
        assert f'href="/paginas/{slug}/"' in home
        response = client.get(f"/paginas/{slug}/")
        assert response.status_code == 200
        assert text in response.content.decode()


def test_load_institution_is_idempotent_and_keeps_admin_edits():
    run("load_institution")
    before = row_counts()
    Entity.objects.filter(slug="alcaldia").update(head_name="Nombre editado en el admin")
    output = run("load_institution")
    assert row_counts() == before
    assert "0 nuevos" in output
    assert Entity.objects.get(slug="alcaldia").head_name == "Nombre editado en el admin"


def test_load_institution_update_restores_the_shipped_data():
    run("load_institution")
    Entity.objects.filter(slug="personeria").update(mission="cambiada")
    run("load_institution", update=True)
    assert Entity.objects.get(slug="personeria").mission.startswith("Guardar y promover")


def test_seed_demo_creates_marked_content_for_the_three_entities():
    run("seed_demo")
    assert Entity.objects.count() == 3  # load_institution ran first by itself
    for model in (NewsItem, Event, Document, Page):
        published = model.objects.published()
        assert published.exists(), model
        demo = model.objects.exclude(slug__in=POLICY_PAGES)
        assert all("(demo)" in obj.title for obj in demo)
        assert set(published.values_list("entity__slug", flat=True)) >= {"alcaldia", "personeria"}
    assert NewsItem.objects.filter(status=Status.DRAFT).exists()
    assert any(item.is_scheduled() for item in NewsItem.objects.all())
    assert Event.objects.published().upcoming().exists()
    assert Event.objects.published().past().exists()
    assert Page.objects.filter(parent__parent__isnull=False).exists()  # a tree three levels deep
    assert Official.objects.filter(office__entity__slug="personeria").exists()
    assert AlertBanner.objects.active().exists()
    assert NewsItem.objects.exclude(image="").filter(image_480__gt="", image_960__gt="").exists()


def test_demo_documents_are_real_pdfs():
    run("seed_demo")
    for document in Document.objects.all():
        data = document.file.read()
        assert data.startswith(b"%PDF-1.4")
        assert data.rstrip().endswith(b"%%EOF")
        xref_at = int(re.search(rb"startxref\n(\d+)", data).group(1))
        assert data[xref_at:].startswith(b"xref")
        for offset in re.findall(rb"(\d{10}) 00000 n", data):
            assert re.match(rb"\d+ 0 obj", data[int(offset) :])


def test_seed_demo_twice_changes_nothing():
    run("seed_demo")
    before = row_counts()
    run("seed_demo")
    assert row_counts() == before


def test_seed_demo_pages_render(client):
    run("seed_demo")
    for model in (NewsItem, Event, Document, Page):
        for obj in model.objects.published():
            assert client.get(obj.get_absolute_url()).status_code == 200, obj
    for url in ("/", "/noticias/", "/eventos/", "/documentos/", "/directorio/", "/mapa-del-sitio/"):
        assert client.get(url).status_code == 200


def test_seed_demo_scale_uses_bulk_inserts():
    run("load_institution")
    before = row_counts()
    output = run("seed_demo", scale=200)
    after = row_counts()
    assert after["portal.NewsItem"] - before["portal.NewsItem"] == 200
    assert after["portal.Document"] - before["portal.Document"] == 40
    assert after["portal.Event"] - before["portal.Event"] == 20
    assert after["portal.Page"] - before["portal.Page"] == 4
    assert after["portal.Official"] - before["portal.Official"] == 10
    assert "200 noticias" in output
    assert "<script" not in NewsItem.objects.last().body
    run("seed_demo", scale=10)  # a second batch gets its own slugs


def test_seed_demo_scale_10000_news_well_under_a_minute():
    run("load_institution")
    started = time.monotonic()
    run("seed_demo", scale=10_000)
    assert time.monotonic() - started < 30
    assert NewsItem.objects.count() == 10_000


def test_seed_demo_refuses_a_negative_scale():
    with pytest.raises(CommandError):
        run("seed_demo", scale=-1)


def test_create_demo_staff(settings):
    settings.DEBUG = True
    run("load_institution")
    output = run("create_demo_staff")
    assert "demo-puerto-guzman" in output and "SOLO PARA LA DEMO" in output
    admin = authenticate(username="admin", password="demo-puerto-guzman")
    assert admin is not None and admin.is_superuser
    for username, office in (
        ("editor.personeria", "personeria-municipal"),
        ("editor.alcaldia", "oficina-de-atencion-al-ciudadano"),
    ):
        editor = authenticate(username=username, password="demo-puerto-guzman")
        assert editor is not None and editor.is_staff and not editor.is_superuser
        assert editor.groups.filter(name=EDITORS_GROUP).exists()
        assert StaffProfile.objects.get(user=editor).office.slug == office
    before = row_counts()
    run("create_demo_staff")
    assert row_counts() == before


def test_create_demo_staff_refuses_without_debug(settings):
    settings.DEBUG = False
    run("load_institution")
    with pytest.raises(CommandError, match="DEBUG"):
        run("create_demo_staff")
    assert not User.objects.exists()
    run("create_demo_staff", allow_without_debug=True)
    assert User.objects.filter(username="admin").exists()


def test_create_demo_staff_needs_the_institution(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_institution"):
        run("create_demo_staff")


def test_demo_editor_sees_only_the_personeria_in_the_admin(client, settings):
    settings.DEBUG = True
    run("seed_demo")
    run("create_demo_staff")
    client.login(username="editor.personeria", password="demo-puerto-guzman")
    body = client.get("/admin/portal/newsitem/").content.decode()
    assert "Personería atiende a víctimas" in body
    assert "Jornada de vacunación" not in body
