"""The admin: every page works, uploads are checked, and each editor sees only their entity."""

import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.models import (
    AlertBanner,
    Document,
    Entity,
    Event,
    Municipality,
    NewsItem,
    Office,
    Official,
    OutboundEmail,
    Page,
    StaffProfile,
)
from portal.roles import COMMITTEE_GROUP

from .factories import (
    make_contractor,
    make_document,
    make_entity,
    make_event,
    make_news,
    make_office,
    make_official,
    make_page,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

PORTAL_MODELS = [model for model in admin.site._registry if model._meta.app_label == "portal"]
# Models whose rows belong to one entity (admin scoped by EntityScopedAdmin).
SCOPED = [
    "entity",
    "office",
    "official",
    "contractor",
    "newsitem",
    "event",
    "document",
    "page",
    "alertbanner",
]
# What the GEL-T committee may view (portal.apps.PortalConfig.staff_permissions).
COMMITTEE_VIEWS = [
    "entity",
    "office",
    "official",
    "contractor",
    "newsitem",
    "event",
    "document",
    "page",
]


def admin_url(model_name, view, *args):
    return reverse(f"admin:portal_{model_name}_{view}", args=args)


def image_upload(name="foto.png", size=(1200, 800), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#2e6b3a").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def publication_fields(entity):
    now = timezone.localtime()
    return {
        "entity": entity.pk,
        "status": "published",
        "publish_at_0": now.strftime("%d/%m/%Y"),
        "publish_at_1": now.strftime("%H:%M:%S"),
    }


@pytest.fixture
def world():
    """Objects of every scoped model for the Alcaldía (ALC) and the Personería (PER)."""
    objects = {}
    for kind, tag in ((Entity.Kind.ALCALDIA, "ALC"), (Entity.Kind.PERSONERIA, "PER")):
        entity = make_entity(kind, name=f"Entidad entity-{tag}", slug=kind)
        office = make_office(entity=entity, name=f"Oficina office-{tag}")
        objects[tag] = {
            "entity": entity,
            "office": office,
            "official": make_official(office=office, name=f"Servidor official-{tag}"),
            "contractor": make_contractor(office=office, name=f"Contratista contractor-{tag}"),
            "newsitem": make_news(entity=entity, title=f"Noticia newsitem-{tag}"),
            "event": make_event(entity=entity, title=f"Evento event-{tag}"),
            "document": make_document(entity=entity, title=f"Documento document-{tag}"),
            "page": make_page(entity=entity, title=f"Página page-{tag}"),
            "alertbanner": AlertBanner.objects.create(
                entity=entity, message=f"Alerta alertbanner-{tag}"
            ),
        }
    return objects


@pytest.fixture
def personeria_editor(world):
    return make_staff_user(world["PER"]["office"], username="editor.personeria")


def marker(model_name, tag):
    return f"{model_name}-{tag}"


def test_superuser_opens_every_changelist_and_add_form(admin_client, world):
    for model in PORTAL_MODELS:
        name = model._meta.model_name
        assert admin_client.get(admin_url(name, "changelist")).status_code == 200, name
        # The municipality is added once; the outbox is written only by the portal itself.
        expected = 403 if model is OutboundEmail else 200
        if model is not Municipality:
            assert admin_client.get(admin_url(name, "add")).status_code == expected, name
    for name in SCOPED:
        obj = world["ALC"][name]
        assert admin_client.get(admin_url(name, "change", obj.pk)).status_code == 200, name


def test_municipality_can_be_added_once_and_never_deleted(admin_client):
    assert admin_client.get(admin_url("municipality", "add")).status_code == 200
    municipality = Municipality.current()
    assert admin_client.get(admin_url("municipality", "add")).status_code == 403
    assert admin_client.get(admin_url("municipality", "delete", municipality.pk)).status_code == 403


def test_editor_add_form_offers_only_their_entity(client, world, personeria_editor):
    client.force_login(personeria_editor)
    response = client.get(admin_url("newsitem", "add"))
    assert response.status_code == 200
    field = response.context["adminform"].form.fields["entity"]
    assert list(field.queryset) == [world["PER"]["entity"]]


def test_editor_can_only_hang_pages_under_their_entitys_pages(client, world, personeria_editor):
    client.force_login(personeria_editor)
    form = client.get(admin_url("page", "add")).context["adminform"].form
    assert list(form.fields["parent"].queryset) == [world["PER"]["page"]]


@pytest.mark.parametrize("name", SCOPED)
def test_editor_changelist_shows_only_their_entity(client, world, personeria_editor, name):
    client.force_login(personeria_editor)
    response = client.get(admin_url(name, "changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert marker(name, "PER") in body
    assert marker(name, "ALC") not in body


@pytest.mark.parametrize("name", SCOPED)
def test_editor_cannot_open_change_or_history_of_another_entity(
    client, world, personeria_editor, name
):
    client.force_login(personeria_editor)
    own, other = world["PER"][name], world["ALC"][name]
    assert client.get(admin_url(name, "change", own.pk)).status_code == 200
    for view in ("change", "history"):
        response = client.get(admin_url(name, view, other.pk))
        assert response.status_code == 302, (name, view)
        assert response["Location"] == reverse("admin:index")
        assert marker(name, "ALC") not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("name", SCOPED)
def test_editor_cannot_delete_or_change_another_entitys_object(
    client, world, personeria_editor, name
):
    client.force_login(personeria_editor)
    other = world["ALC"][name]
    other.refresh_from_db()  # as stored, with what the database wrote after saving it
    before = {f.attname: getattr(other, f.attname) for f in other._meta.concrete_fields}
    assert client.get(admin_url(name, "delete", other.pk)).status_code in (302, 403)
    assert client.post(admin_url(name, "delete", other.pk), {"post": "yes"}).status_code in (
        302,
        403,
    )
    client.post(admin_url(name, "change", other.pk), {"title": "cambiado", "message": "cambiado"})
    reloaded = type(other).objects.get(pk=other.pk)
    assert {f.attname: getattr(reloaded, f.attname) for f in other._meta.concrete_fields} == before


def test_editor_cannot_bulk_delete_another_entitys_news(client, world, personeria_editor):
    client.force_login(personeria_editor)
    other = world["ALC"]["newsitem"]
    client.post(
        admin_url("newsitem", "changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert NewsItem.objects.filter(pk=other.pk).exists()


def test_editor_cannot_publish_news_for_another_entity(client, world, personeria_editor):
    client.force_login(personeria_editor)
    data = {
        "title": "Noticia colada",
        "slug": "",
        "summary": "Resumen",
        "body": "<p>Texto</p>",
        "image_alt": "",
        **publication_fields(world["ALC"]["entity"]),
    }
    response = client.post(admin_url("newsitem", "add"), data)
    assert response.status_code == 200
    assert "entity" in response.context["adminform"].form.errors
    assert not NewsItem.objects.filter(title="Noticia colada").exists()
    data["entity"] = world["PER"]["entity"].pk
    assert client.post(admin_url("newsitem", "add"), data).status_code == 302
    created = NewsItem.objects.get(title="Noticia colada")
    assert created.entity == world["PER"]["entity"]
    assert created.author == personeria_editor


@pytest.mark.parametrize("name", ["municipality", "staffprofile"])
def test_editor_has_no_access_to_institution_settings(client, world, personeria_editor, name):
    client.force_login(personeria_editor)
    assert client.get(admin_url(name, "changelist")).status_code == 403


def test_editor_without_office_sees_nothing(client, world):
    client.force_login(make_staff_user(None, username="sin.dependencia"))
    body = client.get(admin_url("newsitem", "changelist")).content.decode()
    assert marker("newsitem", "PER") not in body and marker("newsitem", "ALC") not in body


@pytest.mark.parametrize("name", SCOPED)
def test_superuser_sees_every_entity(admin_client, world, name):
    body = admin_client.get(admin_url(name, "changelist")).content.decode()
    assert marker(name, "PER") in body and marker(name, "ALC") in body


@pytest.mark.parametrize("name", COMMITTEE_VIEWS)
def test_gelt_committee_sees_every_entity(client, world, name):
    member = make_staff_user(world["PER"]["office"], groups=(COMMITTEE_GROUP,))
    client.force_login(member)
    body = client.get(admin_url(name, "changelist")).content.decode()
    assert marker(name, "PER") in body and marker(name, "ALC") in body
    assert client.get(admin_url(name, "change", world["ALC"][name].pk)).status_code == 200


# Uploads


def news_post(entity, **fields):
    return {
        "title": "Noticia con imagen",
        "slug": "",
        "summary": "Resumen",
        "body": "<p>Texto</p>",
        "image_alt": "Lancha en el río Caquetá",
        **publication_fields(entity),
        **fields,
    }


def test_news_image_upload_makes_renditions(admin_client):
    entity = make_entity()
    response = admin_client.post(
        admin_url("newsitem", "add"), news_post(entity, image=image_upload())
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    for field, width in ((item.image_480, 480), (item.image_960, 960)):
        with Image.open(field) as rendition:
            assert rendition.width == width
            assert rendition.format == "WEBP"


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            lambda: SimpleUploadedFile("foto.jpg", b"no es una imagen", "image/jpeg"),
            "imagen válida",
        ),
        (lambda: image_upload("grande.bmp", (1800, 1600), "BMP"), "La imagen pesa más de 8 MB"),
    ],
    ids=["no-es-imagen", "demasiado-grande"],
)
def test_bad_news_images_are_refused_in_spanish(admin_client, upload, message):
    data = news_post(make_entity(), image=upload())
    response = admin_client.post(admin_url("newsitem", "add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NewsItem.objects.exists()


def test_news_image_needs_alt_text(admin_client):
    data = news_post(make_entity(), image=image_upload(), image_alt="")
    response = admin_client.post(admin_url("newsitem", "add"), data)
    assert "Escriba un texto alternativo" in response.content.decode()
    assert not NewsItem.objects.exists()


def document_post(entity, upload):
    return {
        "title": "Acuerdo de presupuesto",
        "slug": "",
        "kind": "acuerdo",
        "number": "001 de 2026",
        "issued_on": "15/01/2026",
        "description": "",
        "file": upload,
        **publication_fields(entity),
    }


def test_document_upload(admin_client):
    upload = SimpleUploadedFile("acuerdo.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = admin_client.post(admin_url("document", "add"), document_post(make_entity(), upload))
    assert response.status_code == 302
    assert Document.objects.get().file.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    "upload, message",
    [
        (("virus.exe", b"MZ\x90\x00"), "Tipo de archivo no permitido"),
        (("falso.pdf", b"no soy un pdf"), "El archivo no es un PDF válido"),
        (("oculto.txt", b"MZ\x90\x00programa"), "programas ejecutables"),
        (
            ("enorme.pdf", lambda: b"%PDF" + b"0" * (20 * 1024 * 1024)),
            "El archivo pesa más de 20 MB",
        ),
    ],
    ids=["exe", "pdf-falso", "ejecutable-disfrazado", "demasiado-grande"],
)
def test_bad_documents_are_refused_in_spanish(admin_client, upload, message):
    name, content = upload
    content = content() if callable(content) else content
    data = document_post(make_entity(), SimpleUploadedFile(name, content))
    response = admin_client.post(admin_url("document", "add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_event_that_ends_before_it_starts_is_refused(admin_client):
    now = timezone.localtime()
    data = {
        "title": "Evento al revés",
        "slug": "",
        "summary": "Resumen",
        "body": "",
        "starts_at_0": now.strftime("%d/%m/%Y"),
        "starts_at_1": "10:00:00",
        "ends_at_0": now.strftime("%d/%m/%Y"),
        "ends_at_1": "09:00:00",
        "location": "Coliseo",
        **publication_fields(make_entity()),
    }
    response = admin_client.post(admin_url("event", "add"), data)
    assert "El evento no puede terminar antes de empezar." in response.content.decode()
    assert not Event.objects.exists()


def test_page_cannot_be_its_own_ancestor(admin_client):
    root = make_page(title="Raíz")
    child = make_page(title="Hija", parent=root)
    data = {
        "title": "Raíz",
        "slug": root.slug,
        "parent": child.pk,
        "summary": "",
        "body": "<p>x</p>",
        "order": 0,
        **publication_fields(root.entity),
    }
    response = admin_client.post(admin_url("page", "change", root.pk), data)
    assert "Una página no puede estar dentro de sí misma." in response.content.decode()
    assert Page.objects.get(pk=root.pk).parent is None


def test_staff_profile_admin_lists_profiles(admin_client):
    office = make_office()
    make_staff_user(office, username="perfilado")
    body = admin_client.get(admin_url("staffprofile", "changelist")).content.decode()
    assert "perfilado" in body
    assert StaffProfile.objects.count() == 1
    assert Office.objects.count() == 1
    assert Official.objects.count() == 0
