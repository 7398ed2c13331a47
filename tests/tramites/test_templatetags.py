import pytest
from django.template import Context, Template

from portal.models import Status
from tests.portal.factories import make_entity, make_office

from .factories import make_category, make_procedure

pytestmark = pytest.mark.django_db

LOOP = Template(
    "{% load tramites_tags %}{% for office in offices %}[{{ office.name }}]"
    "{% office_procedures entity office %}{% endfor %}"
)


def test_most_consulted_lists_published_featured_sheets_in_one_query(django_assert_num_queries):
    category = make_category()
    for name in ["Trámite C", "Trámite A", "Trámite B", "Trámite D"]:
        make_procedure(name=name, category=category, featured=True)
    make_procedure(name="No destacado", category=category)
    make_procedure(name="Borrador destacado", status=Status.DRAFT, featured=True)
    template = Template("{% load tramites_tags %}{% most_consulted_procedures 3 %}")
    with django_assert_num_queries(1):
        html = template.render(Context())
    assert "Trámites más consultados" in html
    assert html.index("Trámite A") < html.index("Trámite B") < html.index("Trámite C")
    assert "Trámite D" not in html
    assert "No destacado" not in html and "Borrador destacado" not in html


def test_most_consulted_renders_nothing_when_none_is_featured():
    make_procedure(name="No destacado")
    html = Template("{% load tramites_tags %}{% most_consulted_procedures %}").render(Context())
    assert html.strip() == ""


@pytest.mark.parametrize("per_office", [1, 10])
def test_office_procedures_in_one_query_inside_a_loop(django_assert_num_queries, per_office):
    entity = make_entity()
    offices = [make_office(entity=entity, name=f"Oficina {n}", order=n) for n in range(4)]
    category = make_category()
    for office in offices[:3]:
        for n in range(per_office):
            make_procedure(name=f"{office.name} trámite {n}", office=office, category=category)
    make_procedure(name="Borrador", office=offices[0], status=Status.DRAFT)
    other = make_office(entity=make_entity(kind="personeria"))
    make_procedure(name="De otra entidad", office=other)
    with django_assert_num_queries(1):
        html = LOOP.render(Context({"entity": entity, "offices": offices}))
    assert html.count("Trámites y servicios de") == 3
    assert "Oficina 2 trámite 0" in html
    assert html.index("[Oficina 0]") < html.index("Oficina 0 trámite 0") < html.index("[Oficina 1]")
    assert "Borrador" not in html and "De otra entidad" not in html


def test_office_procedures_show_the_first_ten_and_link_to_the_rest(django_assert_num_queries):
    entity = make_entity()
    hacienda = make_office(entity=entity, name="Hacienda", slug="hacienda", order=1)
    gobierno = make_office(entity=entity, name="Gobierno", slug="gobierno", order=2)
    for n in range(12):
        make_procedure(name=f"Hacienda trámite {n:02d}", office=hacienda)
    make_procedure(
        name="Residencia", office=gobierno, automation_level="full", online_url="https://a.co"
    )
    with django_assert_num_queries(1):
        html = LOOP.render(Context({"entity": entity, "offices": [hacienda, gobierno]}))
    assert "Hacienda trámite 09" in html and "Hacienda trámite 10" not in html
    assert 'href="/tramites/?office=hacienda">Ver los 12 trámites y servicios de Hacienda' in html
    # An office whose list is complete gets no link.
    assert "?office=gobierno" not in html
    assert 'Residencia</a> <span class="badge badge-ok">Totalmente en línea</span>' in html
