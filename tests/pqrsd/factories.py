"""Builders of PQRSD data for tests: they go through pqrsd.filing like the real site does."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from pqrsd.filing import file_request
from tests.uploads import image_bytes

_seq = itertools.count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = image_bytes("PNG")


def pdf_upload(name="soporte.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, "application/pdf")


def request_data(**overrides):
    n = next(_seq)
    data = {
        "request_type": "peticion",
        "subject": f"Arreglo de la vía {n}",
        "description": "La vía a la vereda está intransitable.",
        "is_anonymous": False,
        "person_kind": "natural",
        "document_type": "CC",
        "document_number": f"1120{n:06d}",
        "name": "María Fernanda Muñoz",
        "email": f"ciudadana{n}@example.com",
        "phone": "3201234567",
        "address": "Calle 5 # 3-20, Barrio Centro",
        "answer_channel": "correo",
    }
    data.update(overrides)
    return data


def form_post(**overrides):
    """What a citizen's browser posts to the filing form (tokens are the caller's)."""
    data = {**request_data(), "data_consent": "on", "website": ""}
    del data["is_anonymous"]
    data.update(overrides)
    return data


def make_request(*, files=(), channel="web", user=None, now=None, submission_key=None, **data):
    """A filed request; returns (request, tracking_code)."""
    result = file_request(
        data=request_data(**data),
        files=files,
        channel=channel,
        user=user,
        now=now,
        submission_key=submission_key,
    )
    return result.request, result.tracking_code
