"""Image renditions: the portal resizes uploaded images itself to the widths templates show."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

RENDITION_WIDTHS = (480, 960)
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


def validate_image_upload(upload):
    """Refuse files that are too big or that Pillow cannot read as an image."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            "La imagen pesa más de 8 MB. Redúzcala e inténtelo de nuevo.", code="too_big"
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError("La imagen tiene demasiados píxeles.", code="too_many_pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            "El archivo no es una imagen válida (se aceptan JPEG, PNG o WebP).",
            code="not_an_image",
        ) from exc
    finally:
        upload.seek(0)


def render_width(source, width: int) -> bytes:
    """Return `source` re-encoded as WebP, no wider than `width` pixels."""
    source.seek(0)
    with Image.open(source) as image:
        image = image.convert("RGB")
        if image.width > width:
            height = round(image.height * width / image.width)
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, format="WEBP", quality=80)
        return out.getvalue()


def rendition_files(image_field) -> dict[int, ContentFile]:
    """Build one WebP file per rendition width for an uploaded image field."""
    stem = PurePosixPath(image_field.name).stem[:60]
    return {
        width: ContentFile(render_width(image_field, width), name=f"{stem}-{width}.webp")
        for width in RENDITION_WIDTHS
    }
