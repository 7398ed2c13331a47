"""
The monthly tallies behind the PQRSD reports, and the database triggers that keep them in step
with pqrsd_request: every insert, update (of a counted column) and delete of a request changes
them in the same transaction, whoever writes (pqrsd.filing, the admin, a bulk insert, SQL by
hand). A decrement never creates a row, so a table emptied before the requests (Django's
flush on SQLite) stays empty. Migration 0004 counts the requests already filed.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

# RUNNING_TERM_STATUSES in pqrsd.models: open, and not waiting for the citizen to complete.
RUNNING = "('radicada', 'asignada', 'en_tramite', 'prorrogada')"
MONTHLY_KEY = (
    "month, COALESCE(office_id, 0), COALESCE(addressee_entity_id, 0), request_type, status, channel"
)
RUNNING_KEY = "month, COALESCE(office_id, 0), COALESCE(addressee_entity_id, 0), due_date"
COUNTED_COLUMNS = (
    "filed_on, office_id, addressee_entity_id, request_type, status, channel, due_date, "
    "answered_on, answered_on_time, response_business_days"
)

POSTGRESQL = [
    """
    CREATE FUNCTION pqrsd_month(day date) RETURNS date LANGUAGE sql IMMUTABLE
    AS $$ SELECT date_trunc('month', day::timestamp)::date $$
    """,
    f"""
    CREATE FUNCTION pqrsd_tally_month(sign integer, r pqrsd_request) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
        n_answered integer := CASE WHEN r.answered_on IS NULL THEN 0 ELSE 1 END;
        n_on_time integer := CASE WHEN r.answered_on_time THEN 1 ELSE 0 END;
        n_days integer := COALESCE(r.response_business_days, 0);
        n_timed integer := CASE WHEN r.response_business_days IS NULL THEN 0 ELSE 1 END;
        tally pqrsd_monthlytally;
    BEGIN
        IF sign > 0 THEN
            INSERT INTO pqrsd_monthlytally AS t (
                month, office_id, addressee_entity_id, request_type, status, channel, requests,
                answered, answered_on_time, response_days_total, response_days_count
            ) VALUES (
                pqrsd_month(r.filed_on), r.office_id, r.addressee_entity_id, r.request_type,
                r.status, r.channel, 1, n_answered, n_on_time, n_days, n_timed
            )
            ON CONFLICT ({MONTHLY_KEY}) DO UPDATE SET
                requests = t.requests + 1,
                answered = t.answered + n_answered,
                answered_on_time = t.answered_on_time + n_on_time,
                response_days_total = t.response_days_total + n_days,
                response_days_count = t.response_days_count + n_timed;
        ELSE
            UPDATE pqrsd_monthlytally AS t SET
                requests = t.requests - 1,
                answered = t.answered - n_answered,
                answered_on_time = t.answered_on_time - n_on_time,
                response_days_total = t.response_days_total - n_days,
                response_days_count = t.response_days_count - n_timed
            WHERE t.month = pqrsd_month(r.filed_on)
                AND COALESCE(t.office_id, 0) = COALESCE(r.office_id, 0)
                AND COALESCE(t.addressee_entity_id, 0) = COALESCE(r.addressee_entity_id, 0)
                AND t.request_type = r.request_type
                AND t.status = r.status
                AND t.channel = r.channel
            RETURNING t.* INTO tally;
            IF FOUND AND tally.requests = 0 AND tally.answered = 0
                AND tally.answered_on_time = 0 AND tally.response_days_total = 0
                AND tally.response_days_count = 0 THEN
                DELETE FROM pqrsd_monthlytally WHERE id = tally.id;
            END IF;
        END IF;
    END $$
    """,
    f"""
    CREATE FUNCTION pqrsd_tally_running_term(sign integer, r pqrsd_request) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
        tally pqrsd_runningtermtally;
    BEGIN
        IF r.status NOT IN {RUNNING} THEN
            RETURN;
        END IF;
        IF sign > 0 THEN
            INSERT INTO pqrsd_runningtermtally AS t (
                month, office_id, addressee_entity_id, due_date, requests
            ) VALUES (
                pqrsd_month(r.filed_on), r.office_id, r.addressee_entity_id, r.due_date, 1
            )
            ON CONFLICT ({RUNNING_KEY}) DO UPDATE SET requests = t.requests + 1;
        ELSE
            UPDATE pqrsd_runningtermtally AS t SET requests = t.requests - 1
            WHERE t.month = pqrsd_month(r.filed_on)
                AND COALESCE(t.office_id, 0) = COALESCE(r.office_id, 0)
                AND COALESCE(t.addressee_entity_id, 0) = COALESCE(r.addressee_entity_id, 0)
                AND t.due_date = r.due_date
            RETURNING t.* INTO tally;
            IF FOUND AND tally.requests = 0 THEN
                DELETE FROM pqrsd_runningtermtally WHERE id = tally.id;
            END IF;
        END IF;
    END $$
    """,
    """
    CREATE FUNCTION pqrsd_request_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM pqrsd_tally_month(1, NEW);
            PERFORM pqrsd_tally_running_term(1, NEW);
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM pqrsd_tally_month(-1, OLD);
            PERFORM pqrsd_tally_running_term(-1, OLD);
        ELSE
            -- Rows are locked in one global order (monthly before running, each by key), so
            -- two changes crossing the same tallies wait for each other, never deadlock.
            IF ROW(pqrsd_month(OLD.filed_on), COALESCE(OLD.office_id, 0),
                    COALESCE(OLD.addressee_entity_id, 0), OLD.request_type, OLD.status,
                    OLD.channel)
                <= ROW(pqrsd_month(NEW.filed_on), COALESCE(NEW.office_id, 0),
                    COALESCE(NEW.addressee_entity_id, 0), NEW.request_type, NEW.status,
                    NEW.channel) THEN
                PERFORM pqrsd_tally_month(-1, OLD);
                PERFORM pqrsd_tally_month(1, NEW);
            ELSE
                PERFORM pqrsd_tally_month(1, NEW);
                PERFORM pqrsd_tally_month(-1, OLD);
            END IF;
            IF ROW(pqrsd_month(OLD.filed_on), COALESCE(OLD.office_id, 0),
                    COALESCE(OLD.addressee_entity_id, 0), OLD.due_date)
                <= ROW(pqrsd_month(NEW.filed_on), COALESCE(NEW.office_id, 0),
                    COALESCE(NEW.addressee_entity_id, 0), NEW.due_date) THEN
                PERFORM pqrsd_tally_running_term(-1, OLD);
                PERFORM pqrsd_tally_running_term(1, NEW);
            ELSE
                PERFORM pqrsd_tally_running_term(1, NEW);
                PERFORM pqrsd_tally_running_term(-1, OLD);
            END IF;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER pqrsd_request_tally_insert_delete AFTER INSERT OR DELETE ON pqrsd_request
    FOR EACH ROW EXECUTE FUNCTION pqrsd_request_tally()
    """,
    f"""
    CREATE TRIGGER pqrsd_request_tally_update AFTER UPDATE ON pqrsd_request
    FOR EACH ROW WHEN ((OLD.{COUNTED_COLUMNS.replace(", ", ", OLD.")})
        IS DISTINCT FROM (NEW.{COUNTED_COLUMNS.replace(", ", ", NEW.")}))
    EXECUTE FUNCTION pqrsd_request_tally()
    """,
    """
    CREATE FUNCTION pqrsd_request_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM pqrsd_monthlytally;
        DELETE FROM pqrsd_runningtermtally;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER pqrsd_request_tally_truncate AFTER TRUNCATE ON pqrsd_request
    FOR EACH STATEMENT EXECUTE FUNCTION pqrsd_request_tally_truncate()
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER pqrsd_request_tally_truncate ON pqrsd_request",
    "DROP TRIGGER pqrsd_request_tally_update ON pqrsd_request",
    "DROP TRIGGER pqrsd_request_tally_insert_delete ON pqrsd_request",
    "DROP FUNCTION pqrsd_request_tally_truncate()",
    "DROP FUNCTION pqrsd_request_tally()",
    "DROP FUNCTION pqrsd_tally_running_term(integer, pqrsd_request)",
    "DROP FUNCTION pqrsd_tally_month(integer, pqrsd_request)",
    "DROP FUNCTION pqrsd_month(date)",
]


