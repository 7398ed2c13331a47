from django.apps import AppConfig


class PqrsdConfig(AppConfig):
    name = "pqrsd"
    verbose_name = "PQRSD: peticiones, quejas, reclamos, sugerencias y denuncias"
