"""Real files of each format, small, for the upload tests."""

import io
import zipfile

from PIL import Image

OFFICE_MEMBERS = {
    "docx": {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"},
    "xlsx": {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"},
    "odt": {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"},
    "ods": {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
    "zip": {"acta.txt": "Acta"},
}


def office_file(kind):
    """A minimal Word, Excel or OpenDocument file (a zip with the members that say which)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in OFFICE_MEMBERS[kind].items():
            archive.writestr(name, text)
    return buffer.getvalue()


def image_bytes(fmt="PNG", size=(60, 40), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, "#2e6b3a" if mode == "RGB" else 0).save(
        buffer, format=fmt, **save_options
    )
    return buffer.getvalue()
