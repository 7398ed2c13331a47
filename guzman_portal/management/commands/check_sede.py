"""
manage.py check_sede: every public page against the sede electrónica rules (guzman_portal.sede).

Prints a table of pages × rules and, below it, why each failing page fails; exits with 1 when
any rule fails. Without --url the pages are requested in this process through Django's test
client (no server needed, as in CI); with --url a running site is crawled over HTTP. With
--publish the result is also stored for /transparencia/cumplimiento.json (the daily timer).
"""

from django.core.management.base import BaseCommand, CommandError

from guzman_portal import sede


class Command(BaseCommand):
    help = "Revisa cada página pública contra las reglas de sede electrónica (docs/sede.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            help="Dirección de un portal en marcha, p. ej. https://www.gov.co/puertoguzman/",
        )
        parser.add_argument("--host", help="Host para las solicitudes internas (sin --url).")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Guarda el resultado para /transparencia/cumplimiento.json.",
        )

    def handle(self, *args, **options):
        if options["url"]:
            fetcher = sede.HttpFetcher(options["url"])
        else:
            fetcher = sede.ClientFetcher(host=options["host"])
        result = sede.check_site(fetcher)
        if options["publish"]:
            sede.publish(result)
        self.print_table(result)
        if options["publish"]:
            self.stdout.write("Resultado publicado en /transparencia/cumplimiento.json.")
        if not result["passed"]:
            failed = [rule["rule"] for rule in result["rules"] if not rule["passed"]]
            raise CommandError(f"Reglas que fallan: {', '.join(failed)}.")
        self.stdout.write(self.style.SUCCESS("Todas las reglas se cumplen."))

    def print_table(self, result):
        rules = result["rules"]
        failing = {
            rule["rule"]: {failure["url"]: failure["reasons"] for failure in rule["failures"]}
            for rule in rules
        }
        width = max([len(url) for url in result["pages_checked"]] + [6])
        self.stdout.write("Reglas:")
        for number, rule in enumerate(rules, 1):
            mark = "OK" if rule["passed"] else f"FALLA en {len(rule['failures'])} página(s)"
            self.stdout.write(
                f"  {number:>2}. {rule['rule']}: {rule['title']} [{rule['source']}] — {mark}"
            )
        header = "Página".ljust(width) + " " + " ".join(f"{n:>2}" for n in range(1, len(rules) + 1))
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for url in result["pages_checked"]:
            cells = " ".join(f"{'✗' if url in failing[rule['rule']] else '✓':>2}" for rule in rules)
            self.stdout.write(f"{url.ljust(width)} {cells}")
        for rule in rules:
            if rule["failures"]:
                self.stdout.write("")
                self.stdout.write(self.style.ERROR(f"{rule['rule']} — {rule['title']}"))
                for failure in rule["failures"]:
                    for reason in failure["reasons"]:
                        self.stdout.write(f"  {failure['url']}: {reason}")
        self.stdout.write("")
        self.stdout.write(f"{len(result['pages_checked'])} páginas revisadas.")
