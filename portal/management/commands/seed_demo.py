"""Demo content for the three entities, marked «(demo)». Idempotent; --scale N adds bulk data."""

import datetime
import json
import secrets
import textwrap
import time
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from portal.models import (
    AlertBanner,
    Contractor,
    Document,
    Entity,
    Event,
    NewsItem,
    Office,
    Official,
    Page,
    Status,
)
from portal.richtext import sanitize_html

from .load_institution import DATA_DIR

DEMO_IMAGE_ALT = "Ilustración de demostración: franjas de cielo, selva y río."


def demo_pdf(title: str) -> bytes:
    """A valid one-page PDF showing `title`, written by hand so no PDF library is needed."""
    lines = ["Municipio de Puerto Guzman - Putumayo", "", *textwrap.wrap(title, 80)]
    lines += ["", "Documento de demostración: no es un acto administrativo real."]
    escaped = (line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines)
    text = "\n".join(f"({line}) Tj T*" for line in escaped)
    content = f"BT /F1 12 Tf 72 740 Td 16 TL\n{text}\nET".encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(pdf)


def demo_image(variant: int) -> bytes:
    """A 1200×675 JPEG of flat bands (sky, forest, river), drawn with Pillow."""
    image = Image.new("RGB", (1200, 675), "#9cc9e8")
    draw = ImageDraw.Draw(image)
    forest_top = 230 + 40 * (variant % 3)
    draw.rectangle((0, forest_top, 1200, 470), fill="#2e6b3a")
    draw.rectangle((0, 470, 1200, 600), fill="#3f7fa6")
    draw.rectangle((0, 600, 1200, 675), fill="#8a6b3d")
    draw.ellipse((950, 60, 1070, 180), fill="#f3d36b")
    out = BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def local_datetime(days: int, hour: int = 9) -> datetime.datetime:
    """Today (in the portal's time zone) plus `days`, at `hour` o'clock, as an aware datetime."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Command(BaseCommand):
    help = (
        "Crea contenido de demostración marcado «(demo)»: noticias, eventos, documentos, "
        "páginas, directorio y una alerta. Idempotente. Con --scale N agrega N noticias, N/5 "
        "documentos, N/10 eventos, N/20 servidores y N/50 páginas para pruebas de carga."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, metavar="N")

    def handle(self, *args, scale=0, **options):
        if scale < 0:
            raise CommandError("--scale debe ser un número positivo.")
        if not Entity.objects.exists():
            call_command("load_institution", stdout=self.stdout)
        self.entities = {entity.slug: entity for entity in Entity.objects.all()}
        self.offices = {office.slug: office for office in Office.objects.all()}
        if scale:
            self.seed_scale(scale)
        else:
            self.seed_content(json.loads((DATA_DIR / "demo.json").read_text(encoding="utf-8")))

    @transaction.atomic
    def seed_content(self, data):
        created = dict.fromkeys(
            ["noticias", "eventos", "documentos", "páginas", "servidores", "contratistas"], 0
        )
        for variant, row in enumerate(data["news"]):
            created["noticias"] += self.news(row, local_datetime(-row["days_ago"], 8), variant)
        created["noticias"] += self.news(data["draft_news"], timezone.now(), status=Status.DRAFT)
        scheduled = data["scheduled_news"]
        created["noticias"] += self.news(scheduled, local_datetime(scheduled["days_ahead"], 7))

        for row in data["events"]:
            slug = slugify(row["title"])[:80]
            starts_at = local_datetime(row["days"], row["hour"])
            _, was_created = Event.objects.get_or_create(
                slug=slug,
                defaults={
                    "entity": self.entities[row["entity"]],
                    "status": Status.PUBLISHED,
                    "publish_at": min(timezone.now(), starts_at - datetime.timedelta(days=15)),
                    "title": row["title"],
                    "summary": row["summary"],
                    "location": row["location"],
                    "starts_at": starts_at,
                    "ends_at": starts_at + datetime.timedelta(hours=row["hours"]),
                },
            )
            created["eventos"] += was_created

        for row in data["documents"]:
            kind = Document.Kind(row["kind"])
            slug = slugify(f"{kind.label} {row['number']} {row['title']}")[:80]
            if Document.objects.filter(slug=slug).exists():
                continue
            Document.objects.create(
                slug=slug,
                entity=self.entities[row["entity"]],
                status=Status.PUBLISHED,
                kind=kind,
                number=row["number"],
                issued_on=datetime.date.fromisoformat(row["issued_on"]),
                title=row["title"],
                description=row["description"],
                file=ContentFile(demo_pdf(row["title"]), name=f"{slug[:60]}.pdf"),
            )
            created["documentos"] += 1

        for row in data["pages"]:
            created["páginas"] += self.page_tree(row, self.entities[row["entity"]], parent=None)

        for row in data["officials"]:
            values = dict(row)
            office = self.offices[values.pop("office")]
            _, was_created = Official.objects.get_or_create(
                office=office, name=values.pop("name"), defaults=values
            )
            created["servidores"] += was_created

        for row in data.get("contractors", []):
            values = dict(row)
            office = self.offices[values.pop("office")]
            _, was_created = Contractor.objects.get_or_create(
                office=office, contract_number=values.pop("contract_number"), defaults=values
            )
            created["contratistas"] += was_created

        alert = data["alert"]
        AlertBanner.objects.get_or_create(
            message=alert["message"],
            defaults={
                "entity": self.entities[alert["entity"]],
                "level": alert["level"],
                "starts_at": timezone.now(),
                "ends_at": timezone.now() + datetime.timedelta(days=alert["days"]),
            },
        )
        summary = ", ".join(f"{name}: {count} nuevos" for name, count in created.items())
        self.stdout.write(f"Contenido de demostración listo ({summary}).")

    def news(self, row, publish_at, variant=0, status=Status.PUBLISHED):
        slug = slugify(row["title"])[:80]
        if NewsItem.objects.filter(slug=slug).exists():
            return 0
        item = NewsItem(
            slug=slug,
            entity=self.entities[row["entity"]],
            status=status,
            publish_at=publish_at,
            title=row["title"],
            summary=row["summary"],
            body=row["body"],
        )
        if row.get("image"):
            item.image = ContentFile(demo_image(variant), name=f"{slug[:60]}.jpg")
            item.image_alt = DEMO_IMAGE_ALT
        item.save()
        return 1

    def page_tree(self, row, entity, parent):
        page, was_created = Page.objects.get_or_create(
            slug=slugify(row["title"])[:80],
            defaults={
                "entity": entity,
                "parent": parent,
                "status": Status.PUBLISHED,
                "title": row["title"],
                "summary": row["summary"],
                "body": row["body"],
                "order": row["order"],
            },
        )
        return was_created + sum(
            self.page_tree(child, entity, page) for child in row.get("children", [])
        )

    @transaction.atomic
    def seed_scale(self, n):
        """Bulk rows for load tests: slugs precomputed, rich text sanitised once."""
        started = time.monotonic()
        batch = secrets.token_hex(3)  # a fresh prefix, so every run adds rows
        entities = list(self.entities.values())
        offices = list(self.offices.values())
        now = timezone.now()
        body = sanitize_html(
            "<p>Contenido generado para pruebas de carga del portal (demo).</p>"
            "<p>Incluye <strong>texto enriquecido</strong> y una lista:</p>"
            "<ul><li>primer punto</li><li>segundo punto</li></ul>"
        )
        pdf_name = default_storage.save(
            f"documentos/demo/carga-{batch}.pdf", ContentFile(demo_pdf("Documento de carga"))
        )

        def publishable(i, **fields):
            return {
                "entity": entities[i % len(entities)],
                # One in twenty is a draft, so the published() filter has work to do.
                "status": Status.DRAFT if i % 20 == 0 else Status.PUBLISHED,
                "publish_at": now - datetime.timedelta(minutes=i),
                **fields,
            }

        NewsItem.objects.bulk_create(
            (
                NewsItem(
                    **publishable(
                        i,
                        title=f"Noticia de carga número {i} (demo)",
                        slug=f"carga-{batch}-noticia-{i}",
                        summary=f"Resumen de la noticia de carga número {i}.",
                        body=body,
                    )
                )
                for i in range(1, n + 1)
            ),
            batch_size=1000,
        )
        kinds = list(Document.Kind)
        Document.objects.bulk_create(
            (
                Document(
                    **publishable(
                        i,
                        title=f"Documento de carga número {i} (demo)",
                        slug=f"carga-{batch}-documento-{i}",
                        kind=kinds[i % len(kinds)],
                        number=f"{i:04d} de {2010 + i % 17}",
                        issued_on=datetime.date(2010 + i % 17, 1 + i % 12, 1 + i % 28),
                        file=pdf_name,
                    )
                )
                for i in range(1, n // 5 + 1)
            ),
            batch_size=1000,
        )
        Event.objects.bulk_create(
            (
                Event(
                    **publishable(
                        i,
                        title=f"Evento de carga número {i} (demo)",
                        slug=f"carga-{batch}-evento-{i}",
                        summary="Evento generado para pruebas de carga.",
                        location="Coliseo municipal",
                        starts_at=now + datetime.timedelta(days=i % 360 - 180, hours=i % 24),
                    )
                )
                for i in range(1, n // 10 + 1)
            ),
            batch_size=1000,
        )
        Page.objects.bulk_create(
            (
                Page(
                    **publishable(
                        i,
                        title=f"Página de carga número {i} (demo)",
                        slug=f"carga-{batch}-pagina-{i}",
                        body=body,
                        order=100 + i % 100,
                    )
                )
                for i in range(1, n // 50 + 1)
            ),
            batch_size=1000,
        )
        if offices:
            Official.objects.bulk_create(
                (
                    Official(
                        office=offices[i % len(offices)],
                        name=f"Servidor de carga {batch}-{i} (demo)",
                        position="Profesional universitario",
                        order=100 + i % 100,
                    )
                    for i in range(1, n // 20 + 1)
                ),
                batch_size=1000,
            )
        self.stdout.write(
            f"Datos de carga: {n} noticias, {n // 5} documentos, {n // 10} eventos, "
            f"{n // 50} páginas, {n // 20 if offices else 0} servidores "
            f"en {time.monotonic() - started:.1f} s."
        )
