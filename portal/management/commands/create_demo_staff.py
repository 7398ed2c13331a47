"""Demo accounts: a superuser and one editor per entity. Never for production."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import Office, StaffProfile
from portal.roles import EDITORS_GROUP

DEMO_PASSWORD = "demo-puerto-guzman"
EDITORS = [
    # username, office slug, first name, last name
    ("editor.personeria", "personeria-municipal", "Editora", "de la Personería"),
    ("editor.alcaldia", "oficina-de-atencion-al-ciudadano", "Editor", "de la Alcaldía"),
]


class Command(BaseCommand):
    help = (
        "Crea las cuentas de demostración: el superusuario «admin» y los editores "
        "«editor.personeria» y «editor.alcaldia». Idempotente. Solo para la demo local."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Permite crear las cuentas aunque DEBUG esté apagado (nunca en producción).",
        )

    @transaction.atomic
    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Las cuentas de demostración tienen una clave pública: solo se crean con "
                "DEBUG=true (o con --allow-without-debug en una copia de prueba)."
            )
        if not Group.objects.filter(name=EDITORS_GROUP).exists():
            call_command("setup_roles", stdout=self.stdout)
        editors_group = Group.objects.get(name=EDITORS_GROUP)

        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"email": "admin@example.invalid", "is_staff": True, "is_superuser": True},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save(update_fields=["password"])

        for username, office_slug, first_name, last_name in EDITORS:
            office = Office.objects.filter(slug=office_slug).first()
            if office is None:
                raise CommandError(
                    f"No existe la dependencia «{office_slug}». Ejecute antes load_institution."
                )
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "last_name": last_name, "is_staff": True},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(editors_group)
            StaffProfile.objects.get_or_create(user=user, defaults={"office": office})

        self.stdout.write(
            "Cuentas de demostración (SOLO PARA LA DEMO LOCAL, nunca en producción):\n"
            f"  admin / {DEMO_PASSWORD}  (superusuario)\n"
            f"  editor.personeria / {DEMO_PASSWORD}  (editor de la Personería)\n"
            f"  editor.alcaldia / {DEMO_PASSWORD}  (editor de la Alcaldía)"
        )
