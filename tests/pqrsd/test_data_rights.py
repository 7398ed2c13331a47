"""
Citizens' rights over their data (Ley 1581 de 2012): the "mis datos" form files a habeas data
PQRSD with its own term, "reclamo en trámite" shows on the person's records, staff of the data
protection role rectify and anonymise, and anonymous denuncias leave no IP or browser trace.
"""

import datetime
import io
import re
import urllib.parse
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from portal.models import OutboundEmail
from portal.roles import CORRESPONDENCE_GROUP, DATA_PROTECTION_GROUP, EDITORS_GROUP
from pqrsd import data_rights, filing
from pqrsd.models import Request, StatusChange
from tests.portal.factories import make_office, make_staff_user

from .factories import make_request, pdf_upload

pytestmark = pytest.mark.django_db
FORM_URL = "/pqrsd/mis-datos/"
TRACK_URL = "/pqrsd/consulta/"
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def municipality():
    from portal.models import Municipality

    return Municipality.current()


def form_token(client):
    response = client.get(FORM_URL)
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode())[1]


def valid_post(client, **overrides):
    data = {
        "form_token": form_token(client),
        "right": "rectificar",
        "radicados": "2026-000001",
        "details": "Mi correo cambió: ahora es maria.nueva@example.com.",
        "document_type": "CC",
        "document_number": "1.120.123.456",
        "name": "María Fernanda Muñoz",
        "email": "maria@example.com",
        "phone": "320 123 4567",
        "address": "Calle 5 # 3-20",
        "answer_channel": "correo",
        "data_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def track(client, request_obj, code):
    response = client.post(TRACK_URL, {"radicado": request_obj.radicado, "code": code})
    assert response.status_code == 302
    return client.get(response["Location"])


# --- The form ---


def test_form_page_explains_the_rights_and_terms_with_constant_queries(
    client, django_assert_num_queries
):
    for _ in range(15):
        make_office()
    # municipality, banners, footer entities; then the session keeping the one-time token.
    with django_assert_num_queries(6):
        response = client.get(FORM_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert content.count("<h1>") == 1
    for text in ("Conocer qué datos", "Corregir o actualizar", "Suprimir", "Revocar"):
        assert text in content
    assert "10 días hábiles, prorrogables 5" in content
    assert "15 días hábiles, prorrogables 8" in content
    assert 'href="/paginas/politica-de-privacidad/"' in content
    with django_assert_num_queries(6):
        client.get(FORM_URL)


def test_a_right_can_be_chosen_from_the_link(client):
    html = client.get(FORM_URL + "?derecho=suprimir").content.decode()
    assert re.search(r'value="suprimir" required id="id_right_\d" checked', html)
    assert " checked" not in client.get(FORM_URL + "?derecho=%3Cx%3E").content.decode()


def test_a_reclamo_is_filed_as_a_habeas_reclamo_with_15_days(client):
    response = client.post(FORM_URL, valid_post(client))
    assert response.status_code == 302
    request_obj = Request.objects.get()
    assert request_obj.request_type == "habeas_reclamo"
    assert request_obj.term_days == 15
    assert request_obj.subject == "Datos personales: corregir o actualizar mis datos"
    assert "Solicitudes a las que se refiere: 2026-000001." in request_obj.description
    assert "maria.nueva@example.com" in request_obj.description
    assert request_obj.person_kind == "natural" and not request_obj.is_anonymous
    content = client.get(response["Location"]).content.decode()
    assert request_obj.radicado in content
    assert "Reclamo sobre mis datos personales" in content
    assert OutboundEmail.objects.filter(to="maria@example.com").exists()


def test_a_consulta_is_filed_as_a_habeas_consulta_with_10_days(client):
    client.post(FORM_URL, valid_post(client, right="conocer", details="", radicados=""))
    request_obj = Request.objects.get()
    assert request_obj.request_type == "habeas_consulta"
    assert request_obj.term_days == 10


def test_the_habeas_types_are_not_offered_on_the_general_form(client):
    html = client.get("/pqrsd/").content.decode()
    assert 'value="habeas_' not in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"right": None}, "right", "Elija qué quiere hacer con sus datos."),
        ({"right": "borrar-todo"}, "right", "Elija una de las opciones de la lista."),
        ({"details": ""}, "details", "Cuéntenos qué dato corregir"),
        ({"document_number": ""}, "document_number", "Escriba el número de documento"),
        ({"document_number": "12<script>"}, "document_number", "Escriba el número con dígitos"),
        ({"name": ""}, "name", "Escriba su nombre."),
        ({"email": "", "answer_channel": "correo"}, "email", "Escriba su correo"),
        ({"email": "no-es-correo"}, "email", "Escriba un correo válido"),
        ({"address": "", "answer_channel": "fisica"}, "address", "Escriba la dirección"),
        ({"radicados": "2026-1, abc, 99999999999"}, "radicados", "«abc»"),
        ({"details": "x" * 10001}, "details", "10000"),
        ({"data_consent": None}, "data_consent", "debe autorizar el tratamiento"),
        ({"answer_channel": "paloma"}, "answer_channel", ""),
    ],
)
def test_bad_input_gets_a_spanish_message_and_keeps_what_was_typed(
    client, overrides, field, message
):
    data = valid_post(client, **overrides)
    response = client.post(FORM_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Request.objects.count() == 0
    assert "Revise" in html and "Conservamos lo que escribió" in html
    assert message.replace("«", "&laquo;").replace("»", "&raquo;") in html or message in html
    assert f'href="#id_{field}' in html
    if field != "name":
        assert "María Fernanda Muñoz" in html


def test_accents_emoji_and_a_huge_body_never_500(client):
    response = client.post(
        FORM_URL,
        valid_post(
            client,
            name="Ñandú Pérez Güiza",
            details="Corrijan mi dirección 🏠 en la vereda El Cedro " + "á" * 9000,
            radicados=" 2026-000007 ; 2025-12 ",
        ),
    )
    assert response.status_code == 302
    request_obj = Request.objects.get()
    assert request_obj.name == "Ñandú Pérez Güiza"
    assert "2026-000007, 2025-000012" in request_obj.description
    assert client.post(FORM_URL, {"right": ["a", "b"], "website": ""}).status_code == 200
    assert client.post(FORM_URL, {"website": "http://spam"}).status_code == 400


def test_the_privacy_policy_and_the_tracking_pages_link_the_form(client):
    call_command("load_institution", stdout=io.StringIO())
    html = client.get("/paginas/politica-de-privacidad/").content.decode()
    assert 'href="../../pqrsd/mis-datos/"' in html
    assert "cinco (5) años" in html
    assert "no guardan su dirección IP" in html
    # The relative link of the page resolves to the form.
    page = "/paginas/politica-de-privacidad/"
    assert urllib.parse.urljoin(page, "../../pqrsd/mis-datos/") == FORM_URL
    assert f'href="{FORM_URL}"' in client.get(TRACK_URL).content.decode()
    request_obj, code = make_request()
    assert f'href="{FORM_URL}"' in track(client, request_obj, code).content.decode()


# --- Terms and extension ---


@time_machine.travel(datetime.datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False)
def test_a_habeas_consulta_extends_by_five_business_days_not_double():
    user = make_staff_user(groups=(CORRESPONDENCE_GROUP,))
    request_obj, _ = make_request(request_type="habeas_consulta")
    assert request_obj.due_date == datetime.date(2026, 3, 16)
    assert filing.extension_cap(request_obj) == datetime.date(2026, 3, 24)
    with pytest.raises(ValidationError) as error:
        filing.extend(
            request_obj, new_due_date=datetime.date(2026, 3, 25), reason="Volumen", user=user
        )
    assert "5 días hábiles después del vencimiento inicial (art. 14, Ley 1581" in str(error.value)
    filing.extend(request_obj, new_due_date=datetime.date(2026, 3, 24), reason="Volumen", user=user)
    request_obj.refresh_from_db()
    assert request_obj.due_date == datetime.date(2026, 3, 24)


@time_machine.travel(datetime.datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False)
def test_a_habeas_reclamo_extends_by_eight_and_an_ordinary_reclamo_still_doubles():
    habeas, _ = make_request(request_type="habeas_reclamo")
    ordinary, _ = make_request(request_type="reclamo")
    assert habeas.due_date == ordinary.due_date == datetime.date(2026, 3, 24)
    # +8 business days skipping Holy Thursday and Good Friday (2 and 3 April).
    assert filing.extension_cap(habeas) == datetime.date(2026, 4, 7)
    assert filing.extension_cap(ordinary) > datetime.date(2026, 4, 7)


def test_staff_ask_to_complete_a_habeas_reclamo_only_within_5_business_days():
    user = make_staff_user(groups=(CORRESPONDENCE_GROUP,))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False):
        late, _ = make_request(request_type="habeas_reclamo")
        on_time, _ = make_request(request_type="habeas_reclamo")
        ordinary, _ = make_request(request_type="reclamo")
    # Monday 9 March: 5 business days after receipt, still in time.
    with time_machine.travel(datetime.datetime(2026, 3, 9, 14, tzinfo=UTC), tick=False):
        filing.request_completion(on_time, what_is_missing="Copia de la cédula.", user=user)
    # Tuesday 10 March: 6 business days; an ordinary reclamo still has until day 10.
    with time_machine.travel(datetime.datetime(2026, 3, 10, 14, tzinfo=UTC), tick=False):
        with pytest.raises(ValidationError) as error:
            filing.request_completion(late, what_is_missing="Copia de la cédula.", user=user)
        assert "dentro de los 5 días hábiles" in str(error.value)
        filing.request_completion(ordinary, what_is_missing="Copia de la factura.", user=user)


