"""The tables that grow with cases, LIST-partitioned by county on PostgreSQL (SQLite keeps plain tables).

Every such model has a ``CountyField`` (column ``county``): the first six digits of the area code that places the
row (GB/T 2260 county code; codes of lower levels extend it, see ``geo.models``), filled when the row is inserted
(``save``, ``bulk_create`` and ``gridgov.rows.insert`` all call the field's ``pre_save``) from the field's ``source``.
``''`` marks an install-wide row (a login's audit event, a notification about no place).

On PostgreSQL each such table is ``PARTITION BY LIST (county)`` with one partition per onboarded county
(``<table>_c<county>``), one for the install-wide rows (``<table>_global``, value ``''``) and a DEFAULT partition
(``<table>_default``) that should stay empty: rows there belong to a county nobody onboarded, and
``gridgov check --database default`` warns about it. The key rule, so the same schema can be distributed by Citus on
``county``: the primary key is ``(id, county)`` and every unique key includes ``county``. PostgreSQL then cannot
enforce a foreign key INTO such a table (it would need a unique key on ``id`` alone), so those are declared
``db_constraint=False`` and integrity is kept by the application: actions write a case and its rows in one
transaction, deletes go through the ORM's cascade. Django still sees ``id`` as the primary key.

Migrations add the column and fill it; ``convert`` (run after ``migrate`` on PostgreSQL, ``post_migrate``) turns a
plain table into a partitioned one, moving its rows into their counties' partitions, once.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import connections, models, transaction

COUNTY_DIGITS = 6
GLOBAL = ""  # install-wide rows


def county_of(code: str | None) -> str:
    """The county code of an area code ('' for none); a city or province code is its own 'county' (no partition)."""
    return (code or "")[:COUNTY_DIGITS]


def is_county_code(code: str) -> bool:
    """A county-level GB/T 2260 code: six digits, not a city's or province's (those end in 00)."""
    return len(code) == COUNTY_DIGITS and code.isdigit() and not code.endswith("00")


class CountyField(models.CharField):
    """The partition key. ``source`` is the attribute path it is derived from when the row is inserted without one:
    an area code (``"area_code"``) or another partitioned row's county (``"case.county"``)."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", COUNTY_DIGITS)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", GLOBAL)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", COUNTY_DIGITS), ("blank", True), ("default", GLOBAL), ("editable", False)):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.attname)
        if not value and add and self.source:
            found: Any = model_instance
            for part in self.source.split("."):
                found = getattr(found, part, None) if found is not None else None
            value = county_of(str(found or ""))
            setattr(model_instance, self.attname, value)
        return value or GLOBAL


def partitioned_models() -> list[type[models.Model]]:
    """Every model with a ``CountyField``: the tables partitioned on PostgreSQL."""
    return [m for m in apps.get_models() if any(isinstance(f, CountyField) for f in m._meta.concrete_fields)]


def county_column(model: type[models.Model]) -> str:
    return next(f.column for f in model._meta.concrete_fields if isinstance(f, CountyField))


def partition_name(table: str, county: str | None) -> str:
    """``<table>_c<county>``; ``<table>_global`` for ''; ``<table>_default`` for None (the DEFAULT partition)."""
    if county is None:
        return f"{table}_default"
    return f"{table}_c{county}" if county else f"{table}_global"


# -- PostgreSQL ---------------------------------------------------------------------------------------------------

