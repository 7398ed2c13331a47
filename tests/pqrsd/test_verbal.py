"""Verbal petitions (Decreto 1166 de 2016): staff radicate them in the admin and print the receipt."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from portal.outbox import OutboundEmail
from portal.roles import COMMITTEE_GROUP, CORRESPONDENCE_GROUP
from pqrsd import verbal
from pqrsd.models import Attachment, NativeLanguage, Request, VerbalPetition
from tests.portal.factories import make_office, make_staff_user

from .factories import PDF_BYTES, make_request, pdf_upload, request_data

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
VERBAL_URL = "/admin/pqrsd/request/verbal/"


def at(*args):
    return datetime.datetime(*args, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def municipality():
    from portal.models import Municipality

    return Municipality.current()


@pytest.fixture
def languages():
    call_command("load_native_languages", stdout=io.StringIO())
    return NativeLanguage.objects.all()


@pytest.fixture
def hacienda():
    return make_office(name="Secretaría de Hacienda", email="hacienda@example.com")


def verbal_post(**overrides):
    data = {
        "channel": "telefono",
        "stated_at": "2026-12-02T09:30",
        "request_type": "peticion",
        "subject": "Arreglo del puente de la vereda",
        "description": "Que arreglen el puente colgante.",
        "facts": "El puente se cayó con la creciente del río Caquetá el lunes.",
        "radicado_given": "on",
        "person_kind": "natural",
        "document_type": "CC",
        "document_number": "1120555444",
        "name": "Rosa Jansasoy",
        "phone": "3105551234",
        "answer_channel": "ventanilla",
        "data_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_loading_languages_is_idempotent_and_keeps_edits(languages):
    inga = NativeLanguage.objects.get(name="Inga")
    inga.verified = True
    inga.save()
    call_command("load_native_languages", stdout=io.StringIO())
    assert NativeLanguage.objects.count() == languages.count() >= 8
    assert NativeLanguage.objects.get(name="Inga").verified is True
    assert {"Kamëntšá", "Nasa yuwe", "Murui (uitoto)", "Embera"} <= set(
        NativeLanguage.objects.values_list("name", flat=True)
    )


@time_machine.travel(at(2026, 12, 2, 9, 40), tick=False)
def test_staff_radicate_a_phone_petition_with_the_same_series(client, hacienda):
    make_request()
    staff = make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,), first_name="Luz")
    client.force_login(staff)
    response = client.post(VERBAL_URL, verbal_post(addressee_office=hacienda.pk))
    request = Request.objects.get(subject="Arreglo del puente de la vereda")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:pqrsd_request_receipt", args=[request.pk])
    assert request.number == 2  # the same radicado series as the web
    assert request.channel == "telefono"
    assert request.filed_at == at(2026, 12, 2, 9, 30)  # when the citizen spoke
    assert request.created_by == staff
    assert request.due_date == datetime.date(2026, 12, 24)  # 15 days, 8 December skipped
    record = VerbalPetition.objects.get(request=request)
    assert record.facts.startswith("El puente se cayó")
    assert record.radicado_given is True
    assert record.language is None
    assert record.recorded_at == at(2026, 12, 2, 9, 40)
    # The office is told through the outbox, as for any filing.
    assert OutboundEmail.objects.filter(to="hacienda@example.com").exists()

    receipt = client.get(response["Location"]).content.decode()
    assert request.radicado in receipt
    assert "Constancia de petición verbal" in receipt
    assert "02/12/2026 a las 09:30" in receipt
    assert "El puente se cayó" in receipt
    assert "por teléfono" in receipt
    assert "Decreto 1166 de 2016" in receipt
    assert "24 de diciembre" in receipt  # due date and how it was computed
    assert "inmaculada concepción" in receipt.lower()
    code = re.search(r'class="pqrsd-receipt-value">([^<]{16,})</span>', receipt)[1]
    from pqrsd.radicado import tracking_code_matches

    assert tracking_code_matches(code, request.tracking_code_hash) is True


@time_machine.travel(at(2026, 12, 5, 10, 0), tick=False)
def test_a_saturday_phone_petition_gets_a_radicado_at_once_and_follows_the_rule(
    client, hacienda, settings
):
    client.force_login(make_staff_user(hacienda))
    client.post(VERBAL_URL, verbal_post(stated_at="2026-12-05T09:55"))
    literal = Request.objects.get()
    assert literal.radicado.startswith("2026-")
    assert literal.received_on == datetime.date(2026, 12, 5)
    settings.PQRSD_WEEKEND_RECEIPT_RULE = "next_business_day"
    client.post(VERBAL_URL, verbal_post(stated_at="2026-12-05T09:58", subject="Otra"))
    shifted = Request.objects.get(subject="Otra")
    assert shifted.received_on == datetime.date(2026, 12, 7)
    assert shifted.due_date > literal.due_date


def test_petition_in_a_native_language_with_its_translation(client, hacienda, languages):
    client.force_login(make_staff_user(hacienda))
    inga = NativeLanguage.objects.get(name="Inga")
    translation = SimpleUploadedFile(
        "traduccion.txt", "Traducción: el puente…".encode(), "text/plain"
    )
    response = client.post(
        VERBAL_URL,
        verbal_post(
            stated_at=None,
            channel="presencial",
            language=inga.pk,
            interpreter="Taita Juan Chindoy",
            translation=translation,
            attachments=pdf_upload("fotos.pdf"),
        ),
    )
    assert response.status_code == 302, re.findall(r"errorlist.*", response.content.decode())
    request = Request.objects.get()
    assert abs(request.filed_at - request.verbal.recorded_at) < datetime.timedelta(seconds=5)
    assert request.verbal.language == inga
    assert request.verbal.interpreter == "Taita Juan Chindoy"
    kinds = sorted(request.attachments.values_list("kind", "original_name"))
    assert kinds == [("solicitud", "fotos.pdf"), ("traduccion", "traduccion.txt")]
    receipt = client.get(response["Location"]).content.decode()
    assert "Inga (intérprete: Taita Juan Chindoy)" in receipt
    assert "traduccion.txt (Traducción al castellano)" in receipt


def test_translation_attached_later_from_the_request(client, hacienda, languages):
    staff = make_staff_user(hacienda)
    result = verbal.file_verbal_petition(
        data=request_data(addressee_office=hacienda),
        channel="presencial",
        stated_at=at(2026, 12, 2, 9, 0),
        facts="Hechos en nasa yuwe.",
        radicado_given=True,
        language=NativeLanguage.objects.get(name="Nasa yuwe"),
        user=staff,
        now=at(2026, 12, 2, 9, 5),
    )
    client.force_login(staff)
    url = reverse("admin:pqrsd_request_translation", args=[result.request.pk])
    change = client.get(reverse("admin:pqrsd_request_change", args=[result.request.pk]))
    assert url in change.content.decode()
    response = client.post(
        url, {"translation": pdf_upload("traduccion.pdf"), "interpreter": "Intérprete nasa"}
    )
    assert response.status_code == 302
    assert result.request.attachments.get().kind == Attachment.Kind.TRANSLATION
    assert VerbalPetition.objects.get().interpreter == "Intérprete nasa"
    assert result.request.history.filter(internal_note__contains="traducción").exists()


def test_translation_only_for_native_language_petitions(client, hacienda):
    staff = make_staff_user(hacienda)
    request, _ = make_request(addressee_office=hacienda)
    client.force_login(staff)
    url = reverse("admin:pqrsd_request_translation", args=[request.pk])
    response = client.post(url, {"translation": pdf_upload("t.pdf")})
    assert response.status_code == 200
    assert "Solo las peticiones verbales en lengua nativa" in response.content.decode()
    assert not request.attachments.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"stated_at": "2026-12-02T23:59"}, "no puede ser futura"),
        ({"stated_at": "2026-11-29T09:00"}, "más de 24 horas"),
        ({"stated_at": "ayer por la tarde"}, "Escriba la fecha y la hora"),
        ({"facts": ""}, "Escriba los hechos"),
        ({"description": ""}, "Escriba lo que pide"),
        ({"channel": "web"}, "Escoja una opción válida"),
        ({"language": "99999"}, "Elija una lengua de la lista"),
        ({"language": "inga"}, "Elija una lengua de la lista"),
        ({"subject": "<script>alert(1)</script>"}, "No use los signos"),
        ({"facts": "x" * 10001}, "10000"),
    ],
)
@time_machine.travel(at(2026, 12, 2, 10, 0), tick=False)
def test_bad_verbal_input_keeps_what_was_typed(client, hacienda, overrides, message):
    client.force_login(make_staff_user(hacienda))
    response = client.post(VERBAL_URL, verbal_post(**overrides))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Rosa Jansasoy" in content
    assert not Request.objects.exists()


@time_machine.travel(at(2026, 12, 2, 10, 0), tick=False)
def test_translation_without_a_language_is_refused(client, hacienda):
    client.force_login(make_staff_user(hacienda))
    upload = SimpleUploadedFile("t.pdf", PDF_BYTES, "application/pdf")
    response = client.post(VERBAL_URL, verbal_post(translation=upload))
    assert "elija la lengua" in response.content.decode()
    assert not Request.objects.exists()


@time_machine.travel(at(2026, 12, 2, 10, 0), tick=False)
def test_verbal_form_renders_with_now_and_languages(client, hacienda, languages):
    client.force_login(make_staff_user(hacienda))
    content = client.get(VERBAL_URL).content.decode()
    assert 'value="2026-12-02T10:00"' in content
    assert "Kamëntšá" in content
    assert "Decreto 1166 de 2016" in content


def test_committee_cannot_radicate(client, hacienda):
    client.force_login(make_staff_user(hacienda, groups=(COMMITTEE_GROUP,)))
    assert client.get(VERBAL_URL).status_code == 403
    assert client.post(VERBAL_URL, verbal_post()).status_code == 403


# --- the receipt, staff side ---


def test_receipt_is_for_the_office_only(client, hacienda, django_assert_num_queries):
    gobierno = make_office(name="Secretaría de Gobierno")
    mine, _ = make_request(
        addressee_office=hacienda, files=[pdf_upload(f"f{n}.pdf") for n in range(3)]
    )
    theirs, _ = make_request(addressee_office=gobierno)
    client.force_login(make_staff_user(hacienda))
    url = reverse("admin:pqrsd_request_receipt", args=[mine.pk])
    client.get(url)
    # session, user, groups, profile, request (+verbal), attachments, non-working days, ...
    with django_assert_num_queries(len(_queries(client, url))):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Acuse de recibo" in content
    assert "Constancia de petición verbal" not in content
    assert "no se puede volver a mostrar" in content
    assert "f2.pdf" in content
    assert client.get(reverse("admin:pqrsd_request_receipt", args=[theirs.pk])).status_code == 404
    assert client.get("/admin/pqrsd/request/99999/recibo/").status_code == 404


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries


def test_receipt_query_count_does_not_grow_with_attachments(client, hacienda):
    few, _ = make_request(addressee_office=hacienda, files=[pdf_upload()])
    many, _ = make_request(addressee_office=hacienda, files=[pdf_upload() for _ in range(3)])
    client.force_login(make_staff_user(hacienda))
    url_few = reverse("admin:pqrsd_request_receipt", args=[few.pk])
    url_many = reverse("admin:pqrsd_request_receipt", args=[many.pk])
    client.get(url_few)
    assert len(_queries(client, url_few)) == len(_queries(client, url_many))


def test_paper_filing_receipt_shows_the_code_to_the_official_once(client, hacienda):
    client.force_login(make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,)))
    client.post(
        reverse("admin:pqrsd_request_add"),
        {
            "channel": "escrito",
            "request_type": "reclamo",
            "subject": "Cobro doble",
            "description": "Llegó en papel.",
            "person_kind": "natural",
            "document_type": "CC",
            "document_number": "123456",
            "name": "Edilberto Mutumbajoy",
            "answer_channel": "ventanilla",
            "data_consent": "on",
        },
    )
    request = Request.objects.get()
    receipt = client.get(reverse("admin:pqrsd_request_receipt", args=[request.pk]))
    assert "Acuse de recibo" in receipt.content.decode()
    assert "no se puede volver a mostrar" not in receipt.content.decode()
    client.force_login(make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,)))
    other = client.get(reverse("admin:pqrsd_request_receipt", args=[request.pk]))
    assert "no se puede volver a mostrar" in other.content.decode()


@time_machine.travel(at(2026, 12, 2, 9, 40), tick=False)
def test_consent_given_at_the_window_is_recorded_as_staff(client, hacienda):
    from pqrsd.models import NotificationConsent

    client.force_login(make_staff_user(hacienda))
    client.post(
        VERBAL_URL,
        verbal_post(addressee_office=hacienda.pk, email="rosa@example.com", e_notification="on"),
    )
    consent = NotificationConsent.objects.get()
    assert consent.source == NotificationConsent.Source.STAFF
    assert consent.email == "rosa@example.com"
    assert consent.created_at == at(2026, 12, 2, 9, 30)


def test_correspondence_edits_the_language_list(client, hacienda, languages):
    client.force_login(make_staff_user(hacienda, groups=(CORRESPONDENCE_GROUP,)))
    listing = client.get("/admin/pqrsd/nativelanguage/")
    assert listing.status_code == 200
    assert "Kamëntšá" in listing.content.decode()
    response = client.post(
        "/admin/pqrsd/nativelanguage/add/",
        {"name": "Korebajü 🌿", "people": "Pueblo Coreguaje", "active": "on"},
    )
    assert response.status_code == 302
    assert NativeLanguage.objects.filter(name="Korebajü 🌿").exists()
    client.force_login(make_staff_user(hacienda))
    assert client.post("/admin/pqrsd/nativelanguage/add/", {"name": "X"}).status_code == 403


def test_staff_record_a_consent_and_a_revocation_given_at_the_window(client, hacienda):
    from pqrsd.models import NotificationConsent

    request, _ = make_request(addressee_office=hacienda, email="rosa@example.com")
    client.force_login(make_staff_user(hacienda))
    url = reverse("admin:pqrsd_request_consent", args=[request.pk])
    change = client.get(reverse("admin:pqrsd_request_change", args=[request.pk]))
    assert url in change.content.decode()
    assert "Elija si acepta o revoca" in client.post(url, {"email": ""}).content.decode()
    bad = client.post(url, {"accept": "1", "email": "no-es-correo"}).content.decode()
    assert "Escriba un correo válido" in bad
    assert 'value="no-es-correo"' in bad
    response = client.post(url, {"accept": "1", "email": ""})
    assert response["Location"] == reverse("admin:pqrsd_request_change", args=[request.pk])
    assert client.post(url, {"accept": "0"}).status_code == 302
    rows = list(NotificationConsent.objects.values_list("accepted", "email", "source"))
    assert rows == [(True, "rosa@example.com", "ventanilla"), (False, "", "ventanilla")]
    other = make_staff_user(make_office(name="Otra"))
    client.force_login(other)
    assert client.post(url, {"accept": "1"}).status_code == 404
