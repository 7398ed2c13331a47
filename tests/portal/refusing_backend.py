"""A mail backend for tests: a server that refuses some addresses and delivers the rest."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = [to for to in message.to if to.startswith("rechazado")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"No existe")))
        return super().send_messages(messages)
