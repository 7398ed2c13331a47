"""The daily timer measures GEL-T by itself; the dashboard says when and offers "Medir ahora"."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from portal.roles import COMMITTEE_GROUP
from tests.gelt.factories import load_plan
from tests.portal.factories import make_staff_user

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def test_the_daily_timer_runs_measure_gelt_and_only_commands_that_exist():
    timer = (DEPLOY / "guzman-portal-gelt.timer").read_text()
    assert re.search(r"^OnCalendar=\*-\*-\* \d\d:\d\d:00", timer, re.M)
    service = (DEPLOY / "guzman-portal-gelt.service").read_text()
    commands = re.findall(r"^ExecStart=\S+ manage\.py (\S+)", service, re.M)
    assert commands[0] == "measure_gelt"
    assert set(commands) <= set(get_commands()), set(commands) - set(get_commands())


@pytest.mark.django_db
def test_the_dashboard_says_when_it_last_measured_and_measure_now_updates_it(client):
    load_plan()
    client.force_login(make_staff_user(groups=(COMMITTEE_GROUP,)))
    page = client.get("/admin/gelt/dashboard/").content.decode()
    assert "Última medición automática: todavía no se ha medido" in page
    assert "Medir ahora" in page
    response = client.post("/admin/gelt/dashboard/medir/")
    assert response.status_code == 302
    page = client.get("/admin/gelt/dashboard/").content.decode()
    assert "Última medición automática: <time" in page
    assert "todavía no se ha medido" not in page
