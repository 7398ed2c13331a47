import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from portal.models import Status
from tests.portal.factories import make_entity, make_office
from tests.uploads import office_file
from tramites.models import (
    Procedure,
    fold,
    validate_form_file,
)

from .factories import make_category, make_procedure

pytestmark = pytest.mark.django_db


def test_published_grid():
    """Past/future × draft/published: only published and already due is visible."""
    past = timezone.now() - datetime.timedelta(days=1)
    future = timezone.now() + datetime.timedelta(days=1)
    visible = make_procedure(status=Status.PUBLISHED, publish_at=past)
    make_procedure(status=Status.PUBLISHED, publish_at=future)
    make_procedure(status=Status.DRAFT, publish_at=past)
    make_procedure(status=Status.DRAFT, publish_at=future)
    assert list(Procedure.objects.published()) == [visible]
    assert visible.is_published() is True


# Each case breaks one required SUIT field of an otherwise complete sheet.
BROKEN = [
    {"purpose": ""},
    {"who_may_ask": ""},
    {"result": ""},
    {"legal_basis": ""},
    {"is_free": False},
    {"response_time_value": None},
    {"in_person_address": ""},
    {"automation_level": "full", "online_url": ""},
    {"category": None},
    {"requirements": 0},
    {"steps": 0},
]


def test_complete_queryset_agrees_with_missing_fields():
    office, category = make_office(), make_category()
    sheets = [make_procedure(office=office, category=category)]
    for overrides in BROKEN:
        overrides.setdefault("category", category)
        sheets.append(make_procedure(office=office, **overrides))
    complete_ids = set(Procedure.objects.complete().values_list("pk", flat=True))
    incomplete_ids = set(Procedure.objects.incomplete().values_list("pk", flat=True))
    for sheet in sheets:
        assert (sheet.pk in complete_ids) is (sheet.missing_fields() == [])
        assert (sheet.pk in incomplete_ids) is (sheet.missing_fields() != [])
    assert complete_ids == {sheets[0].pk}
    assert len(incomplete_ids) == len(BROKEN)


def test_reviewed_in_time():
    today = datetime.date(2026, 11, 24)
    recent = make_procedure(last_reviewed_on=datetime.date(2026, 6, 1))
    make_procedure(last_reviewed_on=datetime.date(2026, 5, 1))
    make_procedure(last_reviewed_on=None)
    assert list(Procedure.objects.reviewed_in_time(today)) == [recent]


def test_entity_always_follows_the_office():
    personeria = make_entity(kind="personeria")
    procedure = make_procedure(office=make_office())
    procedure.office = make_office(entity=personeria)
    procedure.save()
    assert Procedure.objects.get().entity == personeria


def test_slug_and_accent_free_search_name():
    procedure = make_procedure(name="Licencia de Construcción")
    assert procedure.slug == "licencia-de-construccion"
    assert procedure.search_name == "licencia de construccion"
    assert list(Procedure.objects.matching("CONSTRUCCIÓN")) == [procedure]
    assert fold("Ñandú") == "nandu"


def test_suit_code_unique_when_present():
    make_procedure(suit_code="")
    make_procedure(suit_code="")
    make_procedure(suit_code="12345")
    with pytest.raises(IntegrityError):
        make_procedure(suit_code="12345")


def test_clean_rules():
    procedure = make_procedure(automation_level="partial", online_url="https://x.co")
    procedure.online_url = ""
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "online_url" in error.value.message_dict
    procedure = make_procedure(is_free=True)
    procedure.cost_amount = 1000
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "cost_amount" in error.value.message_dict


def test_response_time_display():
    assert make_procedure(response_time_value=0).response_time_display == "Inmediato"
    assert make_procedure(response_time_value=1).response_time_display == "1 día hábil"
    assert make_procedure(response_time_value=15).response_time_display == "15 días hábiles"
    sheet = make_procedure(response_time_value=30, response_time_unit="calendar")
    assert sheet.response_time_display == "30 días calendario"


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("formato.pdf", b"%PDF-1.7 ...", None),
        ("formato.docx", office_file("docx"), None),
        ("formato.ods", office_file("ods"), None),
        ("formato.docx", b"PK\x03\x04 rest", "bad_content"),
        ("formato.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest", None),
        ("formato.PDF", b"%PDF-1.4", None),
        ("formato.pdf", b"MZ\x90\x00 programa", "executable"),
        ("formato.xlsx", office_file("docx"), "bad_content"),
        ("formato.docx", b"%PDF-1.4", "bad_content"),
        ("formato.exe", b"MZ", "bad_type"),
        ("formato.html", b"<html>", "bad_type"),
        ("sin-extension", b"%PDF", "bad_type"),
    ],
)
def test_form_file_validation(name, content, code):
    upload = SimpleUploadedFile(name, content)
    if code is None:
        validate_form_file(upload)
    else:
        with pytest.raises(ValidationError) as error:
            validate_form_file(upload)
        assert error.value.code == code


def test_form_file_size_limit():
    upload = SimpleUploadedFile("grande.pdf", b"%PDF" + b"0" * 10 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        validate_form_file(upload)
    assert error.value.code == "too_big"
