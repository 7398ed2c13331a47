"""The systemd units of deploy/ run management commands that exist (the outbox's sender too)."""

import re

from django.core.management import get_commands

from tests.servers import BASE_DIR


def test_every_timer_runs_an_existing_command():
    commands = get_commands()
    used = {}
    for unit in sorted((BASE_DIR / "deploy" / "systemd").glob("*.service")):
        for name in re.findall(r"manage\.py (\w+)", unit.read_text()):
            used[name] = unit.name
    assert used["send_outbox"] == "guzman-portal-mail.service"
    assert [name for name in used if name not in commands] == []
