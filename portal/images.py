"""Image renditions: the portal resizes uploaded images itself to the widths templates show."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image

from .uploads import IMAGE_FORMATS, check_upload

RENDITION_WIDTHS = (480, 960)
NOT_AN_IMAGE = "El archivo no es una imagen válida (se aceptan JPEG, PNG o WebP)."
IMAGE_MESSAGES = {
    "too_big": "La imagen pesa más de 8 MB. Redúzcala e inténtelo de nuevo.",
    "bad_type": NOT_AN_IMAGE,
    "executable": NOT_AN_IMAGE,
    "bad_content": NOT_AN_IMAGE,
}


def validate_image_upload(upload):
    """A JPEG, PNG or WebP image of at most 8 MB, checked and re-encoded by `check_upload`."""
    check_upload(upload, extensions=IMAGE_FORMATS, max_mb=8, messages=IMAGE_MESSAGES)


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
