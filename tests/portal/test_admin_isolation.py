"""
Nobody reads what is not theirs (issue 14): as an editor of one office, every admin page, form
field, list filter, autocomplete and the /admin/r/ shortcut offer and reveal nothing of another
entity, nor of another office where the admin scopes by office; the public preview and the
transparency change log neither.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from participation.models import Comment
from portal.models import AlertBanner, Entity, Status
from pqrsd.models import Request
from tests.gelt.factories import make_activity
from tests.participation.factories import make_comment, make_draft, make_question, make_survey
from tests.portal.factories import (
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
from tests.pqrsd.factories import make_request
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_item, make_link
from tests.transparency.test_admin import change_form_data
from transparency.models import (
    ChangeLogEntry,
    ClassifiedInformation,
    InformationAsset,
    PublicationSchemeEntry,
)

pytestmark = pytest.mark.django_db

FOREIGN = "AJENO"
DRAFT = {"status": Status.DRAFT}
# Committee pages that gather what every entity already publishes: they may name other
# entities' rows of the instruments of Ley 1712 (public registers), and nothing else foreign.
PUBLIC_REPORTS = {"gelt_dashboard_handover"}
PUBLIC_ROWS = (f"{FOREIGN} activo", f"{FOREIGN} clasificada", f"{FOREIGN} esquema")
# Relation fields that may name any object of their model, and why (docs/arquitectura.md).
OPEN_RELATIONS = {
    # An item lists the published documents of any entity: the Concejo issues the acuerdos
    # the Alcaldía's menu shows under Normativa. Entities are public (their pages).
    ("transparency.menuitem", "document_entity"): Entity,
}


def build(entity, office, tag):
    """One object of every entity-owned model for `office`, drafts where they can be."""
    objects = [
        make_official(office=office, name=f"{tag} servidor"),
        make_contractor(office=office, name=f"{tag} contratista"),
        make_news(entity=entity, title=f"{tag} noticia", **DRAFT),
        make_event(entity=entity, title=f"{tag} evento", **DRAFT),
        make_document(entity=entity, title=f"{tag} documento", **DRAFT),
        make_page(entity=entity, title=f"{tag} página", slug=f"{tag.lower()}-pagina", **DRAFT),
        # Scheduled: not on the public pages yet, so its text is no one else's business.
        AlertBanner.objects.create(
            entity=entity,
            message=f"{tag} alerta",
            starts_at=timezone.now() + datetime.timedelta(days=2),
        ),
        make_procedure(
            office=office, name=f"{tag} trámite", slug=f"{tag.lower()}-tramite", **DRAFT
        ),
    ]
    survey = make_survey(entity=entity, questions=False, title=f"{tag} encuesta", **DRAFT)
    draft = make_draft(entity=entity, title=f"{tag} proyecto", **DRAFT)
    item = make_item("1.1", entity=entity, label=f"{tag} ítem")
    item.pages.add(objects[5])
    make_link(item, label=f"{tag} enlace")
    request, _code = make_request(subject=f"{tag} petición", name=f"{tag} ciudadano")
    Request.objects.filter(pk=request.pk).update(office=office)
    instrument = {"entity": entity, "office": office}
    objects += [
        survey,
        make_question(survey, text=f"{tag} pregunta"),
        draft,
        make_comment(draft, text=f"{tag} comentario", name=f"{tag} comentarista"),
        make_comment(draft, text=f"{tag} por revisar", moderation=Comment.Moderation.PENDING),
        item,
        ChangeLogEntry.objects.create(
            item=item, entity=entity, office=office, description=f"{tag} cambio"
        ),
        InformationAsset.objects.create(
            **instrument, category=f"{tag} activo", description="x", format="PDF"
        ),
        ClassifiedInformation.objects.create(
            **instrument,
            category="Contratos",
            title=f"{tag} clasificada",
            generated_on=datetime.date(2026, 1, 2),
            producer_name="x",
            responsible_name="x",
            legitimate_aim="x",
            legal_basis="Ley 1712 de 2014, art. 18",
            legal_ground="x",
            scope="total",
        ),
        PublicationSchemeEntry.objects.create(
            **instrument, title=f"{tag} esquema", format="HTML", producer_name="x"
        ),
        Request.objects.get(pk=request.pk),
    ]
    return objects


@pytest.fixture(autouse=True)
def _password_login(settings):
    # Two-factor login is tested in tests/test_security.py; here force_login must be enough.
    settings.OTP_REQUIRED_FOR_STAFF = False


@pytest.fixture
def world():
    """
    The editor's office in the Alcaldía, a neighbouring office of the Alcaldía and the
    Personería: everything of the Personería is foreign, and so are the neighbour's objects of
    the models an admin scopes by office (procedures, PQRSD).
    """
    alcaldia = make_entity(Entity.Kind.ALCALDIA)
    personeria = make_entity(Entity.Kind.PERSONERIA)
    own_office = make_office(entity=alcaldia, name="Secretaría de Gobierno propia")
    neighbour = make_office(entity=alcaldia, name="Secretaría de Planeación vecina")
    # Entities and their offices are public (entity pages, the PQRSD form): their names are
    # no secret, but relation fields of the editor's content must not offer them.
    foreign_office = make_office(entity=personeria, name="Despacho del Personero")
    own = build(alcaldia, own_office, "PROPIO")
    foreign = [personeria, foreign_office, *build(personeria, foreign_office, FOREIGN)]
    foreign += [
        make_procedure(office=neighbour, name=f"{FOREIGN} trámite vecino", **DRAFT),
        Request.objects.get(pk=make_request(subject=f"{FOREIGN} petición vecina")[0].pk),
    ]
    Request.objects.filter(pk=foreign[-1].pk).update(office=neighbour)
    make_activity(description="Actividad del comité")
    editor = make_staff_user(own_office, username="editora.gobierno")
    by_model = {}
    for obj in foreign:
        by_model.setdefault(type(obj), set()).add(obj.pk)
    return {"editor": editor, "own": own, "foreign": foreign, "foreign_pks": by_model}


def relation_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and (field.many_to_one or field.many_to_many)
        or (field.one_to_one and field.concrete)
    ]


def leaks_in(response, where, public=()):
    """Where the response shows a foreign title (other than `public` ones), or an error page."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"{where}: error {response.status_code}")
    body = response.content.decode(errors="replace")
    for text in public:
        body = body.replace(text, "")
    if FOREIGN in body:
        problems.append(f"{where}: muestra un objeto ajeno")
    return problems


