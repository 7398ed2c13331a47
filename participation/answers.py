"""The entity's answer to a comment reaches the commenter by e-mail, through the outbox."""

from django.template.loader import render_to_string

from portal.outbox import queue_email


def queue_answer_email(comment, *, draft_url):
    """
    Write the answer to the commenter's address (the form promises it), in the caller's
    transaction; `send_outbox` sends it. None when there is no answer or no address.
    """
    if not comment.answer.strip() or not comment.email:
        return None
    draft = comment.draft
    body = render_to_string(
        "participation/email/comment_answer.txt",
        {"comment": comment, "draft": draft, "entity": draft.entity, "draft_url": draft_url},
    )
    return queue_email(
        to=comment.email,
        subject=f"Respuesta a su comentario sobre «{draft.title}»",
        body=body,
        reference=f"Comentario {comment.pk}",
    )
