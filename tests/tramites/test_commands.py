import io
import json

import pytest
from django.core.management import call_command

from tests.portal.factories import make_office
from tramites.management.commands.load_procedures import DATA_FILE
from tramites.models import Category, Procedure

pytestmark = pytest.mark.django_db


def load(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_procedures", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def institution():
    call_command("load_institution", stdout=io.StringIO())


def test_shipped_catalogue_loads_complete_and_por_revisar(institution):
    shipped = json.loads(DATA_FILE.read_text(encoding="utf-8"))["procedures"]
    out, err = load()
    assert err == ""  # every office slug exists in the shipped institution
    assert f"{len(shipped)} creados" in out
    assert 15 <= Procedure.objects.count() <= 25
    assert Procedure.objects.published().count() == len(shipped)
    assert Procedure.objects.filter(needs_review=True, suit_code="").count() == len(shipped)
    assert Procedure.objects.complete().count() == len(shipped)
    predial = Procedure.objects.get(slug="impuesto-predial-unificado")
    assert predial.office.slug == "secretaria-de-hacienda"
    assert predial.entity.kind == "alcaldia"
    assert predial.steps.count() == 4
    assert Procedure.objects.get(slug="declaracion-victimas-conflicto").entity.kind == "personeria"
    assert Procedure.objects.online().exists()
    # A new portal's home page lists a handful of the most consulted sheets.
    featured = set(Procedure.objects.filter(featured=True).values_list("slug", flat=True))
    assert len(featured) == 6 and "impuesto-predial-unificado" in featured


def test_loading_twice_changes_nothing(institution):
    load()
    counts = (Procedure.objects.count(), Category.objects.count())
    out, _ = load()
    assert (Procedure.objects.count(), Category.objects.count()) == counts
    assert "0 creados" in out


def test_reviewed_sheets_are_never_overwritten(institution):
    load()
    reviewed = Procedure.objects.get(slug="certificado-de-residencia")
    reviewed.purpose = "Texto confirmado por la Secretaría."
    reviewed.needs_review = False
    reviewed.status = "draft"
    reviewed.save()
    pending = Procedure.objects.get(slug="paz-y-salvo-municipal")
    pending.purpose = "Cambio sin revisar"
    pending.status = "draft"
    pending.featured = False
    pending.save()
    out, _ = load()
    assert "1 ya revisados" in out
    reviewed.refresh_from_db()
    pending.refresh_from_db()
    assert reviewed.purpose == "Texto confirmado por la Secretaría."
    assert pending.purpose != "Cambio sin revisar"
    # Publication and the home page's list stay the editors' decision.
    assert pending.status == "draft" and not pending.featured


def test_missing_office_falls_back_with_a_warning(tmp_path):
    office = make_office(name="Única", slug="unica")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["procedures"] = data["procedures"][:1]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _, err = load("--file", str(path))
    assert "no existe la dependencia «secretaria-de-hacienda»" in err
    assert Procedure.objects.get().office == office


def test_without_offices_it_asks_for_the_institution_first():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_institution"):
        load()


def test_scale_creates_demo_sheets_idempotently(institution):
    load("--scale", "50")
    assert Procedure.objects.filter(slug__startswith="demo-").count() == 50
    load("--scale", "60")
    assert Procedure.objects.filter(slug__startswith="demo-").count() == 60
    assert Procedure.objects.matching("demostracion 7").exists()


def test_online_links_point_at_this_portal(institution):
    from portal.models import Municipality

    Municipality.objects.update(website="https://portal.example.gov.co/")
    load()
    residencia = Procedure.objects.get(slug="certificado-de-residencia")
    assert residencia.online_url == "https://portal.example.gov.co/pqrsd/"
    assert residencia.missing_fields() == []
