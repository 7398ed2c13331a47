import io

import pytest
from django.core.management import call_command

from tests.portal.factories import make_entity, make_office, make_page
from transparency.management.commands.load_transparency_menu import read_menu
from transparency.models import MenuItem

pytestmark = pytest.mark.django_db


def letters(prefix, count):
    return [f"{prefix}.{chr(97 + i)}" for i in range(count)]


def numbers(prefix, count):
    return [f"{prefix}.{i}" for i in range(1, count + 1)]


# Anexo 2 §2.4.2 of Resolución 1519 de 2020 with the ITA breakdown, as listed in
# /work/shared/notes/regulatory.md §2.1, in official order.
ANEXO_2 = [
    "1", "1.1", *letters("1.1", 2), "1.2", "1.3", "1.4", *letters("1.4", 5),
    "1.5", *numbers("1.5", 10), "1.6", "1.6.1", *[f"1.{i}" for i in range(7, 15)],
    "2", "2.1", *numbers("2.1", 6), "2.2", *numbers("2.2", 2), "2.3", *numbers("2.3", 3),
    "3", "3.1", "3.2", "3.3", *numbers("3.3", 6), "3.4", "3.5",
    "4", "4.1", "4.2", "4.3", *numbers("4.3", 8), "4.4", "4.5", "4.6",
    "4.7", "4.7.1", "4.7.2", "4.7.3", "4.7.4", "4.7.5", *letters("4.7.5", 3),
    "4.8", *numbers("4.8", 2), "4.9", "4.10", *numbers("4.10", 2),
    "5", "5.1",
    "6", "6.1", *numbers("6.1", 10), "6.2",
    "6.2.1", *letters("6.2.1", 4), "6.2.2", *letters("6.2.2", 4),
    "6.2.3", *letters("6.2.3", 5), "6.2.4", *letters("6.2.4", 5), "6.2.5", "6.2.6",
    "7", "7.1", "7.1.1", *letters("7.1.1", 7), "7.1.2", *letters("7.1.2", 13),
    "7.1.3", *letters("7.1.3", 9), *numbers("7.1", 9)[3:], "7.2", "7.2.1",
    "8", "8.1", "8.2", "8.3",
    "9", "9.1",
    "10", "10.1", "10.2",
]  # fmt: skip

CATEGORIES = {
    "1": "Información de la entidad",
    "2": "Normativa",
    "3": "Contratación",
    "4": "Planeación, presupuesto e informes",
    "5": "Trámites",
    "6": "Participa",
    "7": "Datos abiertos",
    "8": "Información específica para grupos de interés",
    "9": "Obligación de reporte de información específica por parte de la entidad",
    "10": "Información tributaria en entidades territoriales locales",
}


def load():
    out, err = io.StringIO(), io.StringIO()
    call_command("load_transparency_menu", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_shipped_data_has_every_anexo_2_item_in_official_order():
    codes = [node["code"] for node, *_ in read_menu()]
    assert codes == ANEXO_2
    assert len(codes) == len(set(codes))


def test_shipped_data_has_official_category_labels_and_a_legal_basis_everywhere():
    rows = read_menu()
    labels = {node["code"]: node["label"] for node, *_ in rows}
    assert {code: labels[code] for code in CATEGORIES} == CATEGORIES
    assert labels["1.5"] == "Directorio de servidores públicos, empleados o contratistas"
    assert labels["3.1"] == "Plan Anual de Adquisiciones"
    not_applicable = [node["code"] for node, *_ in rows if not node["applies"]]
    assert not_applicable == ["2.1.2", "2.1.6", "2.3.3"]
    for node, *_ in rows:
        assert node["legal_basis"], node["code"]
        assert node["confidence"] in {"A", "B", "C"}, node["code"]
        assert node["source"], node["code"]
        assert node["applies"] in {True, False}, node["code"]
        if node["applies"] is False:
            assert len(node["na_justification"]) > 40, node["code"]


def test_loads_one_menu_per_entity_and_category_10_does_not_apply_to_control_bodies():
    alcaldia = make_entity()
    personeria = make_entity("personeria")
    concejo = make_entity("concejo")

    out, _ = load()

    assert "181 ítems del menú (181 nuevos" in out
    for entity in (alcaldia, personeria, concejo):
        codes = list(MenuItem.objects.filter(entity=entity).values_list("code", flat=True))
        assert codes == ANEXO_2
    tax = MenuItem.objects.get(entity=alcaldia, code="10.2")
    assert tax.applies is True
    for entity in (personeria, concejo):
        for code in ("10", "10.1", "10.2"):
            item = MenuItem.objects.get(entity=entity, code=code)
            assert item.applies is False
            assert "no administran ni recaudan tributos" in item.na_justification
    sucop = MenuItem.objects.get(entity=alcaldia, code="2.3.3")
    assert (sucop.applies, sucop.parent.code, sucop.depth) == (False, "2.3", 2)


def test_missing_entity_is_skipped_with_a_warning():
    make_entity()
    _, err = load()
    assert "No existe la entidad «personeria»" in err
    assert MenuItem.objects.count() == 181


def test_running_twice_keeps_what_staff_chose():
    entity = make_entity()
    load()
    office = make_office(entity)
    page = make_page()
    item = MenuItem.objects.get(entity=entity, code="1.1.a")
    item.pages.add(page)
    item.owner_office = office
    item.update_frequency = "mensual"
    item.label = "Texto cambiado por error"
    item.save()
    national = MenuItem.objects.get(entity=entity, code="2.1.2")
    national.na_justification = "Razón escrita por la oficina jurídica."
    national.save()

    out, _ = load()

    assert "(0 nuevos, 1 actualizados, 180 sin cambios)" in out
    item.refresh_from_db()
    assert item.label == "Misión y visión"
    assert (item.owner_office, item.update_frequency) == (office, "mensual")
    assert list(item.pages.all()) == [page]
    national.refresh_from_db()
    assert national.na_justification == "Razón escrita por la oficina jurídica."
    assert MenuItem.objects.count() == 181
