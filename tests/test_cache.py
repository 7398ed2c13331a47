"""The page cache: fast for anonymous citizens, never stale for what editors change or schedule."""

import datetime
import gzip
import re

import pytest
import time_machine
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import Municipality
from portal.tokens import CSRF_PLACEHOLDER, ONE_TIME_PLACEHOLDER
from pqrsd.models import Request
from tests.participation.factories import make_draft, make_survey
from tests.portal.factories import make_news, make_staff_user
from tests.pqrsd.factories import form_post, make_request

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    Municipality.current()  # created on first use, which would count as a content change


def queries_for(client, *args, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(*args, **kwargs)
    return response, len(captured)


def test_second_anonymous_visit_runs_no_query(client):
    make_news(title="Se pavimenta la vía a Puerto Limón")
    first, first_queries = queries_for(client, "/")
    second, second_queries = queries_for(client, "/")
    assert first.status_code == second.status_code == 200
    assert "Se pavimenta la vía a Puerto Limón" in second.text
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


def test_other_addresses_are_cached_separately(client):
    make_news(title="Jornada de vacunación")
    client.get("/")
    response, queries = queries_for(client, "/", {"pagina": "2"})
    assert response.status_code == 200
    assert queries > 0


def test_new_and_edited_news_show_on_the_next_visit(client):
    news = make_news(title="Titular original")
    assert "Titular original" in client.get("/").text
    news.title = "Titular corregido"
    news.save()
    assert "Titular corregido" in client.get("/").text
    make_news(title="Otra noticia recién publicada")
    assert "Otra noticia recién publicada" in client.get("/").text
    news.delete()
    assert "Titular corregido" not in client.get("/").text


def test_scheduled_news_appears_on_time(client):
    with time_machine.travel(NOON, tick=False) as traveller:
        make_news(title="Noticia de relleno")
        make_news(
            title="Convocatoria de empleo programada",
            publish_at=timezone.now() + datetime.timedelta(minutes=3),
        )
        assert "Convocatoria de empleo programada" not in client.get("/").text
        traveller.shift(datetime.timedelta(minutes=2, seconds=59))
        _, queries = queries_for(client, "/")
        assert queries == 0, "antes de la hora, la página sigue en caché"
        traveller.shift(datetime.timedelta(seconds=1))
        assert "Convocatoria de empleo programada" in client.get("/").text


def test_cache_never_outlives_its_setting(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    with time_machine.travel(NOON, tick=False) as traveller:
        make_news()
        client.get("/")
        traveller.shift(datetime.timedelta(seconds=61))
        _, queries = queries_for(client, "/")
    assert queries > 0


def test_logged_in_staff_always_get_a_fresh_page(client):
    make_news(title="Noticia visible")
    client.get("/")
    client.force_login(make_staff_user())
    _, queries = queries_for(client, "/")
    assert queries > 0
    _, queries = queries_for(client, "/")
    assert queries > 0


def test_post_goes_to_the_view(client):
    make_news()
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.post("/", {"q": "x"})
    assert len(captured) > 0


def test_conditional_get_answers_304_from_the_cache(client):
    make_news()
    first = client.get("/")
    assert first["ETag"]
    assert first["Last-Modified"]
    response, queries = queries_for(client, "/", headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 304
    assert response.content == b""
    assert queries == 0
    response, _ = queries_for(client, "/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert response.status_code == 304


def test_compressed_pages_are_cached_compressed(client):
    make_news(title="Noticia comprimida")
    client.get("/", headers={"Accept-Encoding": "gzip, br"})
    response, queries = queries_for(client, "/", headers={"Accept-Encoding": "gzip, br"})
    assert queries == 0
    assert response["Content-Encoding"] == "gzip"
    assert "Noticia comprimida" in gzip.decompress(response.content).decode()
    plain = client.get("/")
    assert "Content-Encoding" not in plain
    assert "Noticia comprimida" in plain.text


def test_cached_pages_tell_nginx_how_long_to_keep_them(client, settings):
    settings.EDGE_CACHE_SECONDS = 5
    make_news()
    assert client.get("/")["X-Accel-Expires"] == "5"
    assert client.get("/")["X-Accel-Expires"] == "5"


def test_edge_cache_stops_before_a_scheduled_publication(client, settings):
    settings.EDGE_CACHE_SECONDS = 5
    with time_machine.travel(NOON, tick=False):
        make_news(publish_at=timezone.now() + datetime.timedelta(seconds=3))
        assert client.get("/")["X-Accel-Expires"] == "3"


@pytest.mark.urls("tests.csrf_page_urls")
def test_pages_with_a_real_csrf_token_are_never_stored(client):
    """A token written into the page belongs to one visitor; another would get a broken form."""
    first = client.get("/formulario/")
    assert "csrftoken" in first.cookies
    second = Client().get("/formulario/")
    assert second.content != first.content  # the view ran again: a token of its own
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


FORM_PAGES = {
    "pqrsd": lambda: "/pqrsd/",
    "tracking": lambda: "/pqrsd/consulta/",
    "survey": lambda: make_survey().get_absolute_url(),
    "draft": lambda: make_draft().get_absolute_url(),
}


@pytest.mark.parametrize("page", FORM_PAGES)
def test_form_pages_are_cached_with_each_visitors_own_csrf_token(client, page):
    url = FORM_PAGES[page]()
    client.get(url)  # stored
    tokens = set()
    for visitor in (Client(), Client()):
        response, queries = queries_for(visitor, url)
        assert response.status_code == 200
        assert queries == 0
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
        # A first visit: a new secret, shown in this page only, is both the token and the cookie.
        assert re.fullmatch(r"[0-9a-f]{32}", token)
        assert token == visitor.cookies["csrftoken"].value
        assert "no-store" in response["Cache-Control"]
        tokens.add(token)
    assert len(tokens) == 2


def test_a_request_status_page_is_never_cached(client):
    request_obj, code = make_request()
    client.post("/pqrsd/consulta/", {"radicado": request_obj.radicado, "code": code})
    status_url = f"/pqrsd/consulta/{request_obj.radicado}/"
    assert client.get(status_url).status_code == 200
    stranger = Client()
    assert stranger.get(status_url).status_code == 302  # to the tracking form, not a copy
    _, queries = queries_for(client, status_url)
    assert queries > 0


def _has_placeholders(html):
    return CSRF_PLACEHOLDER in html or ONE_TIME_PLACEHOLDER in html


def _tokens(response):
    html = response.content.decode()
    return (
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1],
        re.search(r'name="form_token" value="([^"]+)"', html)[1],
    )


def test_the_pqrsd_form_is_cached_and_each_visitor_gets_their_own_tokens(client):
    client.get("/pqrsd/")
    visitors = [Client() for _ in range(3)]
    pages = []
    for visitor in visitors:
        response, queries = queries_for(visitor, "/pqrsd/")
        assert response.status_code == 200
        assert queries == 0
        pages.append(response)
    csrf_tokens, form_tokens = zip(*(_tokens(page) for page in pages), strict=True)
    assert len(set(form_tokens)) == len(set(csrf_tokens)) == 3
    for page in pages:
        assert not _has_placeholders(page.content.decode())
        assert "X-Token-Placeholders" not in page
        assert "csrftoken" in page.cookies
        # Nothing may keep a copy with this visitor's tokens: not a browser, not nginx.
        assert "no-store" in page["Cache-Control"]
        for header in ("X-Accel-Expires", "ETag", "Last-Modified"):
            assert header not in page
        assert page["Content-Length"] == str(len(page.content))


def test_a_citizen_files_with_tokens_written_into_the_cached_form(client):
    Client().get("/pqrsd/")  # stored
    response, queries = queries_for(client, "/pqrsd/")
    assert queries == 0
    csrf_token, form_token = _tokens(response)
    filer = Client(enforce_csrf_checks=True)
    filer.cookies = client.cookies
    filed = filer.post("/pqrsd/", form_post(csrfmiddlewaretoken=csrf_token, form_token=form_token))
    assert filed.status_code == 302
    assert filed["Location"] == f"/pqrsd/radicada/{form_token}/"
    assert Request.objects.get().submission_key == form_token


def test_a_returning_visitor_keeps_their_csrf_cookie_on_the_cached_form(client):
    survey = make_survey()
    client.get(survey.get_absolute_url())  # any form gives this browser its CSRF cookie
    secret = client.cookies["csrftoken"].value
    Client().get("/pqrsd/")  # stored
    response, queries = queries_for(client, "/pqrsd/")
    assert queries == 0
    csrf_token, _ = _tokens(response)
    assert _unmask_cipher_token(csrf_token) == secret
    assert client.cookies["csrftoken"].value == secret


def test_the_cached_form_is_compressed_after_its_tokens_are_written(client):
    client.get("/pqrsd/", HTTP_ACCEPT_ENCODING="gzip")
    response, queries = queries_for(Client(), "/pqrsd/", HTTP_ACCEPT_ENCODING="gzip")
    assert queries == 0
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert not _has_placeholders(html)
    assert 'name="form_token" value="' in html


def test_nginx_gets_the_form_with_placeholders_to_write_the_tokens_itself(client):
    response = client.get("/pqrsd/", HTTP_X_TOKENS_AT_EDGE="1", HTTP_ACCEPT_ENCODING="gzip")
    html = response.content.decode()  # uncompressed: nginx writes the tokens, then compresses
    assert f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"' in html
    assert f'name="form_token" value="{ONE_TIME_PLACEHOLDER}"' in html
    assert not response.cookies
    assert response["X-Accel-Expires"]
    assert "no-store" in response["Cache-Control"]
    # A visitor with cookies never gets placeholders, whatever the request says.
    client.cookies["csrftoken"] = "a" * 32
    with_cookie = client.get("/pqrsd/", HTTP_X_TOKENS_AT_EDGE="1")
    assert not _has_placeholders(with_cookie.content.decode())


def test_a_posted_placeholder_is_not_a_form_token(client):
    """A copy whose tokens were never written still files, once, without double-submit guard."""
    client.get("/pqrsd/")
    response = client.post("/pqrsd/", form_post(form_token=ONE_TIME_PLACEHOLDER))
    assert response.status_code == 200
    assert Request.objects.get().submission_key is None


def test_admin_is_never_cached(client):
    client.get("/admin/login/")
    _, queries = queries_for(client, "/admin/login/")
    assert "X-Accel-Expires" not in client.get("/admin/login/")


def test_cache_off_adds_no_query(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_news()
    client.get("/")
    _, with_cache_off = queries_for(client, "/")
    assert with_cache_off > 0
    assert "X-Accel-Expires" not in client.get("/")


def test_detail_pages_that_check_for_staff_preview_are_cached(client):
    """Looking at request.user adds Vary: Cookie; for visitors without a session it is safe."""
    news = make_news(title="Detalle en caché")
    client.get(news.get_absolute_url())
    response, queries = queries_for(client, news.get_absolute_url())
    assert response.status_code == 200
    assert "Detalle en caché" in response.text
    assert queries == 0


def test_citizen_filings_do_not_empty_the_cache(client):
    pqrsd = pytest.importorskip("tests.pqrsd.factories")
    make_news()
    client.get("/")
    pqrsd.make_request()
    assert queries_for(client, "/")[1] == 0


def test_sheet_visits_are_counted_even_when_served_from_the_cache(client):
    from tests.tramites.factories import make_procedure
    from tramites.models import flush_visits, pending_visits

    pending_visits.take()  # visits other tests left unwritten
    procedure = make_procedure(name="Certificado de residencia")
    for _ in range(3):
        assert client.get(procedure.get_absolute_url()).status_code == 200
    flush_visits()
    procedure.refresh_from_db()
    assert procedure.visit_count == 3


def test_a_visitor_with_a_page_cookie_never_gets_or_leaves_a_cached_page(client):
    make_news(title="Primera versión")
    client.cookies["encuesta_1"] = "respondida"
    client.get("/")
    stranger = type(client)()
    response, queries = queries_for(stranger, "/")
    assert queries > 0  # the cookie holder's page was not stored for others
    _, again = queries_for(client, "/")
    assert again > 0  # and the cookie holder is not served the others' page
