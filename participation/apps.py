from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participa: encuestas y proyectos normativos para comentarios"
