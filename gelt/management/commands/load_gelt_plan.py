"""Load the shipped GEL-T plan from gelt/data/ (idempotent)."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from gelt.models import Action, Activity, CommitteeMember, Criterion, Indicator, Phase, Plan

DATA = Path(__file__).resolve().parents[2] / "data"


def read(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def as_date(text):
    return datetime.date.fromisoformat(text) if text else None


def lines(items):
    return "\n".join(items)


class Command(BaseCommand):
    help = (
        "Carga o actualiza el plan de acción GEL-T (fases, criterios, acciones, actividades e "
        "indicadores). Nunca borra evaluaciones ni mediciones, ni lo que el comité edita."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        # Natural keys: phase order, criterion code, action order, activity and indicator code.
        # `defaults` is what the plan fixes (overwritten on each load); `create_defaults` is
        # what the committee may change (written only when the row is new).
        plan_data = read("plan.json")
        plan = Plan.current() or Plan()
        for field in [
            "title",
            "legal_framework",
            "vision",
            "general_objective",
            "committee_resolution",
            "historical_note",
        ]:
            setattr(plan, field, plan_data[field])
        plan.specific_objectives = lines(plan_data["specific_objectives"])
        plan.lines_of_action = lines(plan_data["lines_of_action"])
        plan.committee_created_on = as_date(plan_data["committee_created_on"])
        plan.save()
        for member in plan_data["committee"]:
            CommitteeMember.objects.get_or_create(
                name=member["name"],
                position=member["position"],
                # The plan's committee is the one of 2008: kept as history, not as the current
                # members (the committee registers those in the admin).
                defaults={
                    "committee_role": member["committee_role"],
                    "since": as_date(member.get("since")),
                    "order": member.get("order", 0),
                    "is_active": False,
                },
            )

        phase_data = read("phases.json")
        phases = {}
        for row in phase_data["phases"]:
            phases[row["order"]], _ = Phase.objects.update_or_create(
                order=row["order"],
                defaults={
                    "name": row["name"],
                    "description": row["description"],
                    "deadline_national": as_date(row["deadline_national"]),
                    "deadline_territorial": as_date(row["deadline_territorial"]),
                    "goal": row["goal"],
                    "norm": phase_data["norm"],
                    "historical": True,
                    "historical_label": phase_data["historical_label"],
                    "source": phase_data["source"],
                    "confidence": row["confidence"],
                },
            )

        criteria = read("criteria.json")
        for position, row in enumerate(criteria["criteria"], start=1):
            Criterion.objects.update_or_create(
                code=row["code"],
                defaults={
                    "phase": phases[row["phase"]],
                    "name": row["name"],
                    "observations": criteria["note"],
                    "minimum_contents": lines(row["minimum_contents"]),
                    "check_key": row.get("check_key", ""),
                    "official": criteria["official"],
                    "source": criteria["source"],
                    "confidence": criteria["confidence"],
                },
                create_defaults={
                    "phase": phases[row["phase"]],
                    "name": row["name"],
                    "observations": criteria["note"],
                    "minimum_contents": lines(row["minimum_contents"]),
                    "check_key": row.get("check_key", ""),
                    "official": criteria["official"],
                    "source": criteria["source"],
                    "confidence": criteria["confidence"],
                    "weight": row.get("weight", 1),
                    "order": position,
                },
            )

        actions = read("actions.json")
        indicator_order = 0
        for row in actions["actions"]:
            action, _ = Action.objects.update_or_create(
                order=row["order"],
                defaults={
                    "title": row["title"],
                    "citizen_benefit": row["citizen_benefit"],
                    "indicators_text": row["indicators_text"],
                    "goals_text": row["goals_text"],
                    "responsibles": lines(row["responsibles"]),
                    "resources": lines(row["resources"]),
                    "duration": row["duration"],
                },
            )
            for position, activity in enumerate(row["activities"], start=1):
                fixed = {"action": action, "description": activity["description"]}
                Activity.objects.update_or_create(
                    code=f"A{action.order}.{position}",
                    defaults=fixed,
                    create_defaults={**fixed, "owner": activity["owner"], "order": position},
                )
            for indicator in row["indicators"]:
                indicator_order += 1
                self.load_indicator(indicator, action, actions["source"], True, indicator_order)
        extra = actions["complementary_indicators"]
        for indicator in extra["indicators"]:
            indicator_order += 1
            self.load_indicator(indicator, None, extra["source"], False, indicator_order)

        self.stdout.write(
            f"Plan GEL-T cargado: {Phase.objects.count()} fases, {Criterion.objects.count()} "
            f"criterios, {Action.objects.count()} acciones, {Activity.objects.count()} "
            f"actividades, {Indicator.objects.count()} indicadores."
        )

    def load_indicator(self, row, action, source, in_plan, order):
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "action": action,
                "name": row["name"],
                "unit": row["unit"],
                "goal": row["goal"],
                "goal_text": row["goal_text"],
                "period": row["period"],
                "higher_is_better": row.get("higher_is_better", True),
                "check_key": row["check_key"],
                "in_plan": in_plan,
                "source": source,
                "order": order,
            },
        )