def choice_leaks(field, model_field, foreign_pks, where):
    """A form field of a relation offers no foreign object (by primary key, not by text)."""
    if not isinstance(field, ModelChoiceField):
        return []
    related = model_field.related_model
    key = (model_field.model._meta.label_lower, model_field.name)
    if OPEN_RELATIONS.get(key) is related:
        return []
    offered = set(field.queryset.values_list("pk", flat=True))
    leaked = offered & foreign_pks.get(related, set())
    return (
        [f"{where}: el campo {model_field.name} ofrece objetos ajenos {leaked}"] if leaked else []
    )


def form_fields(response):
    """The relation fields of an admin form page: the main form's and every inline's."""
    context = response.context
    if context is None or "adminform" not in context:
        return []
    fields = [(context["adminform"].form, context["adminform"].form._meta.model)]
    for inline in context.get("inline_admin_formsets", []):
        form = inline.formset.empty_form
        fields.append((form, inline.formset.model))
    found = []
    for form, model in fields:
        for name, field in form.fields.items():
            try:
                model_field = model._meta.get_field(name)
            except Exception:
                continue
            if model_field.is_relation:
                found.append((field, model_field))
    return found


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def test_an_editor_finds_nothing_foreign_in_any_admin_page_field_filter_or_shortcut(client, world):
    editor, foreign_pks = world["editor"], world["foreign_pks"]
    client.force_login(editor)
    request = RequestFactory().get("/admin/")
    request.user = editor
    own_by_model = {type(obj): obj for obj in world["own"]}
    problems, walked, opened, object_pages = [], 0, 0, 0
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        label = model._meta.label
        admins = [(model_admin, model)] + [
            (inline, inline.model)
            for inline in (inline_class(model, admin.site) for inline_class in model_admin.inlines)
        ]
        # Every relation field the admin would build, for the model and its inlines, whatever
        # the editor's permissions: a forgotten mixin shows here even on a read-only admin.
        for owner_admin, owner_model in admins:
            for db_field in relation_fields(owner_model):
                formfield = owner_admin.formfield_for_dbfield(db_field, request)
                where = f"{label} ({owner_model._meta.label})"
                problems += choice_leaks(formfield, db_field, foreign_pks, where)
        # The change list, a search that matches every foreign title, and the list filters.
        changelist = url_or_none(f"{info}_changelist")
        if changelist:
            for query in ("", "?q=jeno"):  # "jeno" is in every AJENO title
                response = client.get(changelist + query)
                problems += leaks_in(response, f"{label} lista{query}")
                opened += response.status_code == 200
            if response.status_code == 200 and response.context and "cl" in response.context:
                cl = response.context["cl"]
                for spec in cl.filter_specs:
                    if any(FOREIGN in str(c.get("display")) for c in spec.choices(cl)):
                        problems.append(f"{label}: el filtro «{spec.title}» muestra algo ajeno")
                    field = getattr(spec, "field", None)
                    if field is not None and field.is_relation:
                        pks = {pk for pk, _label in getattr(spec, "lookup_choices", [])}
                        leaked = pks & foreign_pks.get(field.related_model, set())
                        if leaked:
                            problems.append(f"{label}: el filtro «{spec.title}» ofrece {leaked}")
        # The admin's own pages without arguments (reports, coverage, dashboards, imports).
        for pattern in model_admin.get_urls():
            url = url_or_none(f"admin:{pattern.name}") if pattern.name else None
            if url and url not in (changelist, url_or_none(f"{info}_add")):
                public = PUBLIC_ROWS if pattern.name in PUBLIC_REPORTS else ()
                problems += leaks_in(client.get(url), f"{label} {url}", public)
        # The add form, plain and with a foreign object asked for through the query string.
        add = url_or_none(f"{info}_add")
        if add:
            response = client.get(add)
            problems += leaks_in(response, f"{label} agregar")
            for field, model_field in form_fields(response):
                problems += choice_leaks(field, model_field, foreign_pks, f"{label} agregar")
            for db_field in relation_fields(model):
                if (model._meta.label_lower, db_field.name) in OPEN_RELATIONS:
                    continue
                for pk in foreign_pks.get(db_field.related_model, ()):
                    response = client.get(add, {db_field.name: pk})
                    problems += leaks_in(response, f"{label} agregar ?{db_field.name}={pk}")
        # The change form of an object of the editor's own, and every view of foreign objects.
        own = own_by_model.get(model) or model_admin.get_queryset(request).first()
        if own is not None and url_or_none(f"{info}_change", own.pk):
            response = client.get(reverse(f"{info}_change", args=[own.pk]))
            problems += leaks_in(response, f"{label} propio")
            for field, model_field in form_fields(response):
                problems += choice_leaks(field, model_field, foreign_pks, f"{label} propio")
        content_type = ContentType.objects.get_for_model(model)
        for pk in foreign_pks.get(model, ()):
            for view in ("change", "history", "delete"):
                url = url_or_none(f"{info}_{view}", pk)
                if url:
                    response = client.get(url, follow=True)
                    problems += leaks_in(response, f"{label} {view} ajeno {pk}")
            # The admin's own pages of one object (PQRSD steps, survey results, receipts...).
            for pattern in model_admin.get_urls():
                url = url_or_none(f"admin:{pattern.name}", pk) if pattern.name else None
                if url and pattern.name not in {
                    f"{info[6:]}_{v}" for v in ("change", "history", "delete")
                }:
                    problems += leaks_in(client.get(url, follow=True), f"{label} {url}")
                    object_pages += 1
            # The view-on-site shortcut redirects only to what the editor may see.
            response = client.get(reverse("admin:view_on_site", args=[content_type.pk, pk]))
            if response.status_code != 404:
                problems.append(f"{label}: /r/ de {pk} da {response.status_code}")
        # Autocomplete of every autocomplete field, of the admin and of its inlines.
        for owner_admin, owner_model in admins:
            for name in owner_admin.get_autocomplete_fields(request):
                related = owner_model._meta.get_field(name).related_model
                for term in ("", "jeno", "a"):
                    response = client.get(
                        reverse("admin:autocomplete"),
                        {
                            "app_label": owner_model._meta.app_label,
                            "model_name": owner_model._meta.model_name,
                            "field_name": name,
                            "term": term,
                        },
                    )
                    where = f"{label} autocompletar {name}={term!r}"
                    problems += leaks_in(response, where)
                    if response.status_code == 200:
                        ids = {int(r["id"]) for r in response.json()["results"]}
                        if ids & foreign_pks.get(related, set()):
                            problems.append(f"{where}: ofrece {ids}")
        walked += 1
    assert problems == [], "\n".join(problems)
    assert walked >= 30
    assert opened >= 40  # the editor really reads the admin: two searches of 20-odd lists
    assert object_pages >= 30  # PQRSD steps and receipts, survey results, of foreign objects


