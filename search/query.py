"""
Site search over everything public: the portal's sections, procedures, news, events,
documents, pages, the directory (officials and offices), the entities (mission, vision, functions), the transparency
menus, surveys and draft regulations. One query per kind whatever the data, each through
`published()` (or `active()`; the entities and the transparency menus are always public).

On PostgreSQL, Spanish full-text search without accents (the `spanish_unaccent` configuration
of migration search/0004) over the vectors of `vectors()`: stored in each row for the kinds
that are `portal.models.Searchable` (search/vectors.py keeps them, GIN indexes of migration
search/0006), computed in the query for the three entities and the offices, with matches in
the title first, and when nothing matches, a spelling suggestion from the titles by trigram
similarity (pg_trgm, migration search/0005). On SQLite (development), every term in some field,
accents folded, and no suggestion.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import add, or_

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Model, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from participation.models import DraftRegulation, Survey
from portal.models import Document, Entity, Event, NewsItem, Office, Official, Page, Searchable
from portal.text import fold
from tramites.models import Procedure
from transparency.models import MenuItem

from . import text

PER_KIND = 50
# A dated kind ranks at most this many of its newest matches with the words in the title and
# as many of its newest matches overall, so a word found in every row ranks a bounded set.
RANKED = 200
CONFIG = "spanish_unaccent"
# The scope of a search limited to one section of the site (?seccion=transparencia).
TRANSPARENCY = "transparencia"
SCOPES = {TRANSPARENCY: "Transparencia"}
# How alike (pg_trgm word_similarity, 0 to 1) a title must be to what was typed to suggest it:
# "predail" and "Impuesto predial" share half their trigrams.
SUGGESTION_THRESHOLD = 0.45


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
    # Words the page shows as headings though they are not in the data ("Misión", "Visión"):
    # searching for them finds the page.
    keywords: str = ""
    # The section a limited search keeps (`SCOPES`), and the lookup of the entity's slug.
    scope: str = ""
    entity_slug: str = "entity__slug"
    # The order of equally good matches of a kind without a date (its own listing order).
    order: tuple[str, ...] = ("-pk",)

    @property
    def model(self):
        return self.queryset(None).model

    @property
    def stored(self):
        """Whether the rows keep their vectors (`portal.models.Searchable`)."""
        return issubclass(self.model, Searchable)


def directory_url(official):
    return f"{reverse('portal:directory')}?entidad={official.office.entity.slug}"


def office_url(office):
    return f"{reverse('portal:directory')}?dependencia={office.slug}"


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
        entity_slug="office__entity__slug",
    ),
    Source(
        "Dependencia",
        lambda now: Office.objects.select_related("entity"),
        "name",
        ("description", "location"),
        url=office_url,
        subtitle=lambda obj: obj.entity.name,
        order=("entity__order", "order", "name"),
    ),
    Source(
        "Entidad",
        lambda now: Entity.objects.all(),
        "name",
        ("mission", "vision", "functions", "objectives", "organigram_alt"),
        subtitle=lambda obj: obj.head_title,
        keywords="misión visión funciones deberes objetivos organigrama estructura orgánica",
        entity_slug="slug",
        order=("order", "name"),
    ),
    Source(
        "Transparencia",
        lambda now: MenuItem.objects.select_related("entity"),
        "label",
        ("description",),
        subtitle=lambda obj: f"Numeral {obj.code}, {obj.entity.name}",
        scope=TRANSPARENCY,
        order=("entity__order", "position"),
    ),
    Source(
        "Encuesta",
        lambda now: Survey.objects.published(now),
        "title",
        ("description",),
        "publish_at",
    ),
    Source(
        "Proyecto normativo",
        lambda now: DraftRegulation.objects.published(now),
        "title",
        ("summary",),
        "publish_at",
    ),
)


@dataclass(frozen=True)
class Section:
    """A section of the site, found by its name or the words of what it offers."""

    title: str
    url_name: str
    description: str
    words: str = ""


SECTIONS = (
    Section(
        "Transparencia y acceso a la información pública",
        "transparency:menu",
        "El menú de transparencia de la Alcaldía (Ley 1712 de 2014 y Resolución 1519 de 2020).",
        "ley 1712 ita",
    ),
    Section(
        "Trámites y servicios",
        "tramites:catalogue",
        "Requisitos, pasos, costos y formularios de cada trámite y servicio.",
        "tramite servicio opa",
    ),
    Section(
        "Peticiones, quejas, reclamos, sugerencias y denuncias (PQRSD)",
        "pqrsd:file",
        "Radique una solicitud en línea y reciba un número de radicado.",
        "pqr pqrs pqrsd derecho de peticion solicitud",
    ),
    Section(
        "Consultar una PQRSD",
        "pqrsd:track",
        "Siga su solicitud con el radicado y el código de consulta.",
        "pqr pqrs pqrsd radicado estado",
    ),
    Section(
        "Directorio de servidores públicos",
        "portal:directory",
        "Servidores públicos por entidad y dependencia, con su hoja de vida.",
        "funcionario contratista hoja de vida",
    ),
    Section(
        "Participa",
        "participation:index",
        "Encuestas y proyectos normativos abiertos a comentarios de la ciudadanía.",
        "participacion ciudadana encuesta comentario proyecto normativo",
    ),
    Section("Noticias", "portal:news_list", "Las noticias del municipio.", "noticia"),
    Section("Eventos", "portal:event_list", "El calendario de eventos.", "evento calendario"),
    Section(
        "Documentos",
        "portal:document_list",
        "Decretos, acuerdos, resoluciones, informes y planes.",
        "decreto acuerdo resolucion informe plan normatividad",
    ),
    Section(
        "Gobierno en Línea Territorial (GEL-T)",
        "gelt:public",
        "El plan de acción de gobierno digital del municipio y su avance.",
        "gobierno digital gel",
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

    @property
    def score(self):
        return self.obj.search_score

    @cached_property
    def snippet(self):
        """An excerpt of the first body field with a match, or else of the first one."""
        texts = [_plain_text(_value(self.obj, name)) for name in self.source.fields]
        found = next((t for t in texts if any(term in fold(t) for term in self.terms)), "")
        return text.snippet(found or next((t for t in texts if t), ""), self.terms)


@dataclass
class SectionResult:
    """A section of the site found by its name: shown first, above any single page."""

    section: Section
    terms: list[str]
    label = "Sección del portal"
    subtitle = ""
    score = 10.0

    @property
    def title(self):
        return self.section.title

    @property
    def url(self):
        return reverse(self.section.url_name)

    @property
    def snippet(self):
        return text.snippet(self.section.description, self.terms)


def sections_matching(terms):
    """
    The sections with a word, in their name or words, that starts with each term (the terms
    are stems: "tramit" finds "Trámites"). In Python: no query. Stop words alone find none.
    """
    if all(term in text.STOP_WORDS for term in terms):
        return []
    found = []
    for section in SECTIONS:
        words = text.WORD.findall(fold(f"{section.title} {section.words}"))
        if all(any(word.startswith(term) for word in words) for term in terms):
            found.append(SectionResult(section, terms))
    return found


def vectors(source, model=None):
    """
    The SearchVectors of a kind's title (weight A) and of its title and body (body B), as an
    UPDATE of the rows of `model` (the kind's own, or its historical version in a migration)
    can store them: a related field ("office__name") is read by a subquery.
    """
    model = model or source.model
    body = [_column(model, name) for name in source.fields]
    title = SearchVector(source.title, weight="A", config=CONFIG)
    document = title + SearchVector(*body, weight="B", config=CONFIG)
    if source.keywords:
        document += SearchVector(Value(source.keywords), weight="B", config=CONFIG)
    return title, document


def _column(model, name):
    if "__" not in name:
        return name
    relation, field = name.split("__", 1)
    related = model._meta.get_field(relation).related_model
    return Subquery(related._base_manager.filter(pk=OuterRef(relation)).values(field)[:1])


def _postgresql_matches(source, queryset, words):
    """
    The kind's matches, each with its `search_score`: its rank, plus one when the words are in
    the title. A dated kind gives the union of the two sets of newest matches of RANKED.
    """
    query = SearchQuery(words, search_type="websearch", config=CONFIG)
    if source.stored:
        title, document = F("search_title"), F("search_document")
    else:
        title, document = vectors(source)
    first = Case(When(title_vector=query, then=Value(1.0)), default=Value(0.0))
    matches = (
        queryset.alias(text_vector=document, title_vector=title)
        .filter(text_vector=query)
        .annotate(search_score=SearchRank(F("text_vector"), query) + first)
    )
    if source.date:
        newest = matches.order_by(f"-{source.date}")
        matches = newest.filter(title_vector=query)[:RANKED].union(newest[:RANKED])
    return matches


def _sqlite_matches(source, queryset, terms):
    in_some_field, in_title = Q(), Q()
    names = (source.title, *source.fields)
    if source.keywords:
        queryset = queryset.alias(search_keywords=Value(source.keywords))
        names += ("search_keywords",)
    for term in terms:
        in_some_field &= reduce(or_, (Q(**{f"{n}__unaccent__icontains": term}) for n in names))
        in_title &= Q(**{f"{source.title}__unaccent__icontains": term})
    return queryset.filter(in_some_field).annotate(
        search_score=Case(
            When(in_title, then=Value(2.0)), default=Value(1.0), output_field=FloatField()
        )
    )


def sources_of(scope=""):
    """The kinds a search covers: all of them, or those of one section (`SCOPES`)."""
    return [source for source in SOURCES if not scope or source.scope == scope]


def _queryset(source, now, entity):
    queryset = source.queryset(now)
    return queryset.filter(**{source.entity_slug: entity}) if entity else queryset


def search(words: str, now=None, *, scope="", entity=""):
    """
    Public objects matching `words`, best first, as Results (at most PER_KIND per kind), and
    the labels of the kinds that had more matches than that. `scope` limits the search to one
    section of the site (`SCOPES`), and `entity` (a slug) to one entity's content.
    """
    now = now or timezone.now()
    terms = text.terms(words)
    if not terms:
        return [], []
    results, truncated = [], []
    if not scope and not entity:
        results += sections_matching(terms)
    for source in sources_of(scope):
        queryset = _queryset(source, now, entity)
        if connection.vendor == "postgresql":
            matches = _postgresql_matches(source, queryset, words)
        else:
            matches = _sqlite_matches(source, queryset, terms)
        then = (f"-{source.date}", "-pk") if source.date else source.order
        found = list(matches.order_by("-search_score", *then)[: PER_KIND + 1])
        if len(found) > PER_KIND:
            truncated.append(source.label)
        results += [Result(source, obj, terms) for obj in found[:PER_KIND]]
    # Stable: within a score, the order of SOURCES, and each kind's own order.
    results.sort(key=lambda result: -result.score)
    return results, truncated


def suggest(words: str, now=None, *, scope="", entity=""):
    """
    On PostgreSQL, what the person probably meant to type, from the public title most like
    it: the one whose words are, on average over the words typed, most alike by pg_trgm's
    word similarity, without accents ("predail" -> "Impuesto predial"). Each word typed that
    is not in that title is then replaced by its most alike word ("predial"). One query per
    kind. None on SQLite, when nothing is alike enough, or when the words are already right.
    """
    typed = text.words_to_correct(words)
    if connection.vendor != "postgresql" or not typed:
        return None
    now = now or timezone.now()
    best_title, best_similarity = None, SUGGESTION_THRESHOLD
    for source in sources_of(scope):
        title = Unaccent(source.title)
        similarity = reduce(add, (TrigramWordSimilarity(word, title) for word in typed))
        found = (
            _queryset(source, now, entity)
            .annotate(search_similarity=similarity / len(typed))
            .filter(search_similarity__gte=best_similarity)
            .order_by("-search_similarity")
            .values_list(source.title, "search_similarity")[:1]
        )
        for title_found, similarity_found in found:
            if similarity_found > best_similarity:
                best_title, best_similarity = title_found, similarity_found
    if best_title is None:
        return None
    return text.correct(words, best_title)


def _value(obj, name):
    """A field's text, following relations ("office__name")."""
    return str(reduce(getattr, name.split("__"), obj) or "")


def _plain_text(html):
    # A space for each tag keeps "<p>uno</p><p>dos</p>" from reading "unodos".
    return strip_tags(html.replace("<", " <"))
