"""
Loading contractors (item 1.5.10) from a CSV export: the columns are documented in
docs/directorio.md. A file is loaded whole or not at all; each bad row is reported in Spanish
with its line number, so the editor fixes the spreadsheet and uploads it again.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import transaction

from .models import Contractor

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_ERRORS = 50

# CSV header -> model field. Headers are matched without accents, case or spaces.
COLUMNS = {
    "numero_contrato": "contract_number",
    "nombre": "name",
    "actividad": "position",
    "dependencia": "office",
    "correo": "email",
    "telefono": "phone",
    "pais_nacimiento": "birth_country",
    "departamento_nacimiento": "birth_department",
    "municipio_nacimiento": "birth_municipality",
    "formacion": "education",
    "experiencia": "experience",
    "url_sigep": "sigep_url",
    "objeto": "contract_object",
    "valor": "contract_value",
    "fecha_inicio": "start_date",
    "fecha_fin": "end_date",
    "url_secop": "secop_url",
}
REQUIRED_COLUMNS = ("numero_contrato", "nombre", "actividad", "dependencia")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


class ContractorRowForm(forms.ModelForm):
    """One CSV row, validated by the model's own fields (lengths, e-mail, addresses)."""

    class Meta:
        model = Contractor
        fields = [name for name in COLUMNS.values() if name != "office"]
        error_messages = {
            "email": {"invalid": "el correo «%(value)s» no es válido"},
            "sigep_url": {"invalid": "el enlace al SIGEP no es una dirección web válida"},
            "secop_url": {"invalid": "el enlace al SECOP no es una dirección web válida"},
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _key(header):
    """ "Número de contrato" -> "numero_de_contrato" -> matched loosely against COLUMNS."""
    text = header.strip().lower().lstrip("\ufeff")
    for accented, plain in zip("áéíóúüñ", "aeiouun", strict=True):
        text = text.replace(accented, plain)
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return text.replace("_de_", "_").replace("_del_", "_")


def parse_value(text):
    """Colombian money: "$ 12.500.000", "12500000", "12.500.000,50", "12,500,000" -> Decimal."""
    cleaned = re.sub(r"[\s$]|COP", "", text, flags=re.IGNORECASE)
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e13"):
        raise ValueError
    return value


def parse_date(text):
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def decode(raw: bytes) -> str:
    """UTF-8 (with or without the mark Excel writes), else Windows-1252 (older Excel)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def import_contractors(raw: bytes, offices, *, save=True) -> ImportResult:
    """
    Create or update contractors from a CSV file's bytes. `offices` are the offices the editor
    may load into (their entity's); a row naming any other office is an error. Nothing is saved
    when any row is wrong.
    """
    result = ImportResult()
    if len(raw) > MAX_BYTES:
        result.errors.append(
            f"El archivo pesa más de {MAX_BYTES // (1024 * 1024)} MB. Divídalo en varios archivos."
        )
        return result
    text = decode(raw).replace("\x00", "")
    if not text.strip():
        result.errors.append("El archivo está vacío.")
        return result
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [_key(column) for column in next(reader)]
    except csv.Error:
        result.errors.append("El archivo no es un CSV válido.")
        return result
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        result.errors.append(
            "Faltan columnas obligatorias: "
            + ", ".join(missing)
            + ". Revise la primera fila del archivo (vea docs/directorio.md)."
        )
        return result
    by_key = {}
    for office in offices:
        by_key[office.slug.lower()] = office
        by_key[office.name.strip().lower()] = office

    rows, seen = [], {}
    try:
        for line, values in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                result.errors.append(
                    f"El archivo tiene más de {MAX_ROWS} filas. Divídalo en varios archivos."
                )
                return result
            if not any(value.strip() for value in values):
                continue
            row = dict(zip(header, (value.strip() for value in values), strict=False))
            contractor, problems = _row(row, by_key)
            number = row.get("numero_contrato", "")
            if contractor is not None:
                key = (contractor.office_id, number.lower())
                if key in seen:
                    problems.append(f"el contrato {number} ya está en la fila {seen[key]}")
                seen[key] = line
            if problems:
                if len(result.errors) < MAX_ERRORS:
                    result.errors.append(f"Fila {line}: " + "; ".join(problems) + ".")
                continue
            rows.append(contractor)
    except csv.Error as error:
        result.errors.append(f"El archivo no es un CSV válido ({error}).")
        return result
    if not rows and not result.errors:
        result.errors.append("El archivo no tiene filas de contratistas.")
    if result.errors or not save:
        return result
    with transaction.atomic():
        for contractor in rows:
            _, created = Contractor.objects.update_or_create(
                office=contractor.office,
                contract_number=contractor.contract_number,
                defaults={
                    name: getattr(contractor, name)
                    for name in ContractorRowForm.Meta.fields
                    if name != "contract_number"
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


def _row(row, offices):
    """A Contractor built from one row (unsaved), and the row's problems in Spanish."""
    problems = []
    data = {}
    for column, name in COLUMNS.items():
        value = row.get(column, "")
        if name == "office":
            continue
        if name == "contract_value":
            try:
                value = parse_value(value)
            except ValueError:
                problems.append(f"el valor «{value[:40]}» no es una cifra en pesos")
                value = None
        elif name in ("start_date", "end_date"):
            label = "inicio" if name == "start_date" else "terminación"
            try:
                value = parse_date(value)
            except ValueError:
                problems.append(
                    f"la fecha de {label} «{value[:40]}» no es válida (use AAAA-MM-DD o DD/MM/AAAA)"
                )
                value = None
        elif name == "birth_country" and not value:
            value = "Colombia"
        data[name] = value
    office_name = row.get("dependencia", "")
    office = offices.get(office_name.lower()) if office_name else None
    if not office_name:
        problems.append("falta la dependencia")
    elif office is None:
        problems.append(
            f"la dependencia «{office_name[:80]}» no existe en su entidad "
            "(use el nombre o la ruta que aparece en el administrador)"
        )
    form = ContractorRowForm(data={k: "" if v is None else v for k, v in data.items()})
    if not form.is_valid():
        for name, errors in form.errors.items():
            if name in ("contract_value", "start_date", "end_date") and data.get(name) is None:
                continue
            label = Contractor._meta.get_field(name).verbose_name if name != "__all__" else ""
            for error in errors:
                problems.append(f"{label}: {error}" if label else error)
    if problems:
        return None if office is None else Contractor(office=office), problems
    contractor = form.save(commit=False)
    contractor.office = office
    contractor.office_id = office.pk
    return contractor, problems


class ContractorImportForm(forms.Form):
    file = forms.FileField(
        label="Archivo CSV de contratistas",
        help_text="Exportación de la hoja de cálculo en CSV (UTF-8 o Excel), separada por comas "
        "o por punto y coma. Máximo 2 MB. Las columnas se explican en el manual del directorio.",
        error_messages={"required": "Elija el archivo CSV."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("El archivo debe ser un CSV (extensión .csv).")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("El archivo pesa más de 2 MB. Divídalo en varios archivos.")
        return upload
