"""
Site search over everything published: procedures, news, events, documents, pages and the
directory, one query per kind whatever the data, each through `published()` (or `active()`).

On PostgreSQL, Spanish full-text search without accents (the `spanish_unaccent` configuration
of migration search/0004, whose GIN indexes cover the vectors of `vectors()`), with matches in
the title first. On SQLite (development), every term in some field, accents folded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, FloatField, Model, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from portal.models import Document, Event, NewsItem, Official, Page
from portal.text import fold
from tramites.models import Procedure

from . import text

PER_KIND = 50
# A dated kind ranks at most this many of its newest matches with the words in the title and
# as many of its newest matches overall, so a word found in every row ranks a bounded set.
RANKED = 200
CONFIG = "spanish_unaccent"


def absolute_url(obj):
    return obj.get_absolute_url()


@dataclass(frozen=True)
class Source:
    """One kind of published content and how to search and show it."""

    label: str
    queryset: Callable
    title: str
    fields: tuple[str, ...]
    date: str | None = None
    url: Callable = absolute_url
    subtitle: Callable = lambda obj: ""


def directory_url(official):
    return f"{reverse('portal:directory')}?entidad={official.office.entity.slug}"


SOURCES = (
    Source(
        "Trámite o servicio",
        lambda now: Procedure.objects.published(now),
        "name",
        ("purpose", "who_may_ask", "result"),
        "updated_at",
    ),
    Source(
        "Noticia",
        lambda now: NewsItem.objects.published(now),
        "title",
        ("summary", "body"),
        "publish_at",
    ),
    Source(
        "Evento",
        lambda now: Event.objects.published(now),
        "title",
        ("summary", "body", "location"),
        "starts_at",
    ),
    Source(
        "Documento",
        lambda now: Document.objects.published(now),
        "title",
        ("number", "description"),
        "issued_on",
        subtitle=lambda obj: f"{obj.get_kind_display()} {obj.number}".strip(),
    ),
    Source(
        "Página",
        lambda now: Page.objects.published(now),
        "title",
        ("summary", "body"),
        "updated_at",
    ),
    Source(
        "Servidor público",
        lambda now: Official.objects.active().select_related("office__entity"),
        "name",
        ("position", "office__name"),
        url=directory_url,
        subtitle=lambda obj: f"{obj.position}, {obj.office.name}",
    ),
)


@dataclass
class Result:
    """One object found and what the results page shows of it."""

    source: Source
    obj: Model
    terms: list[str]

    @property
    def label(self):
        return self.source.label

    @property
    def title(self):
        return _value(self.obj, self.source.title)

    @property
    def url(self):
        return self.source.url(self.obj)

    @property
    def subtitle(self):
        return self.source.subtitle(self.obj)

    @cached_property
    def snippet(self):
        """An excerpt of the first body field with a match, or else of the first one."""
        texts = [_plain_text(_value(self.obj, name)) for name in self.source.fields]
        found = next((t for t in texts if any(term in fold(t) for term in self.terms)), "")
        return text.snippet(found or next((t for t in texts if t), ""), self.terms)


def vectors(source):
    """The SearchVectors of a kind's title (weight A) and of its title and body (body B)."""
    title = SearchVector(source.title, weight="A", config=CONFIG)
    return title, title + SearchVector(*source.fields, weight="B", config=CONFIG)


def _postgresql_matches(source, queryset, words):
    query = SearchQuery(words, search_type="websearch", config=CONFIG)
    title, document = vectors(source)
    matches = queryset.alias(document=document).filter(document=query)
    if source.date:
        newest = f"-{source.date}"
        in_title = matches.alias(title_vector=title).filter(title_vector=query).order_by(newest)
        newest_matches = matches.order_by(newest).values("pk")[:RANKED]
        matches = queryset.filter(pk__in=in_title.values("pk")[:RANKED].union(newest_matches))
    first = Case(When(title_vector=query, then=Value(1.0)), default=Value(0.0))
    return matches.alias(title_vector=title).annotate(score=SearchRank(document, query) + first)


def _sqlite_matches(source, queryset, terms):
    in_some_field, in_title = Q(), Q()
    for term in terms:
        names = (source.title, *source.fields)
        in_some_field &= reduce(or_, (Q(**{f"{n}__unaccent__icontains": term}) for n in names))
        in_title &= Q(**{f"{source.title}__unaccent__icontains": term})
    return queryset.filter(in_some_field).annotate(
        score=Case(When(in_title, then=Value(2.0)), default=Value(1.0), output_field=FloatField())
    )


def search(words: str, now=None):
    """
    Published objects matching `words`, best first, as Results (at most PER_KIND per kind),
    and the labels of the kinds that had more matches than that.
    """
    now = now or timezone.now()
    terms = text.terms(words)
    if not terms:
        return [], []
    results, truncated = [], []
    for source in SOURCES:
        if connection.vendor == "postgresql":
            matches = _postgresql_matches(source, source.queryset(now), words)
        else:
            matches = _sqlite_matches(source, source.queryset(now), terms)
        order = ["-score", f"-{source.date}"] if source.date else ["-score"]
        found = list(matches.order_by(*order, "-pk")[: PER_KIND + 1])
        if len(found) > PER_KIND:
            truncated.append(source.label)
        results += [Result(source, obj, terms) for obj in found[:PER_KIND]]
    # Stable: within a score, the order of SOURCES, and each kind's own order.
    results.sort(key=lambda result: -result.obj.score)
    return results, truncated


def _value(obj, name):
    """A field's text, following relations ("office__name")."""
    return str(reduce(getattr, name.split("__"), obj) or "")


def _plain_text(html):
    # A space for each tag keeps "<p>uno</p><p>dos</p>" from reading "unodos".
    return strip_tags(html.replace("<", " <"))
