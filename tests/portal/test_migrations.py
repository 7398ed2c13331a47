"""Migration 0003 keeps what editors had typed: birthplaces split into fields, heads marked."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("portal", "0002_logo_and_organigram_use_the_upload_check")
AFTER = ("portal", "0003_directory_item_1_5_contractors_office_tree")


@pytest.mark.django_db(transaction=True)
def test_birthplace_is_split_and_office_heads_become_directory_heads():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    entity = old.get_model("portal", "Entity").objects.create(
        name="Alcaldía", slug="alcaldia", kind="alcaldia"
    )
    Office = old.get_model("portal", "Office")
    Official = old.get_model("portal", "Official")
    hacienda = Office.objects.create(
        entity=entity, name="Hacienda", slug="hacienda", head_name="Diana Rosero"
    )
    gobierno = Office.objects.create(
        entity=entity, name="Gobierno", slug="gobierno", head_name="Jefe Sin Ficha"
    )
    Official.objects.create(
        office=hacienda,
        name="Diana Rosero",
        position="Secretaria",
        birthplace="Colombia, Nariño, Túquerres",
    )
    Official.objects.create(
        office=hacienda, name="Dos Partes", position="X", birthplace="Putumayo, Mocoa"
    )
    Official.objects.create(office=hacienda, name="Una Parte", position="X", birthplace="Orito")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    Official = new.get_model("portal", "Official")
    diana = Official.objects.get(name="Diana Rosero")
    assert (diana.birth_country, diana.birth_department, diana.birth_municipality) == (
        "Colombia",
        "Nariño",
        "Túquerres",
    )
    assert diana.is_head
    two = Official.objects.get(name="Dos Partes")
    assert (two.birth_country, two.birth_department, two.birth_municipality) == (
        "Colombia",
        "Putumayo",
        "Mocoa",
    )
    assert Official.objects.get(name="Una Parte").birth_municipality == "Orito"
    created = Official.objects.get(name="Jefe Sin Ficha")
    assert created.is_head and created.office_id == gobierno.pk
