"""Load the transparency menu of every sujeto obligado from transparency/data/menu.json."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import Document, Entity
from transparency.models import MenuItem, Source

MENU_FILE = Path(__file__).resolve().parents[2] / "data" / "menu.json"
# Each sujeto obligado publishes its own menu (Resolución 1519 de 2020, Anexo 2).
ENTITY_SLUGS = ("alcaldia", "personeria", "concejo")


def flatten(nodes, parent_code=None, depth=0, not_applicable_for=None):
    """The menu's nodes in official order as (node, parent_code, depth, not_applicable_for)."""
    for node in nodes:
        inherited = node.get("not_applicable_for", not_applicable_for) or {}
        yield node, parent_code, depth, inherited
        yield from flatten(node.get("children", []), node["code"], depth + 1, inherited)


def shipped_binding(node):
    """The item's shipped source of content as MenuItem fields (see docs/transparencia.md)."""
    binding = node.get("binding", {})
    fields = {}
    if binding.get("source"):
        fields["content_source"] = Source(binding["source"]).value
        fields["event_keyword"] = binding.get("event_keyword", "")
    if binding.get("document_kinds"):
        kinds = set(Document.Kind.values)
        if not set(binding["document_kinds"]) <= kinds:
            raise KeyError(f"tipo de documento desconocido en {node['code']}")
        fields["document_kinds"] = list(binding["document_kinds"])
    return fields


def read_menu(path=MENU_FILE):
    """The shipped menu as a flat list (see `flatten`)."""
    return list(flatten(json.loads(Path(path).read_text(encoding="utf-8"))["categories"]))


class Command(BaseCommand):
    help = (
        "Carga el menú de Transparencia (Anexo 2 de la Resolución 1519 de 2020) de la Alcaldía, "
        "la Personería y el Concejo, con el contenido del portal que alimenta cada ítem. Se puede "
        "repetir: nunca cambia los enlaces, la dependencia responsable, la razón de «no aplica» "
        "ni la fuente o los tipos de documento que haya elegido el personal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(MENU_FILE), help="Archivo JSON del menú.")

    def handle(self, *args, **options):
        try:
            rows = read_menu(options["file"])
            for node, *_ in rows:
                shipped_binding(node)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"No se pudo leer el menú: {error}") from error
        for slug in ENTITY_SLUGS:
            entity = Entity.objects.filter(slug=slug).first()
            if entity is None:
                self.stderr.write(
                    self.style.WARNING(
                        f"No existe la entidad «{slug}»: se omite su menú "
                        "(ejecute antes load_institution)."
                    )
                )
                continue
            created, updated = self.load(entity, rows)
            self.stdout.write(
                f"{entity.name}: {len(rows)} ítems del menú ({created} nuevos, {updated} "
                f"actualizados, {len(rows) - created - updated} sin cambios)."
            )

    @transaction.atomic
    def load(self, entity, rows):
        existing = {item.code: item for item in MenuItem.objects.filter(entity=entity)}
        items, created_count, updated_count = {}, 0, 0
        for position, (node, parent_code, depth, not_applicable_for) in enumerate(rows):
            shipped = {
                "parent_id": items[parent_code].pk if parent_code else None,
                "position": position,
                "depth": depth,
                "label": node["label"],
                "description": node.get("description", ""),
                "legal_basis": node.get("legal_basis", ""),
                "source": node.get("source", ""),
                "confidence": node.get("confidence", ""),
            }
            binding = shipped_binding(node)
            item = existing.get(node["code"])
            if item is None:
                # What staff may change is only set when the item is created.
                justification = not_applicable_for.get(entity.slug) or node.get(
                    "na_justification", ""
                )
                item = MenuItem.objects.create(
                    entity=entity,
                    code=node["code"],
                    applies=node.get("applies", True) and entity.slug not in not_applicable_for,
                    na_justification=justification,
                    update_frequency=node.get("update_frequency", MenuItem.Frequency.YEARLY),
                    **shipped,
                    **binding,
                )
                created_count += 1
            else:
                # A binding fills only what staff left empty: their choice is never overwritten.
                if not item.content_source and binding.get("content_source"):
                    shipped["content_source"] = binding["content_source"]
                    shipped["event_keyword"] = binding.get("event_keyword", "")
                if not item.document_kinds and binding.get("document_kinds"):
                    shipped["document_kinds"] = binding["document_kinds"]
                changed = [name for name, value in shipped.items() if getattr(item, name) != value]
                if changed:
                    for name in changed:
                        setattr(item, name, shipped[name])
                    item.save(update_fields=[name.removesuffix("_id") for name in changed])
                    updated_count += 1
            items[node["code"]] = item
        return created_count, updated_count
