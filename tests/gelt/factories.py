"""Builders of GEL-T data for tests: the shipped plan, evaluations, measurements, meetings."""

import datetime
import io
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from gelt.models import (
    Activity,
    CommitteeMember,
    Criterion,
    Evaluation,
    Indicator,
    LinkedEntity,
    Measurement,
    Meeting,
)


def load_plan():
    call_command("load_gelt_plan", stdout=io.StringIO())


def load_policy():
    call_command("load_gelt_policy", stdout=io.StringIO(), stderr=io.StringIO())


def measure():
    call_command("measure_gelt", stdout=io.StringIO())


def make_evaluation(criterion, *, date=None, result="met", score=None, **overrides):
    if isinstance(criterion, str):
        criterion = Criterion.objects.get(code=criterion)
    scores = {"met": 100, "partial": 50, "not_met": 0}
    fields = {
        "criterion": criterion,
        "date": date or timezone.localdate(),
        "result": result,
        "score": Decimal(scores[result] if score is None else score),
        "evidence_text": "Revisado por el comité en el sitio.",
    }
    fields.update(overrides)
    return Evaluation.objects.create(**fields)


def make_measurement(indicator, value, *, date=None, **overrides):
    if isinstance(indicator, str):
        indicator = Indicator.objects.get(code=indicator)
    fields = {
        "indicator": indicator,
        "date": date or timezone.localdate(),
        "value": None if value is None else Decimal(str(value)),
        "source": "Informe del comité",
    }
    fields.update(overrides)
    return Measurement.objects.create(**fields)


def make_linked_entity(level="local", *, agreement_date=None, **overrides):
    fields = {
        "name": "Institución Educativa Rural",
        "level": level,
        "agreement_date": agreement_date or timezone.localdate(),
    }
    fields.update(overrides)
    return LinkedEntity.objects.create(**fields)


def make_member(**overrides):
    fields = {"name": "Ana Lucía Rosero", "position": "Secretaria de Gobierno"}
    fields.update(overrides)
    return CommitteeMember.objects.create(**fields)


def make_meeting(*, days_from_now=7, **overrides):
    fields = {
        "starts_at": timezone.now() + datetime.timedelta(days=days_from_now),
        "agenda": "Revisión del avance por fase.",
    }
    fields.update(overrides)
    return Meeting.objects.create(**fields)


def make_activity(*, due_in_days=-3, **overrides):
    fields = {
        "description": "Publicar el informe de gestión del trimestre.",
        "owner": "Secretaría de Planeación",
        "due_date": timezone.localdate() + datetime.timedelta(days=due_in_days),
    }
    fields.update(overrides)
    return Activity.objects.create(**fields)
