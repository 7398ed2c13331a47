import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import Document, Status
from tests.portal.factories import make_document, make_entity, make_page
from tests.tramites.factories import make_procedure
from tests.transparency.factories import make_item, make_link
from transparency.models import MenuItem
from transparency.stats import DOCUMENTS_PER_ITEM, MenuStats, load_menu, menu_stats

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def test_empty_portal_has_no_shares():
    stats = menu_stats(TODAY)
    assert stats == MenuStats(
        items=0,
        filled=0,
        empty=0,
        stale=0,
        not_applicable=0,
        by_quality={"A": 0, "AA": 0, "AAA": 0, "none": 0},
        share_filled=None,
        share_up_to_date=None,
    )


def test_counts_filled_empty_stale_and_not_applicable_leaves():
    category = make_item("1")
    page_item = make_item("1.1", parent=category, update_frequency="anual")
    page_item.pages.add(make_page(title="Misión y visión"))
    page_item.last_updated = TODAY - datetime.timedelta(days=30)
    page_item.save()
    link_item = make_item("1.2", parent=category, update_frequency="mensual")
    make_link(link_item)
    link_item.last_updated = TODAY - datetime.timedelta(days=60)
    link_item.save()
    make_item("1.3", parent=category)
    make_item("1.4", parent=category, applies=False, na_justification="Solo entidades nacionales.")

    stats = menu_stats(TODAY)

    assert (stats.items, stats.filled, stats.empty, stats.stale) == (3, 2, 1, 1)
    assert stats.not_applicable == 1
    assert stats.by_quality == {"A": 1, "AA": 1, "AAA": 0, "none": 1}
    assert stats.share_filled == 66.7
    assert stats.share_up_to_date == 33.3


def test_a_draft_page_does_not_fill_an_item():
    item = make_item("1.1")
    item.pages.add(make_page(status=Status.DRAFT))
    item.pages.add(make_page(publish_at=timezone.now() + datetime.timedelta(days=1)))
    assert menu_stats(TODAY).filled == 0


def test_document_filter_fills_with_published_documents_of_its_kinds_only():
    entity = make_entity()
    acts = make_item("2.1", entity=entity, document_kinds=["decreto", "acuerdo"])
    budget = make_item("4.1", entity=entity, document_kinds=["presupuesto"])
    make_document(kind=Document.Kind.DECRETO, entity=entity)
    make_document(kind=Document.Kind.PRESUPUESTO, entity=entity, status=Status.DRAFT)

    stats = menu_stats(TODAY)

    assert stats.filled == 1
    assert stats.by_quality["A"] == 1
    assert {acts.code, budget.code} == {"2.1", "4.1"}


def test_document_filter_by_year_and_other_entity():
    alcaldia = make_entity()
    concejo = make_entity("concejo")
    make_item("2.1", entity=alcaldia, document_kinds=["acuerdo"], document_entity=concejo)
    make_item("2.2", entity=alcaldia, document_kinds=["acuerdo"], document_year=2025)
    make_document(kind=Document.Kind.ACUERDO, entity=concejo, issued_on=datetime.date(2026, 2, 1))

    assert menu_stats(TODAY, entity=alcaldia).filled == 1


def test_items_list_the_newest_documents_of_their_own_year_and_entity():
    alcaldia, concejo = make_entity(), make_entity("concejo")
    make_item("2.1", entity=alcaldia, document_kinds=["acuerdo"])
    make_item("2.2", entity=alcaldia, document_kinds=["acuerdo"], document_year=2024)
    for month in range(1, DOCUMENTS_PER_ITEM + 2):
        make_document(
            kind=Document.Kind.ACUERDO,
            entity=alcaldia,
            title=f"Acuerdo 2026-{month}",
            issued_on=datetime.date(2026, month, 1),
        )
    for month in (3, 4):
        make_document(
            kind=Document.Kind.ACUERDO,
            entity=alcaldia,
            title=f"Acuerdo 2024-{month}",
            issued_on=datetime.date(2024, month, 1),
        )
    make_document(kind=Document.Kind.ACUERDO, entity=concejo, issued_on=datetime.date(2026, 11, 1))

    every_year, only_2024 = load_menu(TODAY, entity=alcaldia)

    assert [d.title for d in every_year.state.documents] == [
        f"Acuerdo 2026-{month}" for month in range(DOCUMENTS_PER_ITEM + 1, 1, -1)
    ]
    assert every_year.state.document_count == DOCUMENTS_PER_ITEM + 3
    assert [d.title for d in only_2024.state.documents] == ["Acuerdo 2024-4", "Acuerdo 2024-3"]
    assert only_2024.state.document_count == 2


def test_data_file_and_page_make_aaa():
    item = make_item("7.2", document_kinds=["informe"])
    item.pages.add(make_page())
    make_document(
        kind=Document.Kind.INFORME,
        file=SimpleUploadedFile("activos.csv", b"a,b\n1,2\n", "text/csv"),
    )
    assert menu_stats(TODAY).by_quality["AAA"] == 1