def test_an_incomplete_habeas_reclamo_has_two_months_without_extension():
    # Ley 1581 art. 15: two months from the request to complete, then the reclamo is
    # withdrawn; the one-month extension of Ley 1755 art. 17 does not apply.
    from pqrsd import completion

    user = make_staff_user(groups=(CORRESPONDENCE_GROUP,))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, tzinfo=UTC), tick=False):
        reclamo, _ = make_request(request_type="habeas_reclamo", email="titular@example.com")
        ordinary, _ = make_request(request_type="reclamo")
    with time_machine.travel(datetime.datetime(2026, 3, 4, 14, tzinfo=UTC), tick=False):
        filing.request_completion(reclamo, what_is_missing="Copia de la cédula.", user=user)
        filing.request_completion(ordinary, what_is_missing="Copia de la factura.", user=user)
        reclamo.refresh_from_db()
        ordinary.refresh_from_db()
        # Two calendar months from 5 March; one for the ordinary reclamo.
        assert reclamo.completion_deadline == datetime.date(2026, 5, 5)
        assert ordinary.completion_deadline == datetime.date(2026, 4, 6)
        today = datetime.date(2026, 3, 4)
        assert not completion.can_extend(reclamo, today)
        assert completion.can_extend(ordinary, today)
        with pytest.raises(ValidationError, match="no admite prórroga"):
            completion.extend_window(reclamo)
    mail = OutboundEmail.objects.get(to="titular@example.com", subject__contains="más información")
    assert "05/05/2026" in mail.body
    assert "Ley 1581 de 2012" in mail.body and "un mes más" not in mail.body