def sqlite_add(r):
    """SQLite statements counting row `r` (NEW) in the tallies."""
    month = f"date({r}.filed_on, 'start of month')"
    return f"""
    INSERT INTO pqrsd_monthlytally (
        month, office_id, addressee_entity_id, request_type, status, channel, requests,
        answered, answered_on_time, response_days_total, response_days_count
    ) VALUES (
        {month}, {r}.office_id, {r}.addressee_entity_id, {r}.request_type, {r}.status,
        {r}.channel, 1, {r}.answered_on IS NOT NULL,
        CASE WHEN {r}.answered_on_time THEN 1 ELSE 0 END,
        COALESCE({r}.response_business_days, 0), {r}.response_business_days IS NOT NULL
    )
    ON CONFLICT ({MONTHLY_KEY}) DO UPDATE SET
        requests = requests + 1,
        answered = answered + excluded.answered,
        answered_on_time = answered_on_time + excluded.answered_on_time,
        response_days_total = response_days_total + excluded.response_days_total,
        response_days_count = response_days_count + excluded.response_days_count;
    INSERT INTO pqrsd_runningtermtally (month, office_id, addressee_entity_id, due_date, requests)
    SELECT {month}, {r}.office_id, {r}.addressee_entity_id, {r}.due_date, 1
    WHERE {r}.status IN {RUNNING}
    ON CONFLICT ({RUNNING_KEY}) DO UPDATE SET requests = requests + 1;
    """


