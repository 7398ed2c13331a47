"""Create the staff groups and their permissions (idempotent)."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Crea los grupos de funcionarios y sus permisos a partir de cada app."

    def handle(self, *args, **options):
        # Each app declares `staff_permissions = {group: {model: [actions]}}` on its AppConfig,
        # so this command knows no app but its own.
        wanted: dict[str, set[Permission]] = {}
        for config in apps.get_app_configs():
            for group_name, models in getattr(config, "staff_permissions", {}).items():
                for model_name, actions in models.items():
                    codenames = [f"{action}_{model_name}" for action in actions]
                    permissions = Permission.objects.filter(
                        content_type__app_label=config.label, codename__in=codenames
                    )
                    if permissions.count() != len(codenames):
                        raise ValueError(f"Permisos desconocidos en {config.label}: {codenames}")
                    wanted.setdefault(group_name, set()).update(permissions)
        for group_name, permissions in wanted.items():
            group, _ = Group.objects.get_or_create(name=group_name)
            group.permissions.set(permissions)
            self.stdout.write(f"Grupo «{group_name}»: {len(permissions)} permisos.")