@pytest.mark.parametrize(
    "filename, level",
    [("ACTIVOS.XLSX", "AAA"), ("datos.geojson", "AAA"), ("informe.pdf", "AA"), ("csv.pdf", "AA")],
)
def test_only_a_data_extension_at_the_end_of_the_file_makes_data(filename, level):
    item = make_item("7.2", document_kinds=["informe"])
    item.pages.add(make_page())
    make_document(kind=Document.Kind.INFORME, file=SimpleUploadedFile(filename, b"a,b\n1,2\n"))
    assert menu_stats(TODAY).by_quality[level] == 1


def test_staff_override_wins_over_computed_quality():
    item = make_item("1.1", quality_override="AAA")
    make_link(item)
    assert menu_stats(TODAY).by_quality["AAA"] == 1


def test_published_procedure_fills_an_item_with_html_and_data():
    item = make_item("5.1")
    item.procedures.add(make_procedure())
    draft = make_item("5.2")
    draft.procedures.add(make_procedure(status=Status.DRAFT))
    stats = menu_stats(TODAY)
    assert (stats.filled, stats.by_quality["AAA"]) == (1, 1)


def test_stats_per_entity():
    make_item("1", entity=make_entity())
    make_item("1", entity=make_entity("personeria"))
    assert menu_stats(TODAY).items == 2
    assert menu_stats(TODAY, entity=make_entity("personeria")).items == 1


def test_query_count_does_not_grow(django_assert_num_queries):
    def build(start, n):
        entity = make_entity()
        for i in range(start, start + n):
            item = make_item(f"9.{i}", entity=entity, document_kinds=["decreto"])
            item.pages.add(make_page())
            make_link(item)
            make_document(entity=entity)

    build(0, 2)
    with django_assert_num_queries(7):
        menu_stats(TODAY)
    build(2, 8)
    with django_assert_num_queries(7):
        menu_stats(TODAY)


def test_publishing_a_matching_document_counts_as_an_update():
    entity = make_entity()
    make_item(
        "4.2",
        entity=entity,
        document_kinds=["presupuesto"],
        update_frequency="mensual",
        last_updated=datetime.date(2026, 1, 31),
    )
    make_document(
        entity=entity,
        kind=Document.Kind.PRESUPUESTO,
        publish_at=timezone.now() - datetime.timedelta(days=100),
    )
    assert menu_stats(timezone.localdate()).stale == 1
    make_document(entity=entity, kind=Document.Kind.PRESUPUESTO)
    assert menu_stats(timezone.localdate()).stale == 0


def test_each_item_gets_only_its_own_published_links():
    """A page or procedure shared by two items counts for both; another item's links do not."""
    entity = make_entity()
    shared, draft = make_page(title="Presupuesto"), make_page(status=Status.DRAFT)
    procedure = make_procedure(name="Impuesto predial")
    first = make_item("4.1", entity=entity)
    second = make_item("4.2", entity=entity)
    make_item("4.3", entity=entity)
    first.pages.add(shared, draft)
    second.pages.add(shared)
    second.procedures.add(procedure)
    make_link(first, label="SECOP II")

    loaded = {item.code: item for item in load_menu(TODAY, entity=entity)}

    assert [page.title for page in loaded["4.1"].published_pages] == ["Presupuesto"]
    assert [page.title for page in loaded["4.2"].published_pages] == ["Presupuesto"]
    assert [p.name for p in loaded["4.2"].published_procedures] == ["Impuesto predial"]
    assert [link.label for link in loaded["4.1"].link_list] == ["SECOP II"]
    assert loaded["4.2"].link_list == []
    assert loaded["4.3"].published_pages == loaded["4.3"].published_procedures == []


def test_links_of_a_chosen_part_of_the_menu_come_in_title_order():
    """Loading some items reads their own pages, by title, and no other item's."""
    entity = make_entity()
    first = make_item("4.1", entity=entity)
    other = make_item("4.2", entity=entity)
    first.pages.add(make_page(title="Presupuesto"), make_page(title="Acuerdo de presupuesto"))
    other.pages.add(make_page(title="Plan de compras"))
    make_link(other)

    (loaded,) = load_menu(TODAY, queryset=MenuItem.objects.filter(code="4.1"))

    assert [page.title for page in loaded.published_pages] == [
        "Acuerdo de presupuesto",
        "Presupuesto",
    ]
    assert loaded.link_list == []


def test_items_of_one_entity_share_its_row(django_assert_num_queries):
    """The menu of one entity does not read the entity again, in each row or afterwards."""
    entity = make_entity()
    make_item("1", entity=entity)
    items = load_menu(TODAY, entity=entity)
    with django_assert_num_queries(0):
        assert {item.entity.slug for item in items} == {entity.slug}
    assert items[0].entity is entity


def test_items_of_every_menu_carry_their_entity_without_reading_it_again(
    django_assert_num_queries,
):
    """The items of each entity share one copy of it, read with the menu."""
    alcaldia = make_entity()
    personeria = make_entity("personeria")
    make_item("1", entity=alcaldia)
    make_item("1.1", entity=alcaldia)
    make_item("1", entity=personeria)
    items = load_menu(TODAY)
    with django_assert_num_queries(0):
        names = [item.entity.name for item in items]
    assert names == [alcaldia.name, alcaldia.name, personeria.name]
    assert items[0].entity is items[1].entity