def test_superusers_and_the_committee_keep_seeing_every_entity(client, admin_user, world):
    from portal.roles import COMMITTEE_GROUP

    foreign_draft = next(o for o in world["foreign"] if str(o) == f"{FOREIGN} proyecto")
    member = make_staff_user(world["own"][0].office, groups=(COMMITTEE_GROUP,))
    for user in (admin_user, member):
        client.force_login(user)
        body = client.get(reverse("admin:participation_comment_changelist")).content.decode()
        assert f"{FOREIGN} proyecto" in body  # the filter by draft and the rows
        content_type = ContentType.objects.get_for_model(foreign_draft)
        response = client.get(
            reverse("admin:view_on_site", args=[content_type.pk, foreign_draft.pk])
        )
        assert response.status_code == 302
        assert foreign_draft.get_absolute_url() in response["Location"]


def test_an_editor_cannot_link_another_entitys_drafts_to_a_transparency_item(client):
    alcaldia, personeria = make_entity(), make_entity(Entity.Kind.PERSONERIA)
    office = make_office(alcaldia, name="Secretaría General")
    neighbour = make_office(alcaldia, name="Secretaría de Planeación")
    item = make_item("1.2", entity=alcaldia, label="Organigrama")
    own_page = make_page(entity=alcaldia, title="Organigrama de la Alcaldía")
    neighbours_sheet = make_procedure(office=neighbour, name="Licencia de la vecina publicada")
    foreign = [
        (
            "pages",
            make_page(entity=personeria, title="Borrador reservado de la Personería", **DRAFT),
        ),
        (
            "procedures",
            make_procedure(
                office=make_office(personeria), name="Trámite ajeno en borrador", **DRAFT
            ),
        ),
        ("procedures", make_procedure(office=neighbour, name="Borrador de la vecina", **DRAFT)),
    ]
    client.force_login(make_staff_user(office))
    url = reverse("admin:transparency_menuitem_change", args=[item.pk])
    form = client.get(url).context["adminform"].form
    assert list(form.fields["pages"].queryset) == [own_page]
    assert list(form.fields["procedures"].queryset) == [neighbours_sheet]
    for field, obj in foreign:
        response = client.post(url, change_form_data(item, **{field: [str(obj.pk)]}))
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
        assert str(obj) not in response.content.decode()
    assert not item.pages.exists() and not item.procedures.exists()
    assert not ChangeLogEntry.objects.exists()
    # What the editor may link: their entity's pages and what citizens see of its sheets.
    data = change_form_data(item, pages=[own_page.pk], procedures=[neighbours_sheet.pk])
    assert client.post(url, data).status_code == 302
    public = client.get(reverse("transparency:change_log")).content.decode()
    assert "Organigrama de la Alcaldía" in public and "Licencia de la vecina publicada" in public
    for _field, obj in foreign:
        assert str(obj) not in public


