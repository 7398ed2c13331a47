"""/gobierno-en-linea/datos.json: every criterion and indicator as open data, constant queries."""

import datetime
import json

import pytest
from django.utils import timezone

from gelt.models import Criterion, Indicator
from tests.gelt.factories import load_plan, make_evaluation, make_measurement, measure
from tests.portal.factories import make_news

pytestmark = pytest.mark.django_db
URL = "/gobierno-en-linea/datos.json"


def get(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_every_criterion_and_indicator_with_its_state(client):
    load_plan()
    make_news()
    measure()
    make_evaluation("TRF-02", result="partial", score=40, evidence_url="https://x.gov.co/acta.pdf")
    data = get(client)
    assert len(data["criterios"]) == Criterion.objects.count() == 33
    assert len(data["indicadores"]) == Indicator.objects.count()
    assert len(data["fases"]) == 5
    by_code = {c["codigo"]: c for c in data["criterios"]}
    automatic = [c for c in data["criterios"] if c["automatico"]]
    assert len(automatic) >= 20
    inf05 = by_code["INF-05"]
    assert (inf05["fase"], inf05["automatico"], inf05["evaluacion"]) == (1, True, "automática")
    assert inf05["resultado"] == "not_met" and inf05["puntaje"] == 0
    assert inf05["fecha"] == timezone.localdate().isoformat()
    assert inf05["url_evidencia"] == "http://testserver/tramites/"
    trf02 = by_code["TRF-02"]
    assert (trf02["automatico"], trf02["evaluacion"], trf02["puntaje"]) == (False, "manual", 40)
    assert trf02["url_evidencia"] == "https://x.gov.co/acta.pdf"
    trf01 = by_code["TRF-01"]
    assert (trf01["resultado"], trf01["puntaje"], trf01["fecha"]) == ("sin_evaluar", None, None)
    indicators = {i["codigo"]: i for i in data["indicadores"]}
    assert indicators["A1-FREC"]["meta"] == 100
    assert indicators["A1-FREC"]["ultimo_valor"] == 12.5
    assert indicators["A1-FREC"]["automatico"] is True
    phase4 = next(p for p in data["fases"] if p["orden"] == 4)
    assert phase4["avance_porcentaje"] == 40.0  # only TRF-02 evaluated: 40 %, not 8 %
    assert phase4["criterios_sin_evaluar"] == 4


def test_the_public_page_links_to_it(client):
    load_plan()
    html = client.get("/gobierno-en-linea/").content.decode()
    assert f'<a href="{URL}">JSON</a>' in html


def test_an_empty_portal_answers_with_empty_lists(client):
    data = get(client)
    assert (data["criterios"], data["indicadores"], data["fases"]) == ([], [], [])


def test_constant_number_of_queries(client, django_assert_num_queries):
    load_plan()
    client.get(URL)  # warm the municipality row and anything created once
    with django_assert_num_queries(4) as few:
        client.get(URL)
    day = timezone.localdate()
    for n in range(1, 6):
        for criterion in Criterion.objects.all():
            make_evaluation(criterion, date=day - datetime.timedelta(days=n))
        for indicator in Indicator.objects.all():
            make_measurement(indicator, n, date=day - datetime.timedelta(days=n))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)
