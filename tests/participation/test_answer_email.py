"""The entity's answer to a comment on a draft regulation reaches the commenter by e-mail."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from participation.models import Comment
from portal.models import OutboundEmail
from tests.portal.factories import make_office, make_staff_user

from .factories import make_draft
from .test_views import comment_data

pytestmark = pytest.mark.django_db


def _send():
    call_command("send_outbox", stdout=io.StringIO())


def test_a_citizens_comment_answered_in_the_admin_reaches_them_by_email(client):
    draft = make_draft(title="Proyecto de decreto de espacio público")
    client.post(draft.get_absolute_url(), comment_data(text="Pido andenes 🌳 más anchos"))
    comment = Comment.objects.get()
    editor = make_staff_user(make_office(draft.entity))
    client.force_login(editor)
    url = f"/admin/participation/comment/{comment.pk}/change/"

    # Approving it is not answering it: nothing is written to the commenter yet.
    client.post(url, {"moderation": "approved", "handling": "", "answer": ""})
    _send()
    assert mail.outbox == []

    response = client.post(
        url,
        {
            "moderation": "approved",
            "handling": "partly",
            "answer": "Se amplían los andenes del centro; los demás, en la siguiente fase.",
        },
        follow=True,
    )
    assert "La respuesta se enviará por correo a ana@example.com." in response.text
    assert mail.outbox == []  # only queued: the sender sends it, outside the request
    _send()
    (message,) = mail.outbox
    assert message.to == ["ana@example.com"]
    assert (
        message.subject
        == "Respuesta a su comentario sobre «Proyecto de decreto de espacio público»"
    )
    assert "Hola Ana María Jojoa:" in message.body
    assert "Pido andenes 🌳 más anchos" in message.body
    assert "Resultado: Aceptado parcialmente." in message.body
    assert "Se amplían los andenes del centro" in message.body
    assert f"http://testserver{draft.get_absolute_url()}" in message.body
    assert "&#" not in message.body and "&quot;" not in message.body  # plain text

    # Changing only the moderation sends nothing more; a corrected answer is sent again.
    client.post(
        url, {"moderation": "approved", "handling": "partly", "answer": comment_answer(comment)}
    )
    _send()
    assert len(mail.outbox) == 1
    client.post(url, {"moderation": "approved", "handling": "accepted", "answer": "Se acoge."})
    _send()
    assert len(mail.outbox) == 2
    assert "Se acoge." in mail.outbox[1].body
    assert OutboundEmail.objects.filter(reference=f"Comentario {comment.pk}").count() == 2


def comment_answer(comment):
    comment.refresh_from_db()
    return comment.answer


def test_an_invalid_answer_sends_nothing(client):
    draft = make_draft()
    client.post(draft.get_absolute_url(), comment_data())
    comment = Comment.objects.get()
    client.force_login(make_staff_user(make_office(draft.entity)))
    response = client.post(
        f"/admin/participation/comment/{comment.pk}/change/",
        {"moderation": "approved", "handling": "", "answer": "Gracias."},
    )
    assert "Indique cómo se tuvo en cuenta el comentario." in response.text
    assert not OutboundEmail.objects.exists()
