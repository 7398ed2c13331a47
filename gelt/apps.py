from django.apps import AppConfig


class GeltConfig(AppConfig):
    name = "gelt"
    verbose_name = "Gobierno en Línea Territorial (GEL-T)"
