"""
Site search over everything published: news, events, documents, pages, procedures and
officials. One query per kind, whatever the data, each through the model's `published()`
(or `Official.objects.active()`).

On PostgreSQL it uses full-text search with the Spanish configuration over unaccented text,
with titles weighted above bodies. On SQLite (development) it folds accents with the
UNACCENT() function registered in `search.apps`, strips simple Spanish plurals from the query
(`search.text`) and ranks matches in the title first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from portal.models import Document, Event, NewsItem, Official, Page
from tramites.models import Procedure

from . import text

PER_KIND = 50
CONFIG = "spanish"


@dataclass(frozen=True)
class Source:
    """One kind of published content and how to search and show it."""

    kind: str
    label: str
    queryset: Callable
    title: str
    fields: tuple[str, ...]
    url: Callable
    date: str | None = None
    subtitle: Callable = lambda obj: ""


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str
    subtitle: str
    snippet: list
    date: object
    score: float
    sort_key: tuple = field(default=(), repr=False)


def directory_url(official):
    return f"{reverse('portal:directory')}?entidad={official.office.entity.slug}"


SOURCES = (
    Source(
        "tramite",
        "Trámite o servicio",
        lambda now: Procedure.objects.published(now),
        "name",
        ("purpose", "who_may_ask", "result"),
        lambda obj: obj.get_absolute_url(),
        "updated_at",
    ),
    Source(
        "noticia",
        "Noticia",
        lambda now: NewsItem.objects.published(now),
        "title",
        ("summary", "body"),
        lambda obj: obj.get_absolute_url(),
        "publish_at",
    ),
    Source(
        "evento",
        "Evento",
        lambda now: Event.objects.published(now),
        "title",
        ("summary", "body", "location"),
        lambda obj: obj.get_absolute_url(),
        "starts_at",
    ),
    Source(
        "documento",
        "Documento",
        lambda now: Document.objects.published(now),
        "title",
        ("number", "description"),
        lambda obj: obj.get_absolute_url(),
        "issued_on",
        lambda obj: f"{obj.get_kind_display()} {obj.number}".strip(),
    ),
    Source(
        "pagina",
        "Página",
        lambda now: Page.objects.published(now),
        "title",
        ("summary", "body"),
        lambda obj: obj.get_absolute_url(),
        "updated_at",
    ),
    Source(
        "servidor",
        "Servidor público",
        lambda now: Official.objects.active().select_related("office__entity"),
        "name",
        ("position", "office__name"),
        directory_url,
        None,
        lambda obj: f"{obj.position}, {obj.office.name}",
    ),
)


def _postgresql_matches(source, queryset, words):
    query = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
    title_vector = SearchVector(Unaccent(F(source.title)), weight="A", config=CONFIG)
    body_vector = SearchVector(
        *(Unaccent(F(name)) for name in source.fields), weight="B", config=CONFIG
    )
    return (
        queryset.annotate(
            search_document=title_vector + body_vector,
            title_document=title_vector,
        )
        .filter(search_document=query)
        .annotate(
            score=SearchRank(F("search_document"), query)
            + Case(When(title_document=query, then=Value(1.0)), default=Value(0.0)),
        )
    )


def _sqlite_matches(source, queryset, stems):
    names = (source.title, *source.fields)
    matches = Q()
    in_title = Q()
    for stem in stems:
        matches &= reduce(or_, (Q(**{f"{name}__unaccent__icontains": stem}) for name in names))
        in_title &= Q(**{f"{source.title}__unaccent__icontains": stem})
    return queryset.filter(matches).annotate(
        score=Case(When(in_title, then=Value(2.0)), default=Value(1.0), output_field=FloatField())
    )


def search(query: str, now=None):
    """
    Published objects matching `query`, best first, as Results (at most PER_KIND per kind),
    and the labels of the kinds that had more matches than that.
    """
    now = now or timezone.now()
    stems = text.terms(query)
    if not stems:
        return [], []
    words = [w for w in text.fold(query).split() if text.WORD.search(w)]
    words = [" ".join(text.WORD.findall(w)) for w in words][:20]
    results, truncated = [], []
    for source in SOURCES:
        queryset = source.queryset(now)
        if connection.vendor == "postgresql":
            queryset = _postgresql_matches(source, queryset, words)
        else:
            queryset = _sqlite_matches(source, queryset, stems)
        order = ["-score", f"-{source.date}"] if source.date else ["-score"]
        found = list(queryset.order_by(*order, "-pk")[: PER_KIND + 1])
        if len(found) > PER_KIND:
            truncated.append(source.label)
        results += [_result(source, obj, stems) for obj in found[:PER_KIND]]
    results.sort(key=lambda r: r.sort_key)
    return results, truncated


def _field_text(obj, name, *, html=True):
    value = obj
    for part in name.split("__"):
        value = getattr(value, part, "")
    value = str(value or "")
    # A space for each tag keeps "<p>uno</p><p>dos</p>" from reading "unodos".
    return strip_tags(value.replace("<", " <")) if html else value


def _result(source, obj, stems):
    texts = [_field_text(obj, name) for name in source.fields]
    body = next((t for t in texts if any(s in text.fold(t) for s in stems)), "")
    body = body or next((t for t in texts if t), "")
    date = getattr(obj, source.date) if source.date else None
    score = float(obj.score)
    return Result(
        kind=source.kind,
        label=source.label,
        title=_field_text(obj, source.title, html=False),
        url=source.url(obj),
        subtitle=source.subtitle(obj),
        snippet=text.snippet(body, stems),
        date=date,
        score=score,
        sort_key=(-score, SOURCES.index(source)),
    )
