"""The page cache: fast for anonymous citizens, never stale for what editors change or schedule."""

import datetime
import gzip
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import ratelimit
from portal.models import Municipality, OutboundEmail
from portal.ratelimit import RateLimitCounter
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
    assert "sessionid" in first.cookies  # the token lives in the session (CSRF_USE_SESSIONS)
    second = Client().get("/formulario/")
    assert second.content != first.content  # the view ran again: a token of its own
    assert second.cookies["sessionid"].value != first.cookies["sessionid"].value


FORM_PAGES = {
    "pqrsd": lambda: "/pqrsd/",
    "tracking": lambda: "/pqrsd/consulta/",
    "survey": lambda: make_survey().get_absolute_url(),
    "draft": lambda: make_draft().get_absolute_url(),
}


@pytest.mark.parametrize("page", FORM_PAGES)
def test_form_pages_are_rendered_for_each_visitor_and_never_cached(client, page):
    url = FORM_PAGES[page]()
    client.get(url)
    tokens = set()
    for visitor in (Client(), Client()):
        response, queries = queries_for(visitor, url)
        assert response.status_code == 200
        assert queries > 0  # the view ran: no copy was kept
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1])
        assert "sessionid" in response.cookies
        # Nothing may keep a copy with this visitor's tokens: not a browser, not nginx.
        assert "no-store" in response["Cache-Control"]
        assert "X-Accel-Expires" not in response
    assert len(tokens) == 2


def test_a_closed_survey_without_a_form_is_cached(client):
    now = timezone.now()
    survey = make_survey(
        opens_at=now - datetime.timedelta(days=10), closes_at=now - datetime.timedelta(days=1)
    )
    client.get(survey.get_absolute_url())
    response, queries = queries_for(client, survey.get_absolute_url())
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' not in response.text
    assert queries == 0


def test_a_request_status_page_is_never_cached(client):
    request_obj, code = make_request()
    client.post("/pqrsd/consulta/", {"radicado": request_obj.radicado, "code": code})
    status_url = f"/pqrsd/consulta/{request_obj.radicado}/"
    assert client.get(status_url).status_code == 200
    stranger = Client()
    assert stranger.get(status_url).status_code == 302  # to the tracking form, not a copy
    _, queries = queries_for(client, status_url)
    assert queries > 0


def test_a_citizen_files_with_the_tokens_of_the_form_they_were_shown():
    citizen = Client(enforce_csrf_checks=True)
    html = citizen.get("/pqrsd/").text
    csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    form_token = re.search(r'name="form_token" value="([^"]+)"', html)[1]
    filed = citizen.post(
        "/pqrsd/", form_post(csrfmiddlewaretoken=csrf_token, form_token=form_token)
    )
    assert filed.status_code == 302
    assert filed["Location"] == f"/pqrsd/radicada/{form_token}/"
    assert Request.objects.get().submission_key == form_token


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
    OutboundEmail.objects.create(to="persona@example.com", subject="Radicado", body="Texto")
    assert queries_for(client, "/")[1] == 0


def test_counted_attempts_do_not_empty_the_cache(client):
    # Without Redis every rate-limited form or search writes a counter row.
    make_news()
    client.get("/")
    assert ratelimit.hit("busqueda", "203.0.113.9", limit=5, window_seconds=60)
    assert RateLimitCounter.objects.exists()
    assert queries_for(client, "/")[1] == 0


@pytest.mark.parametrize("cookie", ["encuesta_1", "csrftoken", "sessionid"])
def test_a_visitor_with_a_cookie_never_gets_or_leaves_a_cached_page(client, cookie):
    make_news(title="Primera versión")
    client.cookies[cookie] = "a" * 32
    client.get("/")
    stranger = type(client)()
    response, queries = queries_for(stranger, "/")
    assert queries > 0  # the cookie holder's page was not stored for others
    _, again = queries_for(client, "/")
    assert again > 0  # and the cookie holder is not served the others' page
