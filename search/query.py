"""
Site search over everything published: news, events, documents, pages, procedures and
officials. One query per kind, whatever the data, each through the model's `published()`
(or `Official.objects.active()`).

On PostgreSQL it uses full-text search with the Spanish configuration over unaccented text,
with titles weighted above bodies, matching through the GIN indexes of migration search/0002
(see SearchDocument) and ranking at most RANKED matches of a dated kind; each kind's query is
compiled once per process (see _compiled). On SQLite (development) it folds accents with the
UNACCENT() function registered in `search.apps`, strips simple Spanish plurals from the query
(`search.text`) and ranks matches in the title first.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, reduce
from operator import or_

from django.contrib.postgres.search import SearchQueryField, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from portal.models import Document, Event, NewsItem, Official, Page
from tramites.models import Procedure

from . import text

PER_KIND = 50
# On PostgreSQL, how many of a dated kind's matches are ranked (see _postgresql_matches);
# more than PER_KIND, so that a kind with more matches than it shows is still flagged.
RANKED = 200
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
    """
    One object found. Only the results of the page shown need a link, a subtitle and an
    excerpt, so those are computed when read: for all (up to 300) results, stripping the
    HTML and reversing the URLs took longer than the search itself.
    """

    kind: str
    label: str
    title: str
    date: object
    score: float
    sort_key: tuple = field(default=(), repr=False)
    source: Source | None = field(default=None, repr=False)
    obj: object = field(default=None, repr=False)
    stems: tuple = field(default=(), repr=False)

    @cached_property
    def url(self):
        return self.source.url(self.obj)

    @cached_property
    def subtitle(self):
        return self.source.subtitle(self.obj)

    @cached_property
    def snippet(self):
        """An excerpt of the first body field with a match, or else of the first one."""
        texts = [_plain_text(_field_value(self.obj, name)) for name in self.source.fields]
        body = next((t for t in texts if any(s in text.fold(t) for s in self.stems)), "")
        body = body or next((t for t in texts if t), "")
        return text.snippet(body, self.stems)


def directory_url(official):
    return f"{reverse('portal:directory')}?entidad={official.entity_slug}"


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
        lambda now: Official.objects.active().annotate(
            office_name=F("office__name"), entity_slug=F("office__entity__slug")
        ),
        "name",
        ("position", "office__name"),
        directory_url,
        None,
        lambda obj: f"{obj.position}, {obj.office_name}",
    ),
)


class SearchDocument(Func):
    """
    The Spanish full-text document of a title (weight A) and body fields (weight B), without
    accents: what SearchVector(Unaccent(title), weight="A") + SearchVector(...) computes,
    but through the IMMUTABLE `immutable_unaccent()` of migration search/0002, whose GIN
    indexes are this very SQL (change both together; tests/search/test_postgresql.py
    checks that they are used). These expressions are written out as SQL, rather than
    composed from SearchVector, SearchQuery and lookups, because building and compiling
    that composition for six queries took longer than running them.
    """

    output_field = SearchVectorField()

    def __init__(self, title, *body):
        super().__init__(F(title), *(F(name) for name in body))

    def as_sql(self, compiler, connection):
        columns, params = [], []
        for expression in self.get_source_expressions():
            sql, column_params = compiler.compile(expression)
            columns.append(f"COALESCE(immutable_unaccent({sql}), '')")
            params += column_params
        title, body = columns[0], columns[1:]
        sql = f"setweight(to_tsvector('{CONFIG}'::regconfig, {title}), 'A')"
        if body:
            body_sql = " || ' ' || ".join(body)
            sql = f"({sql} || setweight(to_tsvector('{CONFIG}'::regconfig, {body_sql}), 'B'))"
        return sql, params


class AllWords(Func):
    """
    The words as a query that needs all of them (after stemming; stop words dropped).

    In a sub-SELECT so the planner cannot see the words. If it could, then for a word in
    most rows it would compute the document of every row rather than read the index, as if
    reading the index still meant checking each row it returns (it does not).
    """

    template = f"(SELECT plainto_tsquery('{CONFIG}'::regconfig, %(expressions)s))"
    output_field = SearchQueryField()


class AnyWord(Func):
    """The words as a query that needs one of them: AllWords with OR instead of AND."""

    template = (
        f"(SELECT replace(plainto_tsquery('{CONFIG}'::regconfig, %(expressions)s)::text, "
        "' & ', ' | ')::tsquery)"
    )
    output_field = SearchQueryField()


class Matches(Func):
    """document @@ query, to filter on."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _may_match(source, model, words):
    """
    For a document with a field of another table (an official's office name), which no
    index can cover: rows with at least one of the words in their own fields or in that
    table, found through the index on their own fields. Every match is among them.
    """
    own = [name for name in source.fields if "__" not in name]
    own_document = SearchDocument(source.title, *own)
    may_match = Q(pk__in=model._base_manager.filter(Matches(own_document, AnyWord(words))))
    for name in source.fields:
        if "__" in name:
            relation, field_name = name.split("__")
            related = model._meta.get_field(relation).related_model._base_manager
            in_related = related.filter(Matches(SearchDocument(field_name), AnyWord(words)))
            may_match |= Q(**{f"{relation}__in": in_related})
    return may_match