def sqlite_remove(r):
    """SQLite statements taking row `r` (OLD) out of the tallies."""
    same_place = f"""month = date({r}.filed_on, 'start of month')
        AND COALESCE(office_id, 0) = COALESCE({r}.office_id, 0)
        AND COALESCE(addressee_entity_id, 0) = COALESCE({r}.addressee_entity_id, 0)"""
    monthly = f"""{same_place}
        AND request_type = {r}.request_type AND status = {r}.status AND channel = {r}.channel"""
    running = f"{same_place} AND due_date = {r}.due_date AND {r}.status IN {RUNNING}"
    return f"""
    UPDATE pqrsd_monthlytally SET
        requests = requests - 1,
        answered = answered - ({r}.answered_on IS NOT NULL),
        answered_on_time = answered_on_time - (CASE WHEN {r}.answered_on_time THEN 1 ELSE 0 END),
        response_days_total = response_days_total - COALESCE({r}.response_business_days, 0),
        response_days_count = response_days_count - ({r}.response_business_days IS NOT NULL)
    WHERE {monthly};
    DELETE FROM pqrsd_monthlytally WHERE {monthly}
        AND requests = 0 AND answered = 0 AND answered_on_time = 0
        AND response_days_total = 0 AND response_days_count = 0;
    UPDATE pqrsd_runningtermtally SET requests = requests - 1 WHERE {running};
    DELETE FROM pqrsd_runningtermtally WHERE {running} AND requests = 0;
    """