# --- Reclamo en trámite ---


def test_open_reclamo_shows_the_legend_on_the_persons_requests_until_it_is_decided(
    client, django_assert_num_queries
):
    mine, my_code = make_request(document_number="1120.123.456")
    others, other_code = make_request(document_number="99887766")
    anonymous, anon_code = make_request(request_type="denuncia", is_anonymous=True)
    claim, _ = make_request(
        request_type="habeas_reclamo",
        subject="Datos personales: suprimir (borrar) mis datos",
        document_number="1 120 123 456",
    )
    html = track(client, mine, my_code).content.decode()
    assert "Reclamo en trámite" in html
    # Only the legend: whoever files with someone's document number learns nothing of the
    # holder's reclamo (its radicado or subject).
    assert claim.radicado not in html and "suprimir (borrar) mis datos" not in html
    assert "Reclamo en trámite" not in track(client, others, other_code).content.decode()
    assert "Reclamo en trámite" not in track(client, anonymous, anon_code).content.decode()
    # The status page reads the same number of queries with the legend.
    url = reverse("pqrsd:status", args=[mine.radicado])
    with django_assert_num_queries(9):
        client.get(url)
    filing.answer(claim, text="Suprimimos su correo.", user=None)
    assert "Reclamo en trámite" not in client.get(url).content.decode()


def test_the_admin_shows_the_legend_on_the_persons_requests(client):
    office = make_office()
    mine, _ = make_request(addressee_office=office, document_number="1120123456")
    claim, _ = make_request(
        request_type="habeas_reclamo",
        document_number="1120123456",
        addressee_office=make_office(name="Otra dependencia"),
        subject="Suprimir mi historia laboral",
    )
    client.force_login(make_staff_user(office))
    html = client.get(reverse("admin:pqrsd_request_change", args=[mine.pk])).content.decode()
    assert "Reclamo en trámite" in html
    # The reclamo is another office's: the legend shows, its radicado and subject do not.
    assert claim.radicado not in html and "historia laboral" not in html
    # An editor has no data protection role: no rectify or anonymise links.
    assert "Rectificar datos del solicitante" not in html


