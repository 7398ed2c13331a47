""" "Sin evaluar" is kept apart from 0 % on the public page and the dashboard; manual is marked."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.roles import COMMITTEE_GROUP
from tests.gelt.factories import load_plan, make_evaluation
from tests.portal.factories import make_staff_user

pytestmark = pytest.mark.django_db


def test_phases_nobody_evaluated_say_sin_evaluar_not_zero(client):
    load_plan()
    html = client.get("/gobierno-en-linea/").content.decode()
    assert html.count(">sin evaluar</span>") == 5  # the status of each phase
    assert "0,0 %" not in html
    assert 'aria-label="Fase de Información: sin evaluar, meta 100 %"' in html


def test_a_phase_reaching_its_goal_among_the_evaluated_is_por_evaluar(client):
    load_plan()
    make_evaluation("TRF-01")  # 1 of 5 criteria of phase 4, met
    html = client.get("/gobierno-en-linea/").content.decode()
    assert "1 de 5 criterios cumplen; 4 sin evaluar" in html
    assert ">por evaluar</span>" in html
    assert ">cumplida</span>" not in html
    client.force_login(make_staff_user(groups=(COMMITTEE_GROUP,)))
    board = client.get("/admin/gelt/dashboard/").content.decode()
    assert "1 de 5 cumplen; 4 sin evaluar" in board
    assert ">por evaluar</span>" in board


def test_a_manual_evaluation_is_marked_as_such_on_the_public_page(client):
    load_plan()
    call_command("load_gelt_policy", stdout=io.StringIO(), stderr=io.StringIO())
    make_evaluation(
        "INF-05",
        reason="Fichas en el SUIT",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    html = client.get("/gobierno-en-linea/").content.decode()
    assert "evaluación manual" in html
