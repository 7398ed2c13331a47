"""Builders of participation data for tests: make_x(**overrides) returns a saved object."""

import datetime
import itertools

from django.utils import timezone

from participation.models import Article, Choice, Comment, DraftRegulation, Question, Survey
from portal.models import Status
from tests.portal.factories import make_entity

_seq = itertools.count(1)


def _window(overrides, opens, closes, days_open):
    now = timezone.now()
    overrides.setdefault(opens, now - datetime.timedelta(days=1))
    overrides.setdefault(closes, overrides[opens] + datetime.timedelta(days=days_open))


def make_survey(*, questions=True, **overrides):
    """A published survey open now, with a single, a multiple and a free-text question."""
    n = next(_seq)
    fields = {
        "entity": overrides.pop("entity", None) or make_entity(),
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=2),
        "title": f"Encuesta número {n}",
        "description": "Queremos conocer su opinión.",
    }
    _window(overrides, "opens_at", "closes_at", 30)
    fields.update(overrides)
    survey = Survey.objects.create(**fields)
    if questions:
        single = make_question(survey, text="¿Cómo califica el servicio?", order=1)
        for i, text in enumerate(["Bueno", "Regular", "Malo"]):
            Choice.objects.create(question=single, order=i, text=text)
        multiple = make_question(
            survey, text="¿Qué canales usa?", order=2, kind=Question.Kind.MULTIPLE
        )
        for i, text in enumerate(["Portal web", "Ventanilla", "Teléfono"]):
            Choice.objects.create(question=multiple, order=i, text=text)
        make_question(
            survey, text="¿Qué mejoraría?", order=3, kind=Question.Kind.TEXT, required=False
        )
    return survey


def make_question(survey, **overrides):
    fields = {"survey": survey, "text": "¿Pregunta?", "kind": Question.Kind.SINGLE}
    fields.update(overrides)
    return Question.objects.create(**fields)


def make_draft(*, articles=3, **overrides):
    """A published draft regulation open for comments now, with numbered articles."""
    n = next(_seq)
    fields = {
        "entity": overrides.pop("entity", None) or make_entity(),
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=2),
        "title": f"Proyecto de decreto número {n}",
        "summary": "Reglamenta el uso del espacio público.",
    }
    _window(overrides, "comment_opens_at", "comment_closes_at", 15)
    fields.update(overrides)
    draft = DraftRegulation.objects.create(**fields)
    for number in range(1, articles + 1):
        Article.objects.create(
            draft=draft,
            number=number,
            title=f"Título {number}",
            text=f"Texto del artículo {number}.",
        )
    return draft


def make_comment(draft, **overrides):
    n = next(_seq)
    fields = {
        "draft": draft,
        "name": f"Ciudadana {n}",
        "email": f"ciudadana{n}@example.com",
        "text": f"Comentario número {n}.",
        "fingerprint": f"f{n}",
        "moderation": Comment.Moderation.APPROVED,
    }
    fields.update(overrides)
    return Comment.objects.create(**fields)
