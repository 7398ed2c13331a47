"""The one upload check: size, type by content, images re-encoded."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db.models import FileField
from PIL import Image

from portal.images import NOT_AN_IMAGE
from portal.uploads import check_upload
from tests.portal.factories import make_entity
from tests.uploads import image_bytes, office_file

EVERYTHING = {"pdf", "jpg", "jpeg", "png", "webp", "doc", "xls", "docx", "xlsx", "odt", "ods"}
EVERYTHING |= {"zip", "csv", "txt"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


def refusal(name, content, *, extensions=EVERYTHING, max_mb=1, messages=None):
    """The error code and message for `content` uploaded as `name`, or None when accepted."""
    upload = SimpleUploadedFile(name, content)
    try:
        check_upload(upload, extensions=extensions, max_mb=max_mb, messages=messages)
    except ValidationError as error:
        return error.code, error.messages[0]
    return None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("acta.pdf", b"%PDF-1.7\n%%EOF\n"),
        ("ACTA.PDF", b"%PDF-1.4"),
        ("informe.docx", office_file("docx")),
        ("presupuesto.xlsx", office_file("xlsx")),
        ("plan.odt", office_file("odt")),
        ("tabla.ods", office_file("ods")),
        ("anexos.zip", office_file("zip")),
        ("anexos.zip", office_file("docx")),  # any readable archive may be called .zip
        ("viejo.doc", OLE),
        ("viejo.xls", OLE),
        ("datos.csv", "año;valor\nañejo;1\n".encode("latin-1")),
        ("nota.txt", "Texto con tildes: ñandú 🙂".encode()),
        ("direcciones.csv", b"MZ 4 CS 12;Barrio El Carmen\n"),  # "manzana", not a program
        ("foto.jpg", image_bytes("JPEG")),
        ("foto.jpeg", image_bytes("JPEG")),
        ("foto.png", image_bytes("PNG")),
        ("foto.webp", image_bytes("WEBP")),
        ("Resolución nº 5 — año 2026 🙂.pdf", b"%PDF-1.4"),
        ("Acta " + "muy " * 60 + "larga.pdf", b"%PDF-1.4"),
    ],
)
def test_files_whose_content_is_what_their_name_says_are_accepted(name, content):
    assert refusal(name, content) is None


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("vacio.pdf", b"", "empty"),
        ("sin-extension", b"%PDF-1.4", "bad_type"),
        (".pdf", b"%PDF-1.4", "bad_type"),
        ("pagina.html", b"<html></html>", "bad_type"),
        ("acta.pdf.exe", b"MZ\x90\x00", "bad_type"),
        ("factura.pdf", b"MZ\x90\x00" + b"\x00" * 60, "executable"),
        ("nota.txt", b"\x7fELF\x02\x01\x01", "executable"),
        ("foto.pdf", image_bytes("PNG"), "bad_content"),
        ("acta.docx", b"%PDF-1.4", "bad_content"),
        ("hoja.xlsx", office_file("docx"), "bad_content"),
        ("hoja.xlsx", b"PK\x03\x04 roto", "bad_content"),
        ("plan.odt", office_file("ods"), "bad_content"),
        ("foto.png", image_bytes("JPEG"), "bad_content"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "bad_content"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "bad_content"),
        ("nota.txt", b"texto\x00binario", "bad_content"),
        ("😀.txt", bytes(range(256)), "bad_content"),
    ],
)
def test_files_not_what_their_name_says_are_refused(name, content, code):
    assert refusal(name, content)[0] == code


def test_size_is_checked_before_reading_and_the_message_gives_it():
    code, message = refusal("grande.pdf", b"%PDF" + b"0" * 1024 * 1024)
    assert code == "too_big"
    assert message == "«grande.pdf» pesa 1.0 MB; el máximo es 1 MB por archivo."


def test_each_field_words_its_own_messages():
    messages = {"bad_type": "Use PDF.", "bad_content": "El archivo no es un %(type)s válido."}
    assert refusal("a.doc", OLE, extensions={"pdf"}, messages=messages) == ("bad_type", "Use PDF.")
    assert refusal("a.pdf", b"hola", extensions={"pdf"}, messages=messages) == (
        "bad_content",
        "El archivo no es un PDF válido.",
    )
    assert refusal("ñandú 🙂.txt", b"") == ("empty", "«ñandú 🙂.txt» está vacío.")


def test_images_are_re_encoded_without_their_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Cámara del secreto"  # the maker tag
    exif[0x0112] = 6  # "rotate 90°": the stored image is turned upright
    content = image_bytes("JPEG", size=(60, 40), exif=exif) + b"<?php echo 'cola'; ?>"
    upload = SimpleUploadedFile("foto.jpg", content, "application/octet-stream")

    check_upload(upload, extensions={"jpg"}, max_mb=1)

    stored = upload.read()
    assert b"php" not in stored and b"secreto" not in stored
    assert upload.size == len(stored)
    assert upload.content_type == "image/jpeg"
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("JPEG", (40, 60))
        assert not image.getexif()


def test_a_large_upload_kept_in_a_temporary_file_is_re_encoded_in_that_file():
    upload = TemporaryUploadedFile("foto.png", "image/png", 0, None)
    upload.write(image_bytes("PNG", mode="P") + b"\x00" * 1000)
    upload.size = upload.tell()
    check_upload(upload, extensions={"png"}, max_mb=1)
    with open(upload.temporary_file_path(), "rb") as stored:
        data = stored.read()
    assert len(data) == upload.size
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
    upload.close()


def test_too_many_pixels_are_refused_before_decoding():
    huge = image_bytes("PNG", size=(8000, 6000), mode="1")  # small file, 48 million pixels
    assert refusal("mapa.png", huge)[0] == "too_many_pixels"


def test_every_upload_field_of_the_admin_runs_the_check():
    """PQRSD attachments come only through the filing forms, which run it themselves."""
    unchecked = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField) and field.editable and not field.validators
    }
    assert unchecked == {"pqrsd.Attachment.file"}


@pytest.mark.django_db
def test_an_entity_organigram_must_be_a_real_image():
    entity = make_entity()
    entity.organigram = SimpleUploadedFile("organigrama.png", b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValidationError) as error:
        entity.full_clean()
    assert error.value.message_dict["organigram"] == [NOT_AN_IMAGE]