PREVIEWS = {
    "news": lambda entity, office: make_news(entity=entity, **DRAFT),
    "page": lambda entity, office: make_page(entity=entity, **DRAFT),
    "document": lambda entity, office: make_document(entity=entity, **DRAFT),
    "event": lambda entity, office: make_event(entity=entity, **DRAFT),
    "survey": lambda entity, office: make_survey(entity=entity, **DRAFT),
    "draft": lambda entity, office: make_draft(entity=entity, **DRAFT),
    "procedure": lambda entity, office: make_procedure(office=office, **DRAFT),
}


@pytest.mark.parametrize("kind", PREVIEWS)
def test_staff_preview_only_the_drafts_they_edit(client, kind):
    """portal.admin.previewable: the public page of a draft is a 404 to other entities' staff."""
    alcaldia, personeria = make_entity(), make_entity(Entity.Kind.PERSONERIA)
    office = make_office(alcaldia)
    draft = PREVIEWS[kind](alcaldia, office)
    url = draft.get_absolute_url()
    client.force_login(make_staff_user(office))
    assert client.get(url).status_code == 200
    # Procedures are scoped by office: another office of the same entity previews none.
    other = make_office(alcaldia) if kind == "procedure" else make_office(personeria)
    client.force_login(make_staff_user(other))
    assert client.get(url).status_code == 404
    content_type = ContentType.objects.get_for_model(draft)
    assert (
        client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("url", ["r/999/1/", "r/1/999999/", "r/1/abc/", "r/1/%00/"])
def test_the_view_on_site_shortcut_is_a_404_for_what_does_not_exist(client, url):
    client.force_login(make_staff_user(make_office()))
    assert client.get(f"/admin/{url}").status_code == 404


def test_scoping_adds_no_query_per_row(client):
    """Relation fields, filters and scoped lists of an editor cost the same with 3 or 30 rows."""
    alcaldia, personeria = make_entity(), make_entity(Entity.Kind.PERSONERIA)
    office, other = make_office(alcaldia), make_office(personeria)
    item = make_item("1.2", entity=alcaldia)
    client.force_login(make_staff_user(office))
    urls = [
        reverse("admin:participation_comment_changelist"),
        reverse("admin:tramites_procedure_changelist"),
        reverse("admin:transparency_menuitem_change", args=[item.pk]),
        reverse("admin:participation_draftregulation_add"),
        reverse("admin:portal_official_changelist"),
    ]

    def add_rows(n):
        for entity, place in ((alcaldia, office), (personeria, other)):
            for _ in range(n):
                draft = make_draft(entity=entity, articles=1)
                make_comment(draft)
                make_page(entity=entity)
                make_procedure(office=place)
                make_official(office=place)

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found.append(len(queries))
        return found

    add_rows(3)
    counts()  # the first visit fills Django's content type cache
    few = counts()
    add_rows(27)
    assert counts() == few