def _postgresql_matches(source, queryset, words):
    """
    Matches come from the GIN indexes, but ranking computes each match's document again,
    most of the work when a common word matches thousands of news items. So for dated kinds
    only RANKED matches are ranked: those with the words in the title first (they rank
    above the rest), then the newest (they win ties). The directory, with no date and a few
    hundred rows, is ranked whole.
    """
    words = Value(" ".join(words))
    document = SearchDocument(source.title, *source.fields)
    title_document = SearchDocument(source.title)
    matches = queryset.filter(Matches(document, AllWords(words)))
    if any("__" in name for name in source.fields):
        matches = matches.filter(_may_match(source, queryset.model, words))
    if source.date:
        in_title = queryset.model._base_manager.filter(Matches(title_document, AllWords(words)))
        first = ExpressionWrapper(Q(pk__in=in_title), output_field=BooleanField())
        candidates = matches.order_by(first.desc(), f"-{source.date}", "-pk")
        matches = queryset.filter(pk__in=candidates.values("pk")[:RANKED])
    return matches.annotate(
        score=SearchRank(document, AllWords(words))
        + Case(When(Matches(title_document, AllWords(words)), then=Value(1.0)), default=Value(0.0))
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


# Stand-ins for the time and the words while a kind's query is compiled (see _compiled).
NOW_MARK = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
WORDS_MARK = "\x00palabras\x00"


@cache
def _compiled(source, ranked, per_kind):
    """
    The model, SQL and parameters of a kind's PostgreSQL search, with NOW_MARK and WORDS_MARK
    where the time and the words go. Only those change from one search to the next (the
    words are one parameter), and compiling the expressions above took longer than running
    the query, so each kind is compiled once per process, like a prepared statement.
    `ranked` and `per_kind` are the limits written into the SQL.
    """
    queryset = _postgresql_matches(source, source.queryset(NOW_MARK), [WORDS_MARK])
    order = ["-score", f"-{source.date}"] if source.date else ["-score"]
    sql, params = queryset.order_by(*order, "-pk")[: per_kind + 1].query.sql_with_params()
    if WORDS_MARK not in params:
        raise ValueError(f"The search of {source.kind} does not take the words as a parameter.")
    return queryset.model, sql, params


def _postgresql_search(source, now, words):
    """A kind's matches, best first, at most PER_KIND + 1, through its compiled SQL."""
    model, sql, params = _compiled(source, RANKED, PER_KIND)
    words = " ".join(words)
    params = [now if p == NOW_MARK else words if p == WORDS_MARK else p for p in params]
    return list(model._base_manager.raw(sql, params))


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
        if connection.vendor == "postgresql":
            found = _postgresql_search(source, now, words)
        else:
            queryset = _sqlite_matches(source, source.queryset(now), stems)
            order = ["-score", f"-{source.date}"] if source.date else ["-score"]
            found = list(queryset.order_by(*order, "-pk")[: PER_KIND + 1])
        if len(found) > PER_KIND:
            truncated.append(source.label)
        results += [_result(source, obj, stems) for obj in found[:PER_KIND]]
    results.sort(key=lambda r: r.sort_key)
    return results, truncated


def _field_value(obj, name):
    # A field of another table ("office__name") comes annotated as "office_name".
    return str(getattr(obj, name.replace("__", "_"), "") or "")


def _plain_text(html):
    # A space for each tag keeps "<p>uno</p><p>dos</p>" from reading "unodos".
    return strip_tags(html.replace("<", " <"))


def _result(source, obj, stems):
    score = float(obj.score)
    return Result(
        kind=source.kind,
        label=source.label,
        title=_field_value(obj, source.title),
        date=getattr(obj, source.date) if source.date else None,
        score=score,
        sort_key=(-score, SOURCES.index(source)),
        source=source,
        obj=obj,
        stems=tuple(stems),
    )