SQLITE = [
    f"""
    CREATE TRIGGER pqrsd_request_tally_insert AFTER INSERT ON pqrsd_request
    BEGIN {sqlite_add("NEW")} END
    """,
    f"""
    CREATE TRIGGER pqrsd_request_tally_delete AFTER DELETE ON pqrsd_request
    BEGIN {sqlite_remove("OLD")} END
    """,
    f"""
    CREATE TRIGGER pqrsd_request_tally_update AFTER UPDATE ON pqrsd_request
    WHEN {" OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COUNTED_COLUMNS.split(", "))}
    BEGIN {sqlite_remove("OLD")} {sqlite_add("NEW")} END
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER pqrsd_request_tally_insert",
    "DROP TRIGGER pqrsd_request_tally_delete",
    "DROP TRIGGER pqrsd_request_tally_update",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise NotImplementedError(f"PQRSD tally triggers are written for {vendor}.")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("pqrsd", "0002_request_inbox_order_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(
                        help_text="El primer día del mes.", verbose_name="mes de radicación"
                    ),
                ),
                (
                    "request_type",
                    models.CharField(
                        choices=[
                            ("peticion", "Petición"),
                            ("informacion", "Solicitud de información o de copias de documentos"),
                            ("consulta", "Consulta"),
                            ("queja", "Queja"),
                            ("reclamo", "Reclamo"),
                            ("sugerencia", "Sugerencia"),
                            ("denuncia", "Denuncia"),
                            ("entre_autoridades", "Petición entre autoridades"),
                        ],
                        max_length=20,
                        verbose_name="tipo",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("radicada", "Radicada"),
                            ("asignada", "Asignada a una dependencia"),
                            ("en_tramite", "En trámite"),
                            (
                                "por_completar",
                                "En espera de que el ciudadano complete la solicitud",
                            ),
                            ("prorrogada", "Plazo prorrogado"),
                            ("respondida", "Respondida"),
                            ("cerrada", "Cerrada"),
                        ],
                        max_length=15,
                        verbose_name="estado",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("web", "Portal web"),
                            ("presencial", "Presencial (ventanilla)"),
                            ("telefono", "Teléfono"),
                            ("escrito", "Escrito en papel"),
                            ("correo", "Correo electrónico"),
                        ],
                        max_length=12,
                        verbose_name="canal de recepción",
                    ),
                ),
                ("requests", models.IntegerField(verbose_name="solicitudes")),
                ("answered", models.IntegerField(verbose_name="respondidas")),
                ("answered_on_time", models.IntegerField(verbose_name="respondidas a tiempo")),
                (
                    "response_days_total",
                    models.IntegerField(verbose_name="suma de los días hábiles de respuesta"),
                ),
                (
                    "response_days_count",
                    models.IntegerField(verbose_name="respuestas con días hábiles calculados"),
                ),
                (
                    "addressee_entity",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.entity",
                        verbose_name="entidad a la que se dirige",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.office",
                        verbose_name="dependencia responsable",
                    ),
                ),
            ],
            options={
                "verbose_name": "conteo mensual de PQRSD",
                "verbose_name_plural": "conteos mensuales de PQRSD",
                "constraints": [
                    models.UniqueConstraint(
                        models.F("month"),
                        django.db.models.functions.comparison.Coalesce(
                            "office", models.Value(0), output_field=models.BigIntegerField()
                        ),
                        django.db.models.functions.comparison.Coalesce(
                            "addressee_entity",
                            models.Value(0),
                            output_field=models.BigIntegerField(),
                        ),
                        models.F("request_type"),
                        models.F("status"),
                        models.F("channel"),
                        name="pqrsd_monthlytally_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RunningTermTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(
                        help_text="El primer día del mes.", verbose_name="mes de radicación"
                    ),
                ),
                ("due_date", models.DateField(verbose_name="vence el")),
                ("requests", models.IntegerField(verbose_name="solicitudes")),
                (
                    "addressee_entity",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.entity",
                        verbose_name="entidad a la que se dirige",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.office",
                        verbose_name="dependencia responsable",
                    ),
                ),
            ],
            options={
                "verbose_name": "conteo de términos en curso",
                "verbose_name_plural": "conteos de términos en curso",
                "constraints": [
                    models.UniqueConstraint(
                        models.F("month"),
                        django.db.models.functions.comparison.Coalesce(
                            "office", models.Value(0), output_field=models.BigIntegerField()
                        ),
                        django.db.models.functions.comparison.Coalesce(
                            "addressee_entity",
                            models.Value(0),
                            output_field=models.BigIntegerField(),
                        ),
                        models.F("due_date"),
                        name="pqrsd_runningtermtally_key",
                    )
                ],
            },
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
