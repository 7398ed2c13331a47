"""
The one check of every uploaded file: its size, its real type read from its content (which
must be what the name's extension says) and, for an image, a full decoding and re-encoding by
Pillow, so that what is stored is a plain image and nothing hidden in it.
"""

import zipfile
from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_PIXELS = 40_000_000
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97 and Excel 97 files
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip",
    "csv": "text/csv",
    "txt": "text/plain",
}
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
IMAGE_MODES = {
    "JPEG": ("RGB", "L"),
    "PNG": ("RGB", "RGBA", "L", "LA", "P"),
    "WEBP": ("RGB", "RGBA"),
}
MESSAGES = {
    "empty": "«%(name)s» está vacío.",
    "too_big": "«%(name)s» pesa %(size).1f MB; el máximo es %(max_mb)s MB por archivo.",
    "bad_type": "Tipo de archivo no permitido: «%(name)s».",
    "executable": "Los programas ejecutables no se pueden publicar.",
    "bad_content": "El contenido del archivo no corresponde a un %(type)s.",
    "too_many_pixels": "La imagen tiene demasiados píxeles.",
}


def check_upload(upload, *, extensions, max_mb, messages=None):
    """
    Refuse an upload that is empty, bigger than `max_mb`, named with an extension not in
    `extensions`, a program, or not what its extension says; re-encode an image in place.
    `messages` replaces some of MESSAGES (keys are the error codes). A file already stored
    was checked when it was uploaded.
    """
    uploaded = upload if isinstance(upload, UploadedFile) else upload.file
    if not isinstance(uploaded, UploadedFile):
        return
    messages = {**MESSAGES, **(messages or {})}
    name = PurePosixPath(upload.name or "archivo").name
    extension = PurePosixPath(name).suffix.lower().removeprefix(".")
    size = upload.size / 1048576
    params = {"name": name[:100], "size": size, "max_mb": max_mb, "type": extension.upper()}

    def refuse(code):
        return ValidationError(messages[code], code=code, params=params)

    if not upload.size:
        raise refuse("empty")
    if upload.size > max_mb * 1048576:
        raise refuse("too_big")
    if extension not in extensions:
        raise refuse("bad_type")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    found = content_extensions(head, upload)
    if head.startswith((b"MZ", b"\x7fELF")) and "txt" not in found:
        raise refuse("executable")
    if extension not in found:
        raise refuse("bad_content")
    if extension in IMAGE_FORMATS:
        try:
            with Image.open(upload) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise refuse("too_many_pixels")
                data = reencode(image, IMAGE_FORMATS[extension])
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
            raise refuse("bad_content") from exc
        upload.seek(0)
        upload.truncate()
        upload.write(data)
        upload.flush()  # a large upload is a temporary file that storage moves as it is
        upload.seek(0)
        uploaded.size = len(data)
    uploaded.content_type = CONTENT_TYPES[extension]


def content_extensions(head, upload):
    """The extensions a file may carry, going by its first bytes (and a zip's contents)."""
    if head.startswith(b"%PDF"):
        return {"pdf"}
    if head.startswith(b"\xff\xd8\xff"):
        return {"jpg", "jpeg"}
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return {"png"}
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return {"webp"}
    if head.startswith(OLE):
        return {"doc", "xls"}
    if head.startswith(b"PK\x03\x04"):
        return zip_extensions(upload)
    if not any(byte < 32 and byte not in b"\t\n\f\r" for byte in head):
        return {"txt", "csv"}
    return set()


def zip_extensions(upload):
    """ "zip" for a readable archive, plus the office format it holds, if any."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return set()
    finally:
        upload.seek(0)
    found = {"zip"}
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            found.add("docx")
        if any(n.startswith("xl/") for n in names):
            found.add("xlsx")
    found |= {
        b"application/vnd.oasis.opendocument.text": {"odt"},
        b"application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    }.get(mimetype.strip(), set())
    return found


def reencode(image, image_format):
    """The image decoded in full and written again in its format, upright, without metadata."""
    image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode not in IMAGE_MODES[image_format]:
        image = image.convert("RGB" if image_format == "JPEG" else "RGBA")
    out = BytesIO()
    image.save(out, format=image_format, quality=90)
    return out.getvalue()