def test_status_page_query_count_does_not_grow_with_claims(client, django_assert_num_queries):
    mine, code = make_request(document_number="555000111")
    track(client, mine, code)
    url = reverse("pqrsd:status", args=[mine.radicado])
    make_request(request_type="habeas_reclamo", document_number="555000111")
    with django_assert_num_queries(9):
        client.get(url)
    for _ in range(5):
        make_request(request_type="habeas_reclamo", document_number="555000111")
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()
    assert html.count("Reclamo en trámite") == 1 and "Reclamo 20" not in html


# --- The role ---


def test_setup_roles_creates_the_data_protection_group():
    call_command("setup_roles", stdout=io.StringIO())
    group = Group.objects.get(name=DATA_PROTECTION_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_request", "change_request", "view_attachment"} <= codenames
    assert "delete_request" not in codenames
    assert apps.get_app_config("pqrsd").staff_permissions[DATA_PROTECTION_GROUP]


# --- Rectify ---


def officer():
    return make_staff_user(groups=(DATA_PROTECTION_GROUP,))


def test_an_officer_rectifies_and_the_history_says_who_what_but_not_the_old_values(client):
    office = make_office()
    request_obj, _ = make_request(
        addressee_office=office, name="Maria Fernanda Munos", email="vieja@example.com"
    )
    user = officer()
    client.force_login(user)
    change_url = reverse("admin:pqrsd_request_change", args=[request_obj.pk])
    assert "Rectificar datos del solicitante" in client.get(change_url).content.decode()
    url = reverse("admin:pqrsd_request_rectify", args=[request_obj.pk])
    form = client.get(url).content.decode()
    assert "Maria Fernanda Munos" in form
    response = client.post(
        url,
        {
            "document_type": "CC",
            "document_number": request_obj.document_number,
            "name": "María Fernanda Muñoz",
            "email": "nueva@example.com",
            "phone": request_obj.phone,
            "address": request_obj.address,
            "note": "Reclamo 2026-000009 del titular.",
        },
    )
    assert response.status_code == 302
    request_obj.refresh_from_db()
    assert (request_obj.name, request_obj.email) == ("María Fernanda Muñoz", "nueva@example.com")
    entry = StatusChange.objects.filter(request=request_obj).last()
    assert entry.user == user
    assert "nombre o razón social, correo electrónico" in entry.public_note
    assert "Reclamo 2026-000009" in entry.internal_note
    history = " ".join(
        f"{c.public_note} {c.internal_note}"
        for c in StatusChange.objects.filter(request=request_obj)
    )
    assert "vieja@example.com" not in history and "Munos" not in history


def test_rectify_can_apply_to_the_persons_other_requests_and_refuses_no_change(client):
    first, _ = make_request(document_number="1.120.999.000", phone="3000000000")
    second, _ = make_request(document_number="1120999000", phone="3000000000")
    stranger, _ = make_request(document_number="42", phone="3000000000")
    client.force_login(officer())
    url = reverse("admin:pqrsd_request_rectify", args=[first.pk])
    data = {
        "document_type": "CC",
        "document_number": first.document_number,
        "name": first.name,
        "email": first.email,
        "phone": "3111111111",
        "address": first.address,
        "note": "Reclamo del titular",
        "also_others": "on",
    }
    assert client.post(url, data).status_code == 302
    second.refresh_from_db()
    stranger.refresh_from_db()
    assert second.phone == "3111111111"
    assert stranger.phone == "3000000000"
    # The same data again: nothing changed, a Spanish message, no history entry.
    before = StatusChange.objects.count()
    response = client.post(url, {**data, "also_others": ""})
    assert response.status_code == 200
    assert "No cambió ningún dato." in response.content.decode()
    assert StatusChange.objects.count() == before
    bad = client.post(url, {**data, "email": "no-es-correo", "note": ""}).content.decode()
    assert "Escriba un correo válido" in bad


def test_rectify_and_anonymise_need_the_role_and_the_office(client):
    office, other = make_office(), make_office()
    request_obj, _ = make_request(addressee_office=office)
    client.force_login(make_staff_user(office, groups=(EDITORS_GROUP,)))
    for name in ("rectify", "anonymise"):
        url = reverse(f"admin:pqrsd_request_{name}", args=[request_obj.pk])
        assert client.get(url).status_code == 403
    client.force_login(make_staff_user(other, groups=(EDITORS_GROUP, DATA_PROTECTION_GROUP)))
    # The data protection group sees every office's requests.
    assert (
        client.get(reverse("admin:pqrsd_request_rectify", args=[request_obj.pk])).status_code == 200
    )
    assert client.get(reverse("admin:pqrsd_request_rectify", args=[999999])).status_code == 404


# --- Anonymise ---


FILED = datetime.datetime(2026, 3, 2, 14, tzinfo=UTC)
CLOSED = datetime.datetime(2026, 4, 10, 15, tzinfo=UTC)


def finished_request(**data):
    with time_machine.travel(FILED, tick=False):
        request_obj, _ = make_request(
            files=[pdf_upload("cedula-maria.pdf")],
            name="María Fernanda Muñoz",
            document_number="1120123456",
            email="maria@example.com",
            phone="3201234567",
            address="Calle 5 # 3-20, Barrio Centro",
            description="Soy María Muñoz, cédula 1.120.123.456, cel 320 123 4567; vivo en Calle "
            "5 # 3-20, Barrio Centro. La vía a El Cedro está intransitable desde el 2026-02-20.",
            addressee_office=make_office(),
            **data,
        )
    with time_machine.travel(CLOSED, tick=False):
        filing.answer(
            request_obj, text="Señora María Fernanda Muñoz: arreglaremos la vía.", user=None
        )
        filing.close(request_obj, user=None, note="Respondida a María por correo.")
    request_obj.refresh_from_db()
    return request_obj


def test_the_command_anonymises_only_after_the_retention_period(
    django_capture_on_commit_callbacks, settings
):
    settings.PQRSD_RETENTION_YEARS = 5
    request_obj = finished_request()
    still_open, _ = make_request(name="Pedro Pérez")
    file_path = Path(request_obj.attachments.get().file.path)
    assert file_path.exists()
    before = {f: getattr(request_obj, f) for f in ("radicado", "filed_at", "request_type")}

    with time_machine.travel(datetime.datetime(2031, 4, 9, 12, tzinfo=UTC), tick=False):
        out = io.StringIO()
        call_command("anonymise_requests", stdout=out)
    assert "Solicitudes anonimizadas: 0" in out.getvalue()
    request_obj.refresh_from_db()
    assert request_obj.name == "María Fernanda Muñoz" and request_obj.anonymised_at is None

    with (
        time_machine.travel(datetime.datetime(2031, 4, 10, 17, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dry = io.StringIO()
        call_command("anonymise_requests", "--dry-run", stdout=dry)
        assert "Se anonimizarían 1 solicitudes" in dry.getvalue()
        out = io.StringIO()
        call_command("anonymise_requests", stdout=out)
    assert "Solicitudes anonimizadas: 1" in out.getvalue()
    request_obj.refresh_from_db()
    for field in ("name", "document_type", "document_number", "email", "phone", "address"):
        assert getattr(request_obj, field) == ""
    assert request_obj.anonymised_at is not None
    # What stays: radicado, dates, type, office, the answer's timing, the text without identifiers.
    assert {f: getattr(request_obj, f) for f in before} == before
    assert request_obj.office_id and request_obj.answered_on_time is not None
    assert "La vía a El Cedro está intransitable desde el 2026-02-20" in request_obj.description
    everything = " ".join(
        [request_obj.subject, request_obj.description, request_obj.answer]
        + [f"{c.public_note} {c.internal_note}" for c in request_obj.history.all()]
    )
    for gone in ("María", "Muñoz", "1.120.123.456", "320 123 4567", "Calle 5", "maria@"):
        assert gone not in everything
    assert not request_obj.attachments.exists()
    assert not file_path.exists()
    assert not OutboundEmail.objects.for_reference(request_obj.radicado).exists()
    assert "periodo de conservación" in request_obj.history.last().public_note
    # An open request is never anonymised.
    still_open.refresh_from_db()
    assert still_open.name == "Pedro Pérez"
    # Running again finds nothing.
    with time_machine.travel(datetime.datetime(2031, 4, 11, 12, tzinfo=UTC), tick=False):
        assert data_rights.anonymise_due() == 0


def test_the_retention_setting_is_honoured(settings):
    request_obj = finished_request()
    settings.PQRSD_RETENTION_YEARS = 10
    with time_machine.travel(datetime.datetime(2035, 1, 1, 12, tzinfo=UTC), tick=False):
        assert data_rights.anonymise_due() == 0
    with time_machine.travel(datetime.datetime(2036, 4, 10, 12, tzinfo=UTC), tick=False):
        assert data_rights.anonymise_due() == 1
    request_obj.refresh_from_db()
    assert request_obj.anonymised_at


def test_an_officer_anonymises_from_the_admin_only_when_due(client, settings):
    settings.PQRSD_RETENTION_YEARS = 5
    request_obj = finished_request()
    user = officer()
    url = reverse("admin:pqrsd_request_anonymise", args=[request_obj.pk])
    change_url = reverse("admin:pqrsd_request_change", args=[request_obj.pk])
    with time_machine.travel(datetime.datetime(2027, 1, 1, 12, tzinfo=UTC), tick=False):
        client.force_login(user)
        assert "Anonimizar (conservación cumplida)" not in client.get(change_url).content.decode()
        html = client.post(url, {"confirm": "on"}).content.decode()
        assert "podrá anonimizarse desde el 10/04/2031" in html
        html = client.post(url, {}).content.decode()
        assert "Marque la casilla para confirmar." in html
    request_obj.refresh_from_db()
    assert request_obj.name
    with time_machine.travel(datetime.datetime(2031, 5, 1, 12, tzinfo=UTC), tick=False):
        client.force_login(user)
        assert "Anonimizar (conservación cumplida)" in client.get(change_url).content.decode()
        assert client.post(url, {"confirm": "on"}).status_code == 302
        request_obj.refresh_from_db()
        assert request_obj.name == "" and request_obj.anonymised_at
        html = client.get(change_url).content.decode()
        assert "Datos personales suprimidos el" in html
        assert "Rectificar datos del solicitante" not in html
        assert "ya fue anonimizada" in client.post(url, {"confirm": "on"}).content.decode()


def test_anonymised_requests_still_count_in_the_statistics(client, settings):
    settings.PQRSD_RETENTION_YEARS = 5
    finished_request()
    before = client.get("/pqrsd/estadisticas.json?anio=2026").content
    with time_machine.travel(datetime.datetime(2031, 5, 1, 12, tzinfo=UTC), tick=False):
        assert data_rights.anonymise_due() == 1
    after = client.get("/pqrsd/estadisticas.json?anio=2026").content
    strip = re.compile(rb'"generado": "[^"]+"')
    assert strip.sub(b"", before) == strip.sub(b"", after)


# --- Anonymous denuncias leave no IP or browser trace ---

CLIENT_IP = "203.0.113.77"
USER_AGENT = "NavegadorDePrueba/9.9 (huella-unica-7f3a)"


def _every_text_value():
    """Every value of every row of every table, as text."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            for row in cursor.fetchall():
                values.extend(
                    bytes(v).decode("utf-8", "replace")
                    if isinstance(v, bytes | memoryview)
                    else str(v)
                    for v in row
                    if v is not None
                )
    return values


def test_an_anonymous_denuncia_stores_no_ip_or_user_agent(client, settings):
    settings.RATELIMIT_ENABLED = True
    response = client.get("/pqrsd/denuncia/", REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
    token = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())[1]
    response = client.post(
        "/pqrsd/denuncia/",
        {
            "form_token": token,
            "request_type": "denuncia",
            "subject": "Cobros indebidos en la ventanilla",
            "description": "Un funcionario cobra por un trámite gratuito.",
            "is_anonymous": "on",
            "answer_channel": "portal",
            "data_consent": "on",
            "website": "",
        },
        REMOTE_ADDR=CLIENT_IP,
        HTTP_USER_AGENT=USER_AGENT,
    )
    assert response.status_code == 302
    request_obj = Request.objects.get()
    assert request_obj.is_anonymous and request_obj.name == "" and request_obj.email == ""
    values = _every_text_value()
    assert values  # the scan read the database
    assert not [v for v in values if CLIENT_IP in v]
    assert not [v for v in values if "huella-unica-7f3a" in v or "NavegadorDePrueba" in v]
    field_names = {f.name for f in Request._meta.get_fields()}
    assert not {"ip", "ip_address", "user_agent", "remote_addr"} & field_names


def test_the_site_map_and_every_privacy_notice_lead_to_the_form(client):
    assert f'href="{FORM_URL}"' in client.get("/mapa-del-sitio/").content.decode()
    html = client.get("/pqrsd/").content.decode()
    notice = html[html.index("data-aviso-privacidad") :]
    assert f'href="{FORM_URL}"' in notice[: notice.index("</div>")]


def test_the_inbox_filters_the_holders_of_an_open_reclamo_and_anonymisations(client, settings):
    settings.PQRSD_RETENTION_YEARS = 5
    office = make_office()
    holder, _ = make_request(addressee_office=office, subject="Del titular", document_number="77.1")
    make_request(addressee_office=office, subject="De otra persona", document_number="88")
    make_request(request_type="habeas_reclamo", subject="El reclamo", document_number="771")
    done = finished_request(subject="Ya terminada")
    client.force_login(officer())
    html = client.get("/admin/pqrsd/request/?situacion=todas&datos=reclamo").content.decode()
    assert "Del titular" in html and "El reclamo" in html
    assert "De otra persona" not in html and "Ya terminada" not in html
    with time_machine.travel(datetime.datetime(2031, 5, 1, 12, tzinfo=UTC), tick=False):
        client.force_login(officer())
        html = client.get("/admin/pqrsd/request/?situacion=todas&datos=por_anonimizar")
        assert done.radicado in html.content.decode()
        assert holder.radicado not in html.content.decode()
        data_rights.anonymise(done)
        html = client.get("/admin/pqrsd/request/?situacion=todas&datos=anonimizadas")
        assert done.radicado in html.content.decode()


def test_anonymisation_also_clears_the_records_kept_beside_the_request(settings):
    from pqrsd.models import NotificationConsent, VerbalPetition

    settings.PQRSD_RETENTION_YEARS = 5
    request_obj = finished_request()
    NotificationConsent.objects.create(
        request=request_obj,
        accepted=True,
        email="maria@example.com",
        source=NotificationConsent.Source.FORM,
        text_version="2026-1",
    )
    VerbalPetition.objects.create(
        request=request_obj,
        stated_at=FILED,
        facts="María Fernanda Muñoz contó que la vía está cerrada; su celular 320 123 4567.",
    )
    with time_machine.travel(datetime.datetime(2031, 5, 1, 12, tzinfo=UTC), tick=False):
        data_rights.anonymise(request_obj)
    consent = NotificationConsent.objects.get(request=request_obj)
    assert consent.email == "" and consent.accepted
    facts = VerbalPetition.objects.get(request=request_obj).facts
    assert "Muñoz" not in facts and "320 123 4567" not in facts
    assert "contó que la vía está cerrada" in facts


def test_a_habeas_request_lists_the_persons_other_requests_the_user_may_see(client):
    office, other = make_office(), make_office()
    mine, _ = make_request(addressee_office=office, subject="Mi petición", document_number="5.5")
    hidden, _ = make_request(addressee_office=other, subject="Otra oficina", document_number="55")
    make_request(subject="Otra persona", document_number="56")
    consulta, _ = make_request(
        request_type="habeas_consulta", addressee_office=office, document_number="55"
    )
    client.force_login(make_staff_user(office))
    url = reverse("admin:pqrsd_request_change", args=[consulta.pk])
    html = client.get(url).content.decode()
    assert "Otras solicitudes del mismo titular (1)" in html
    assert mine.radicado in html and "Otra oficina" not in html and "Otra persona" not in html
    client.force_login(officer())
    html = client.get(url).content.decode()
    assert "Otras solicitudes del mismo titular (2)" in html and hidden.radicado in html
    # An ordinary request does not list them.
    html = client.get(reverse("admin:pqrsd_request_change", args=[mine.pk])).content.decode()
    assert "Otras solicitudes del mismo titular" not in html


def test_the_daily_timer_runs_the_anonymisation_and_may_delete_attachments():
    systemd = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
    service = (systemd / "guzman-portal-gelt.service").read_text()
    timer = (systemd / "guzman-portal-gelt.timer").read_text()
    assert "ExecStart=/srv/guzman-portal/.venv/bin/python manage.py anonymise_requests" in service
    assert "ReadWritePaths=/srv/guzman-portal/private_media" in service
    assert re.search(r"^OnCalendar=\*-\*-\* \d\d:\d\d:00", timer, re.MULTILINE)
