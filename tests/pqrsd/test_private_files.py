"""PQRSD attachments are private files: owner and group only, served only by the checked view."""

import os
import re
import stat

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from pqrsd.models import Attachment
from tests.portal.factories import make_document

from .factories import PDF_BYTES, form_post, make_request, pdf_upload

pytestmark = pytest.mark.django_db


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _large_pdf(name="escrito.pdf"):
    """An upload above FILE_UPLOAD_MAX_MEMORY_SIZE: Django keeps it in a temporary file."""
    upload = TemporaryUploadedFile(name, "application/pdf", 0, None)
    upload.write(PDF_BYTES + b"%" + b"0" * (3 * 1024 * 1024))
    upload.size = upload.tell()
    upload.seek(0)
    return upload


def test_attachments_are_written_for_the_owner_and_group_only(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privado"
    request, _ = make_request(files=[pdf_upload(), _large_pdf()])
    files = list(request.attachments.all())
    assert len(files) == 2
    for attachment in files:
        assert _mode(attachment.file.path) == 0o640, attachment.file.path
        assert _mode(os.path.dirname(attachment.file.path)) == 0o750
        assert not _mode(attachment.file.path) & stat.S_IROTH


def test_public_media_keep_their_readable_mode(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = make_document()
    assert _mode(document.file.path) == settings.FILE_UPLOAD_PERMISSIONS == 0o644


def test_attachments_are_served_only_by_the_checked_view(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privado"
    citizen = Client()
    token = re.search(r'name="form_token" value="([^"]+)"', citizen.get("/pqrsd/").text)[1]
    filed = citizen.post(
        "/pqrsd/",
        {**form_post(form_token=token), "attachments": pdf_upload("cédula.pdf")},
        follow=True,  # to the confirmation, as the browser does
    )
    assert "quedó radicada" in filed.text
    attachment = Attachment.objects.get()
    # Not under MEDIA_ROOT, and the media address serves nothing.
    assert not str(attachment.file.path).startswith(str(settings.MEDIA_ROOT))
    assert Client().get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404
    assert Client().get(f"/private_media/{attachment.file.name}").status_code == 404

    url = reverse("pqrsd:attachment", args=[attachment.pk])
    assert Client().get(url).status_code == 403  # a stranger
    response = citizen.get(url)  # the requester, who proved the code in this session
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
