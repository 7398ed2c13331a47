"""
`make bench` measures every kind of public page: each public URL of the URLconf is in the list
of scripts/bench_run.py, or below with the reason a benchmark cannot ask for it.
"""

import importlib.util
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# Pages a visitor reaches only after a step of their own (a secret code, a one-time link), and
# the staff's.
NOT_BENCHED = {
    "staff_two_factor": "la inscripción del segundo factor del personal, en el admin",
    "pqrsd:confirmation": "la constancia de una radicación: su enlace es de un solo uso",
    "pqrsd:status": "el estado de una solicitud: solo tras dar su código de consulta",
    "pqrsd:completion": "completar una solicitud: solo tras dar su código de consulta",
    "pqrsd:completion_extension": "pedir prórroga para completar: tras dar el código",
    "pqrsd:notification_consent": "autorizar la notificación por correo: tras dar el código",
    "pqrsd:notification_link": "el enlace de un correo de notificación, con su token",
    "pqrsd:attachment": "un adjunto: solo para quien dio el código de la solicitud",
}
# Addresses of the kinds the bench takes from its data set (the first item of each).
PLACEHOLDERS = {
    "<news>": "/noticias/una-noticia/",
    "<event>": "/eventos/un-evento/",
    "<document>": "/documentos/un-documento/",
    "<page>": "/paginas/una-pagina/",
    "<procedure>": "/tramites/un-tramite/",
    "<survey>": "/participa/encuestas/una-encuesta/",
    "<draft>": "/participa/proyectos/un-proyecto/",
}


def bench_pages():
    path = Path(__file__).resolve().parent.parent / "scripts" / "bench_run.py"
    spec = importlib.util.spec_from_file_location("bench_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PAGES


def public_url_names():
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern):
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_the_bench_measures_every_kind_of_public_page():
    benched = set()
    for _, path in bench_pages():
        if path.startswith("<"):
            placeholder, _, rest = path.partition(">")
            path = PLACEHOLDERS[placeholder + ">"] + rest
        benched.add(resolve(path.partition("?")[0]).view_name)
    missing = public_url_names() - benched - set(NOT_BENCHED)
    assert not missing, f"páginas públicas que make bench no mide: {sorted(missing)}"
    assert not benched & set(NOT_BENCHED)
