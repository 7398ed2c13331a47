"""Public pages: filing form, confirmation, tracking, attachments; nasty input never 500s."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import OutboundEmail
from portal.roles import CORRESPONDENCE_GROUP
from pqrsd import filing
from pqrsd.models import PUBLIC_TYPES, TYPE_HELP, Request
from pqrsd.radicado import tracking_code_matches
from tests.portal.factories import make_entity, make_office, make_staff_user

from .factories import PDF_BYTES, PNG_BYTES, make_request, pdf_upload

pytestmark = pytest.mark.django_db
FORM_URL = "/pqrsd/"
TRACK_URL = "/pqrsd/consulta/"


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
        "request_type": "peticion",
        "subject": "Arreglo de la vía a El Cedro",
        "description": "La vía está intransitable.",
        "person_kind": "natural",
        "document_type": "CC",
        "document_number": "1120123456",
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


def test_form_page_explains_every_type_and_links_the_privacy_policy(
    client, django_assert_num_queries
):
    make_office()
    make_office()
    # municipality, banners, entities, offices; then the new session that keeps the form's
    # token (is the key free, and its insert in a savepoint).
    with django_assert_num_queries(8):
        response = client.get(FORM_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1>") == 1
    for label in ["Petición", "Queja", "Reclamo", "Sugerencia", "Denuncia", "Consulta"]:
        assert label in content
    assert "La respuesta orienta, pero no obliga" in content
    assert 'href="/paginas/politica-de-privacidad/"' in content
    assert 'name="website"' in content


def test_each_request_type_is_a_labelled_radio_described_by_its_help(client):
    html = client.get(FORM_URL).content.decode()
    for index, (value, label) in enumerate(PUBLIC_TYPES):
        assert (
            f'<label for="id_request_type_{index}" class="type-option"><input type="radio" '
            f'name="request_type" value="{value}" required id="id_request_type_{index}" '
            f'aria-describedby="ayuda-tipo-{value}">\n <strong>{label}</strong></label>'
        ) in html
        assert (
            f'<span class="helptext type-help" id="ayuda-tipo-{value}">{TYPE_HELP[value]}' in html
        )
    # After an error the chosen type stays chosen, and only it.
    html = client.post(FORM_URL, {"request_type": "queja"}).content.decode()
    assert html.count(" checked ") == 1
    assert re.search(r'value="queja" required id="id_request_type_\d" checked ', html)


def test_form_query_count_does_not_grow_with_offices(client, django_assert_num_queries):
    for _ in range(20):
        make_office()
    with django_assert_num_queries(8):
        client.get(FORM_URL)
    # A second form in the same browser: the session is read and updated instead.
    with django_assert_num_queries(8):
        client.get(FORM_URL)


def test_filing_redirects_to_confirmation_with_radicado_code_and_explanation(client):
    response = client.post(FORM_URL, valid_post(client))
    assert response.status_code == 302
    confirmation = client.get(response["Location"])
    content = confirmation.content.decode()
    request = Request.objects.get()
    assert request.radicado in content
    assert "Código de consulta" in content
    code = re.search(r'id="codigo">([^<]+)<', content)[1]
    assert tracking_code_matches(code, request.tracking_code_hash)
    assert "15 días hábiles" in content
    assert "¿Cómo se calculó la fecha límite?" in content
    assert OutboundEmail.objects.filter(to="maria@example.com").exists()


def test_the_session_never_holds_the_tracking_code_in_clear(client):
    # Tracking codes are stored only as a keyed hash (the request) or encrypted (the session
    # that shows it on the confirmation page, the outbox until the e-mail is sent).
    from django.contrib.sessions.models import Session

    response = client.post(FORM_URL, valid_post(client))
    content = client.get(response["Location"]).content.decode()
    code = re.search(r'id="codigo">([^<]+)<', content)[1]
    for session in Session.objects.all():
        stored = f"{session.session_data} {session.get_decoded()}"
        assert code not in stored
        assert code.replace("-", "") not in stored


def test_double_submission_files_once_and_shows_the_same_confirmation(client):
    data = valid_post(client)
    first = client.post(FORM_URL, data)
    second = client.post(FORM_URL, data)
    assert Request.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Request.objects.get().radicado in client.get(second["Location"]).content.decode()


def test_confirmation_of_another_session_is_not_shown(client, client_factory=None):
    from django.test import Client

    response = client.post(FORM_URL, valid_post(client))
    assert Client().get(response["Location"]).status_code == 404


def test_the_form_is_rendered_for_each_visitor_and_never_cached(client, settings):
    """Its CSRF token and one-time token belong to this browser: no cache may keep them."""
    from django.test import Client

    response = client.get(FORM_URL)
    # The CSRF token lives in the session (CSRF_USE_SESSIONS): no cookie of its own.
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert "csrftoken" not in response.cookies
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert form_token(client) != form_token(client) != form_token(Client())


def test_a_replay_from_another_browser_is_refused_and_never_sees_the_code(client):
    from django.test import Client

    data = valid_post(client)
    client.post(FORM_URL, data)
    other = Client()
    other.get(FORM_URL)  # its own session, with a token of its own
    response = other.post(FORM_URL, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Esta solicitud ya fue radicada" in content
    assert 'id="codigo"' not in content
    assert Request.objects.count() == 1


def test_without_cookies_the_code_is_shown_once_on_the_spot(client, settings):
    """Cookies blocked: no redirect to a page that could not find the code; a resend is refused."""
    data = valid_post(client)
    client.cookies.clear()
    response = client.post(FORM_URL, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Su solicitud quedó radicada" in content
    assert "no-store" in response["Cache-Control"]  # the code must not stay in any cache
    code = re.search(r'id="codigo">([^<]+)<', content)[1]
    assert tracking_code_matches(code, Request.objects.get().tracking_code_hash)
    client.cookies.clear()
    again = client.post(FORM_URL, data)
    assert "Esta solicitud ya fue radicada" in again.content.decode()
    assert code not in again.content.decode()
    assert Request.objects.count() == 1


def test_a_form_resent_after_errors_keeps_its_token_and_files_once(client):
    data = valid_post(client)
    client.post(FORM_URL, {**data, "name": ""})
    first = client.post(FORM_URL, data)
    second = client.post(FORM_URL, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Request.objects.count() == 1


def test_errors_keep_everything_typed_and_ask_to_reattach_files(client):
    data = valid_post(
        client,
        name="",
        email="no-es-un-correo",
        subject="Árbol caído 🌳 <b>urgente</b>",
        description="Texto con emoji 🙏 y <script>alert(1)</script>",
    )
    data["attachments"] = pdf_upload("foto.pdf")
    response = client.post(FORM_URL, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert Request.objects.count() == 0
    assert "Escriba su nombre o la razón social." in content
    assert "Escriba un correo válido" in content
    assert "No use los signos" in content  # subject with < >
    assert "vuelva a adjuntar sus archivos" in content
    assert "foto.pdf" in content
    assert "Texto con emoji 🙏 y &lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content
    assert 'value="no-es-un-correo"' in content
    assert 'value="1120123456"' in content


def test_script_tags_in_description_are_stored_as_text_and_escaped(client):
    response = client.post(
        FORM_URL, valid_post(client, description="<script>alert('x')</script> 🙂")
    )
    status = client.get(client.get(response["Location"]) and response["Location"])
    request = Request.objects.get()
    assert request.description == "<script>alert('x')</script> 🙂"
    page = client.get(reverse("pqrsd:status", args=[request.radicado])).content.decode()
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    assert status.status_code == 200


def test_empty_form_lists_every_required_field(client):
    response = client.post(FORM_URL, {"form_token": form_token(client)})
    content = response.content.decode()
    assert response.status_code == 200
    for message in [
        "Elija el tipo de solicitud.",
        "Escriba el asunto.",
        "Describa su solicitud.",
        "Para radicar su solicitud debe autorizar",
    ]:
        assert message in content


def test_huge_text_gets_a_clear_message(client):
    response = client.post(FORM_URL, valid_post(client, description="x" * 10001))
    assert response.status_code == 200
    assert "10000 caracteres" in response.content.decode().replace(".", "")
    assert Request.objects.count() == 0


def test_anonymous_only_for_quejas_and_denuncias(client):
    response = client.post(FORM_URL, valid_post(client, is_anonymous="on"))
    assert "Solo las quejas y las denuncias pueden ser anónimas" in response.content.decode()
    response = client.post(
        FORM_URL,
        valid_post(
            client,
            request_type="denuncia",
            is_anonymous="on",
            name="",
            document_number="",
            document_type="",
            person_kind="",
            email="",
        ),
    )
    assert response.status_code == 302
    request = Request.objects.get()
    assert request.is_anonymous is True
    assert request.answer_channel == "portal"
    assert not OutboundEmail.objects.exists()


def test_office_must_belong_to_the_chosen_entity(client):
    personeria = make_entity(kind="personeria")
    office = make_office()  # of the Alcaldía
    response = client.post(
        FORM_URL,
        valid_post(client, addressee_entity=personeria.pk, addressee_office=office.pk),
    )
    assert "no pertenece a" in response.content.decode()
    response = client.post(FORM_URL, valid_post(client, addressee_office="9999"))
    assert "Elija una dependencia de la lista." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programa.pdf", b"MZ\x90\x00" + b"\x00" * 100, "no es un archivo válido"),
        ("foto.pdf", PNG_BYTES, "no es un archivo válido"),
        ("vacio.pdf", b"", "está vacío"),
        ("hoja.xlsx", b"PK\x03\x04 roto", "no es un archivo válido"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "no es un archivo válido"),
        ("informe.docx", b"PK\x03\x04 roto", "«informe.docx» no es un archivo válido"),
    ],
)
def test_fake_files_are_refused(client, name, content, message):
    data = valid_post(client)
    data["attachments"] = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Request.objects.count() == 0


def test_a_50_mb_file_is_refused_with_its_size(client):
    data = valid_post(client)
    data["attachments"] = SimpleUploadedFile(
        "grande.pdf", PDF_BYTES + b"0" * (50 * 1024 * 1024), "application/pdf"
    )
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    assert "el máximo es 10 MB" in response.content.decode()
    assert Request.objects.count() == 0


def test_more_than_three_files_is_refused(client):
    data = valid_post(client)
    data["attachments"] = [pdf_upload(f"a{i}.pdf") for i in range(4)]
    response = client.post(FORM_URL, data)
    assert "como máximo 3 archivos" in response.content.decode()


def test_valid_attachments_are_accepted(client):
    data = valid_post(client)
    data["attachments"] = [
        pdf_upload("cedula.pdf"),
        SimpleUploadedFile("foto.png", PNG_BYTES, "image/png"),
        SimpleUploadedFile("nota.txt", "Texto con tildes: ñandú".encode(), "text/plain"),
    ]
    assert client.post(FORM_URL, data).status_code == 302
    assert Request.objects.get().attachments.count() == 3


def test_honeypot_files_nothing(client):
    response = client.post(FORM_URL, valid_post(client, website="http://spam.example"))
    assert response.status_code == 400
    assert Request.objects.count() == 0


def test_rate_limit_per_ip(client, monkeypatch):
    monkeypatch.setattr("pqrsd.views.FILE_LIMIT_PER_HOUR", 2)
    for _ in range(2):
        assert client.post(FORM_URL, valid_post(client)).status_code == 302
    response = client.post(FORM_URL, valid_post(client))
    assert response.status_code == 429
    assert "muchas solicitudes" in response.content.decode()
    assert Request.objects.count() == 2


# --- tracking ---


def test_tracking_with_the_right_code_shows_status_history_and_answer(
    client, django_assert_num_queries
):
    request, code = make_request()
    staff = make_staff_user(make_office())
    filing.answer(request, text="Ya arreglamos la vía.", files=[pdf_upload("acta.pdf")], user=staff)
    response = client.post(TRACK_URL, {"radicado": request.radicado, "code": code})
    assert response["Location"] == reverse("pqrsd:status", args=[request.radicado])
    # session, municipality, banners, request, history, attachments, non-working days, the
    # notification record, its first opening (one UPDATE) and the consent in force
    with django_assert_num_queries(10 + 1):  # + 1: legal.tracking_context
        page = client.get(response["Location"])
    content = page.content.decode()
    assert "Ya arreglamos la vía." in content
    assert "usted abrió esta respuesta por primera vez" in content
    with django_assert_num_queries(9 + 1):  # later visits: the opening is already recorded
        client.get(response["Location"])
    assert "Respondida" in content
    assert "acta.pdf" in content
    assert "Radicada" in content


def test_status_page_query_count_does_not_grow_with_history(client, django_assert_num_queries):
    request, code = make_request()
    staff = make_staff_user(make_office())
    for _ in range(10):
        filing.assign(request, office=make_office(), user=staff)
    client.post(TRACK_URL, {"radicado": request.radicado, "code": code})
    with django_assert_num_queries(8 + 1):  # 8 with the consent in force; + 1: legal context
        client.get(reverse("pqrsd:status", args=[request.radicado]))


@pytest.mark.parametrize(
    "form",
    [
        {"radicado": "2026-000001", "code": "x" * 16},
        {"radicado": "2026-999999", "code": "y" * 16},
        {"radicado": "2026-000001", "code": "<script>alert(1)</script>"},
        {"radicado": "2026-000001", "code": "🙂" * 10},
    ],
)
def test_wrong_combinations_give_one_generic_message(client, form):
    make_request()
    response = client.post(TRACK_URL, form)
    assert response.status_code == 200
    assert "No encontramos una solicitud con ese radicado y ese código." in (
        response.content.decode()
    )


def test_malformed_radicado_says_how_it_looks(client):
    response = client.post(TRACK_URL, {"radicado": "abc", "code": "x"})
    assert "por ejemplo 2026-000123" in response.content.decode()


def test_tracking_is_rate_limited(client, monkeypatch):
    monkeypatch.setattr("pqrsd.views.TRACK_LIMIT_PER_HOUR", 3)
    request, code = make_request()
    for _ in range(3):
        client.post(TRACK_URL, {"radicado": request.radicado, "code": "z" * 16})
    response = client.post(TRACK_URL, {"radicado": request.radicado, "code": code})
    assert response.status_code == 429
    assert "demasiados intentos" in response.content.decode()


def test_status_page_without_the_code_redirects_to_tracking(client):
    request, _ = make_request()
    response = client.get(reverse("pqrsd:status", args=[request.radicado]))
    assert response["Location"] == TRACK_URL
    assert client.get("/pqrsd/consulta/no-es-radicado/").status_code == 404


def test_track_page(client, django_assert_num_queries):
    # municipality, banners; then the new session that keeps the form's CSRF token (is the key
    # free, and its insert in a savepoint).
    with django_assert_num_queries(2 + 4):
        response = client.get(TRACK_URL)
    assert response.status_code == 200
    assert response.content.decode().count("<h1>") == 1
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


# --- attachments ---


def test_attachment_served_to_requester_with_code_only(client):
    from django.test import Client

    request, code = make_request(files=[pdf_upload("cedula.pdf")])
    attachment = request.attachments.get()
    url = reverse("pqrsd:attachment", args=[attachment.pk])
    assert client.get(url).status_code == 403
    client.post(TRACK_URL, {"radicado": request.radicado, "code": code})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Client().get(url).status_code == 403
    assert client.get(reverse("pqrsd:attachment", args=[99999])).status_code == 404


def test_attachment_served_to_staff_of_the_office_only(client):
    office, other = make_office(), make_office()
    request, _ = make_request(files=[pdf_upload()], addressee_office=office)
    url = reverse("pqrsd:attachment", args=[request.attachments.get().pk])
    client.force_login(make_staff_user(other))
    assert client.get(url).status_code == 403
    client.force_login(make_staff_user(office))
    assert client.get(url).status_code == 200
    client.force_login(make_staff_user(other, groups=(CORRESPONDENCE_GROUP,)))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"request_type": "🙂"},
        {"request_type": "entre_autoridades"},
        {"addressee_entity": "abc"},
        {"addressee_office": "-1"},
        {"answer_channel": "paloma"},
        {"document_type": "XX"},
        {"form_token": "x" * 5000},
        {"subject": "s" * 201},
        {"phone": "llámame"},
        {"description": "\x00\x00"},
    ],
)
def test_odd_values_never_500(client, overrides):
    response = client.post(FORM_URL, valid_post(client, **overrides))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        content = response.content.decode()
        # Errors are listed; a tampered token is ignored and the request filed without it.
        assert "Revise" in content or "Su solicitud quedó radicada" in content


def test_confirmation_page_query_count(client, django_assert_num_queries):
    response = client.post(FORM_URL, valid_post(client))
    # session, municipality, banners, request, non-working days; the first visit also stores
    # the access to the attachments in the session (+ 3), which the filing itself no longer
    # writes after its commit.
    with django_assert_num_queries(5 + 3):
        page = client.get(response["Location"])
    assert page.status_code == 200
    with django_assert_num_queries(5):
        client.get(response["Location"])
    assert page.content.decode().count("<h1>") == 1


# --- denuncia of corruption (the footer's «Denunciar un acto de corrupción») ---

DENUNCIA_URL = "/pqrsd/denuncia/"


def test_denuncia_page_preselects_the_type_and_advises_on_anonymity(
    client, django_assert_num_queries
):
    make_office()
    with django_assert_num_queries(8):  # the same queries as the generic form
        response = client.get(DENUNCIA_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Denunciar un acto de corrupción</h1>" in html
    assert html.count(" checked ") == 1
    assert re.search(r'value="denuncia" required id="id_request_type_\d" checked ', html)
    assert "Use una ventana privada" in html
    assert 'name="is_anonymous"' in html
    # The generic form has nothing chosen and no advice.
    generic = client.get(FORM_URL).content.decode()
    assert " checked " not in generic and "Use una ventana privada" not in generic


def test_anonymous_denuncia_stores_no_identity_and_no_address(client):
    token = re.search(
        r'name="form_token" value="([^"]+)"', client.get(DENUNCIA_URL).content.decode()
    )[1]
    data = valid_post(
        client,
        form_token=token,
        request_type="denuncia",
        is_anonymous="on",
        subject="Cobro por un trámite gratuito",
        description="Un funcionario 🙁 pidió dinero por el certificado de residencia.",
    )
    # The citizen typed identity data and then chose anonymity: none of it is kept.
    response = client.post(DENUNCIA_URL, data, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 302
    request = Request.objects.get()
    assert request.request_type == "denuncia" and request.is_anonymous is True
    for field in ("name", "email", "phone", "address", "document_number", "document_type"):
        assert getattr(request, field) == "", field
    assert request.person_kind == ""
    assert request.created_by is None
    stored = " ".join(str(value) for value in Request.objects.values().get().values())
    for trace in ("María", "maria@example.com", "1120123456", "320 123 4567", "203.0.113.77"):
        assert trace not in stored
    assert not OutboundEmail.objects.exists()
    # The rate limit keeps only a keyed hash of the address, never the address itself.
    from django.core.cache import cache

    keys = " ".join(str(key) for key in getattr(cache, "_cache", {}))
    assert "203.0.113.77" not in keys


def test_denuncia_with_errors_stays_the_denuncia_form_and_keeps_the_text(client):
    response = client.post(
        DENUNCIA_URL,
        {"request_type": "denuncia", "is_anonymous": "on", "subject": "Ñandú 🐦", "website": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Denunciar un acto de corrupción</h1>" in html
    assert 'value="Ñandú 🐦"' in html
    assert "Describa su solicitud." in html
    assert not Request.objects.exists()
