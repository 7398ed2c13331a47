from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's unaccent extension for accent-insensitive search (nothing on SQLite)."""

    dependencies = []

    operations = [UnaccentExtension()]