def _fetch(cur: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    cur.execute(sql, params or [])
    return cur.fetchall()


def _literal(value: str) -> str:
    """A string literal for DDL (which takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"


def is_partitioned(cur: Any, table: str) -> bool:
    return bool(_fetch(cur, "SELECT 1 FROM pg_class WHERE oid = to_regclass(%s) AND relkind = 'p'", [table]))


def _with_key(definition: str, column: str) -> str:
    """``UNIQUE (a, b) …`` / ``CREATE UNIQUE INDEX … (a, b) …`` with ``column`` added to the key list if missing."""
    start = definition.index("(", definition.index(" USING ") if " USING " in definition else 0)
    depth = 0
    for i in range(start, len(definition)):
        depth += {"(": 1, ")": -1}.get(definition[i], 0)
        if depth == 0:
            keys = definition[start + 1:i]
            if re.search(rf"(^|[\s,]){re.escape(column)}($|[\s,])", keys):
                return definition
            return f"{definition[:i]}, {column}{definition[i:]}"
    raise ValueError(definition)


def convert(cur: Any, table: str, column: str, counties: set[str]) -> None:
    """Turn the plain ``table`` into one LIST-partitioned by ``column``: partitions for ``counties``, for every county
    its rows hold, for '' and DEFAULT; rows, identity, indexes and outgoing foreign keys kept; the primary key and
    every unique key gain ``column``. Foreign keys INTO the table are dropped (they cannot be enforced any more)."""
    oid = _fetch(cur, "SELECT to_regclass(%s)::oid", [table])[0][0]
    pk_cols = [r[0] for r in _fetch(cur, "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON "
                                         "a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) WHERE c.conrelid = %s "
                                         "AND c.contype = 'p' ORDER BY a.attnum", [oid])]
    constraints = _fetch(cur, "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                              "WHERE conrelid = %s AND contype IN ('u', 'f', 'c') ORDER BY conname", [oid])
    indexes = _fetch(cur, "SELECT i.indisunique, pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s "
                          "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
                          "AND c.conrelid = i.indrelid) ORDER BY i.indexrelid", [oid])
    counties = counties | {r[0] for r in _fetch(cur, f'SELECT DISTINCT "{column}" FROM "{table}"')}
    plain = f"{table}__plain"
    cur.execute(f'ALTER TABLE "{table}" RENAME TO "{plain}"')
    cur.execute(f'CREATE TABLE "{table}" (LIKE "{plain}" INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED '
                f'INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY LIST ("{column}")')
    for county in sorted(counties | {GLOBAL}):
        cur.execute(f'CREATE TABLE "{partition_name(table, county)}" PARTITION OF "{table}" '
                    f"FOR VALUES IN ({_literal(county)})")
    cur.execute(f'CREATE TABLE "{partition_name(table, None)}" PARTITION OF "{table}" DEFAULT')
    cur.execute(f'INSERT INTO "{table}" SELECT * FROM "{plain}"')
    identity = [r[0] for r in _fetch(cur, "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass "
                                          "AND attidentity <> '' AND NOT attisdropped", [table])]
    cur.execute(f'DROP TABLE "{plain}" CASCADE')
    for col in identity:
        seq = _fetch(cur, "SELECT pg_get_serial_sequence(%s, %s)", [table, col])[0][0]
        cur.execute(f"SELECT setval(%s, COALESCE((SELECT max(\"{col}\") FROM \"{table}\"), 0) + 1, false)", [seq])
        wanted = f"{table}_{col}_seq"
        if seq.split(".")[-1].strip('"') != wanted:
            cur.execute(f'ALTER SEQUENCE {seq} RENAME TO "{wanted}"')
    if pk_cols:
        keys = ", ".join(f'"{c}"' for c in [*pk_cols, *([] if column in pk_cols else [column])])
        cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY ({keys})')
    for name, kind, definition in constraints:
        definition = _with_key(definition, column) if kind == "u" else definition
        cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for unique, definition in indexes:
        cur.execute(_with_key(definition, column) if unique else definition)


def ensure_partition(cur: Any, table: str, county: str) -> bool:
    """The partition of ``county`` in ``table`` (rows of that county waiting in DEFAULT move into it). True: made."""
    name = partition_name(table, county)
    if _fetch(cur, "SELECT to_regclass(%s)", [name])[0][0] is not None:
        return False
    default = partition_name(table, None)
    column = next(c for t, c in _tables() if t == table)
    moving = f"_moving_{table}"[:63]
    cur.execute(f'CREATE TEMP TABLE "{moving}" (LIKE "{table}") ON COMMIT DROP')
    cur.execute(f'WITH m AS (DELETE FROM "{default}" WHERE "{column}" = %s RETURNING *) '
                f'INSERT INTO "{moving}" SELECT * FROM m', [county])
    cur.execute(f'CREATE TABLE "{name}" PARTITION OF "{table}" FOR VALUES IN ({_literal(county)})')
    cur.execute(f'INSERT INTO "{table}" SELECT * FROM "{moving}"')
    cur.execute(f'DROP TABLE "{moving}"')
    return True


def _tables() -> list[tuple[str, str]]:
    return [(m._meta.db_table, county_column(m)) for m in partitioned_models()]


def onboard_county(county: str, using: str = "default") -> list[str]:
    """Make ``county``'s partition in every partitioned table (PostgreSQL; nothing elsewhere): the partitions made."""
    if not is_county_code(county):
        raise ValueError(f"{county!r} is not a county code (six digits, not ending in 00)")
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    made = []
    with transaction.atomic(using=using), connection.cursor() as cur:
        for table, _column in _tables():
            if is_partitioned(cur, table) and ensure_partition(cur, table, county):
                made.append(partition_name(table, county))
    return made


def install_counties(using: str = "default") -> set[str]:
    """The counties of the install's own grid: every county code among its areas."""
    from gridgov.geo.models import Area

    return {c for c in Area.objects.using(using).filter(code__regex=r"^\d{6}$").values_list("code", flat=True)
            if is_county_code(c)}


def partition_all(using: str = "default") -> list[str]:
    """After ``migrate`` on PostgreSQL: every partitioned model's table partitioned (once; its rows moved into their
    counties' partitions) and a partition for each of the install's counties. Returns the tables converted."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    converted = []
    counties = install_counties(using)
    with transaction.atomic(using=using), connection.cursor() as cur:
        existing = set(connection.introspection.table_names(cur))
        for table, column in _tables():
            if table not in existing:
                continue
            if not is_partitioned(cur, table):
                convert(cur, table, column, counties)
                converted.append(table)
            else:
                for county in sorted(counties):
                    ensure_partition(cur, table, county)
    return converted


def default_rows(using: str = "default") -> dict[str, int]:
    """Tables whose DEFAULT partition holds rows (rows of a county not onboarded), with how many (PostgreSQL)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return {}
    out = {}
    with connection.cursor() as cur:
        for table, _column in _tables():
            default = partition_name(table, None)
            if _fetch(cur, "SELECT to_regclass(%s)", [default])[0][0] is None:
                continue
            if n := _fetch(cur, f'SELECT count(*) FROM "{default}"')[0][0]:
                out[table] = n
    return out


@checks.register(checks.Tags.database)
def default_partitions_empty(app_configs: Any = None, databases: Any = None,
                             **kwargs: Any) -> list[checks.CheckMessage]:
    """``gridgov check --database default``: a warning per table whose DEFAULT partition holds rows."""
    out: list[checks.CheckMessage] = []
    for using in databases or []:
        for table, n in default_rows(using).items():
            out.append(checks.Warning(
                f"{n} rows of {table} are in its DEFAULT partition: their county was never onboarded",
                hint="find the counties (SELECT DISTINCT county FROM the table's _default partition) and run "
                     "`gridgov onboard-county CODE` for each; the rows move into the new partition",
                id="gridgov.W001"))
    return out
