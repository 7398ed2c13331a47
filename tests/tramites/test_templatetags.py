import pytest
from django.template import Context, Template

from portal.models import Status
from tests.portal.factories import make_entity, make_office
from tramites.models import count_visit, flush_visits

from .factories import make_category, make_procedure

pytestmark = pytest.mark.django_db

LOOP = Template(
    "{% load tramites_tags %}{% for office in offices %}[{{ office.name }}]"
    "{% office_procedures entity office %}{% endfor %}"
)


def test_most_visited_in_one_query(django_assert_num_queries):
    category = make_category()
    for n in range(8):
        procedure = make_procedure(name=f"Trámite {n}", category=category)
        for _ in range(n):
            count_visit(procedure.slug)
    flush_visits()
    make_procedure(name="Borrador visitado", status=Status.DRAFT, visit_count=1000)
    template = Template("{% load tramites_tags %}{% most_visited_procedures 3 %}")
    with django_assert_num_queries(1):
        html = template.render(Context())
    assert html.index("Trámite 7") < html.index("Trámite 6") < html.index("Trámite 5")
    assert "Trámite 4" not in html
    assert "Borrador visitado" not in html


def test_most_visited_renders_nothing_when_empty():
    html = Template("{% load tramites_tags %}{% most_visited_procedures %}").render(Context())
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
    make_procedure(name="Residencia", office=gobierno)
    with django_assert_num_queries(1):
        html = LOOP.render(Context({"entity": entity, "offices": [hacienda, gobierno]}))
    assert "Hacienda trámite 09" in html and "Hacienda trámite 10" not in html
    assert 'href="/tramites/?office=hacienda">Ver los 12 trámites y servicios de Hacienda' in html
    # An office whose list is complete gets no link.
    assert "?office=gobierno" not in html and "Residencia" in html
