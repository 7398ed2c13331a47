"""Each published event has its own .ics file (/eventos/<ruta>/evento.ics)."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from portal.models import Event, Municipality, Status
from tests.portal.factories import bulk_publishables, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipality():
    return Municipality.current()


def test_an_event_downloads_as_its_own_calendar_file(client):
    starts = timezone.now() + datetime.timedelta(days=5)
    event = make_event(
        title="Cabildo abierto de presupuesto",
        summary="Presupuesto participativo 2027.",
        location="Coliseo municipal",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    make_event(title="Otro evento")
    response = client.get(f"/eventos/{event.slug}/evento.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Cabildo abierto de presupuesto"
    assert str(entry["location"]) == "Coliseo municipal"
    assert entry.decoded("dtstart") == starts.replace(microsecond=0)
    assert entry.decoded("dtend") - entry.decoded("dtstart") == datetime.timedelta(hours=3)
    assert str(entry["url"]).endswith(event.get_absolute_url())
    # The same UID as in the whole calendar, so adding both does not duplicate the event.
    whole = icalendar.Calendar.from_ical(client.get("/eventos/calendario.ics").content)
    uids = {str(e["uid"]) for e in whole.walk("VEVENT")}
    assert str(entry["uid"]) in uids


def test_the_event_page_links_to_its_own_file_and_to_the_whole_calendar(client):
    event = make_event(title="Feria agropecuaria")
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/eventos/{event.slug}/evento.ics" download' in html
    assert "Agregar este evento a su calendario" in html
    assert 'href="/eventos/calendario.ics"' in html


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.DRAFT},
        {"publish_at": timezone.now() + datetime.timedelta(days=2)},
    ],
)
def test_a_draft_or_scheduled_event_has_no_file(client, overrides):
    event = make_event(title="Evento no publicado", **overrides)
    assert client.get(f"/eventos/{event.slug}/evento.ics").status_code == 404


@pytest.mark.parametrize("slug", ["no-existe", "a" * 300, "%F0%9F%98%80"])
def test_an_unknown_event_is_404(client, slug):
    assert client.get(f"/eventos/{slug}/evento.ics").status_code == 404


def test_the_query_count_does_not_grow(client, django_assert_num_queries):
    event = make_event()
    with django_assert_num_queries(2):  # the municipality, the event
        assert client.get(f"/eventos/{event.slug}/evento.ics").status_code == 200
    bulk_publishables(Event, 60)
    with django_assert_num_queries(2):
        assert client.get(f"/eventos/{event.slug}/evento.ics").status_code == 200
