"""The tables that grow with cases carry the county and are LIST-partitioned by it on PostgreSQL; a county's reads
read its partition only; an install upgrading keeps its rows (``gridgov.partitions``)."""

from __future__ import annotations

import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gridgov import partitions
from gridgov.cases import kpis
from gridgov.cases.models import Case, KpiRollup, Party, TimelineEntry

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="partitions exist on PostgreSQL only")

GROWING = {"cases.Case", "cases.TimelineEntry", "cases.Attachment", "cases.Party", "cases.KpiRollup",
           "cases.KpiMonth", "audit.AuditEvent", "notify.Notification", "linkage.Alarm"}


def test_every_table_that_grows_with_cases_carries_the_county():
    assert {m._meta.label for m in partitions.partitioned_models()} == GROWING


def test_no_foreign_key_into_those_tables_is_left_for_the_database_to_enforce():
    partitioned = set(partitions.partitioned_models())
    enforced = [f"{m._meta.label}.{f.name}" for m in apps.get_models(include_auto_created=True)
                for f in m._meta.concrete_fields
                if f.is_relation and f.related_model in partitioned and f.db_constraint]
    assert enforced == []


def test_a_case_and_its_rows_take_the_county_of_its_area(town, report):
    case = report().case
    assert case.county == "110101" == case.area_code[:6]
    assert set(TimelineEntry.objects.filter(case=case).values_list("county", flat=True)) == {"110101"}
    assert set(KpiRollup.objects.values_list("county", flat=True)) == {"110101"}
    assert Party.objects.create(case=case, name="张三").county == "110101"


def test_an_upgraded_install_fills_the_county_of_the_rows_it_has(town, report):
    case = report().case
    for model in (Case, TimelineEntry, KpiRollup):
        model.objects.update(county="")  # the rows as the migration before finds them
    Party.objects.bulk_create([Party(case=case, name="李四", county="")])
    importlib.import_module("gridgov.cases.migrations.0012_partition_county").fill_counties(apps, None)
    assert Case.objects.get().county == "110101"
    for model in (TimelineEntry, Party, KpiRollup):
        assert set(model.objects.values_list("county", flat=True)) == {"110101"}, model


def _schema(table: str) -> dict:
    with connection.cursor() as cur:
        cur.execute("SELECT p.partstrat, a.attname FROM pg_partitioned_table p JOIN pg_attribute a "
                    "ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = %s::regclass",
                    [table])
        strategy = cur.fetchone()
        cur.execute("SELECT i.indexrelid::regclass::text, array_agg(a.attname) FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass "
                    "AND (i.indisunique OR i.indisprimary) GROUP BY 1", [table])
        keys = dict(cur.fetchall())
        cur.execute("SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid "
                    "WHERE h.inhparent = %s::regclass", [table])
        parts = {r[0] for r in cur.fetchall()}
        cur.execute("SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = %s::regclass", [table])
        incoming = [r[0] for r in cur.fetchall()]
    return {"strategy": strategy, "keys": keys, "partitions": parts, "incoming": incoming}


@on_postgresql
def test_on_postgresql_each_is_partitioned_by_list_of_county_and_every_key_includes_the_county():
    for model in partitions.partitioned_models():
        table = model._meta.db_table
        found = _schema(table)
        assert found["strategy"] == ("l", "county"), table
        assert f"{table}_pkey" in found["keys"], table
        for key, columns in found["keys"].items():
            assert "county" in columns, (table, key, columns)
        assert {f"{table}_default", f"{table}_global"} <= found["partitions"], table
        assert found["incoming"] == [], table


@on_postgresql
def test_onboarding_a_county_moves_its_waiting_rows_out_of_the_default_partition(capsys):
    KpiRollup.objects.create(scope="area:120101", county="120101", day=date(2026, 11, 23), metric="reported",
                             value=1)
    assert partitions.default_rows() == {"cases_kpirollup": 1}
    assert [w.id for w in partitions.default_partitions_empty(databases=["default"])] == ["gridgov.W001"]
    call_command("onboard_county", "120101")
    assert "partitions made" in capsys.readouterr().out
    assert partitions.default_rows() == {}
    with connection.cursor() as cur:
        cur.execute("SELECT scope FROM cases_kpirollup_c120101")
        assert cur.fetchall() == [("area:120101",)]
    assert partitions.default_partitions_empty(databases=["default"]) == []


def test_a_county_is_onboarded_by_its_code_only():
    with pytest.raises(ValueError):
        partitions.onboard_county("411600")  # a city: its counties are onboarded one by one


def _partitions_read(captured: CaptureQueriesContext, table: str) -> set[str]:
    """The partitions of ``table`` that the plans of the captured statements reading it scan."""
    found: set[str] = set()
    with connection.cursor() as cur:
        for q in captured.captured_queries:
            if f'"{table}"' in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT"):
                cur.execute(f"EXPLAIN {q['sql']}")
                plan = "\n".join(r[0] for r in cur.fetchall())
                found |= set(re.findall(rf"\b{table}_(?:c\d+|default|global)\b", plan))
    return found


@on_postgresql
def test_a_county_dispatchers_desk_list_the_cases_api_and_the_dashboard_read_one_partition(town, report, client):
    report()
    partitions.onboard_county("110101")  # the fixture's grid came after migrate: its case moves out of DEFAULT
    partitions.onboard_county("110102")  # a second county on the install
    client.force_login(town.people.dispatcher)
    with CaptureQueriesContext(connection) as desk:
        assert client.get("/desk/").status_code == 200
    with CaptureQueriesContext(connection) as api:
        assert client.get("/api/v1/cases").status_code == 200
    with CaptureQueriesContext(connection) as dashboard:
        kpis.compute("area:110101", date(2026, 10, 20), date(2026, 11, 30))  # November's month, October's days
        kpis.compute(f"unit:{town.units.urban.pk}", date(2026, 10, 20), date(2026, 11, 30))  # a county's unit
    for captured in (desk, api):
        assert _partitions_read(captured, "cases_case") == {"cases_case_c110101"}
    assert _partitions_read(dashboard, "cases_kpirollup") == {"cases_kpirollup_c110101"}
    assert _partitions_read(dashboard, "cases_kpimonth") == {"cases_kpimonth_c110101"}


@on_postgresql
def test_a_plain_table_with_rows_becomes_partitioned_keeping_its_rows_ids_keys_and_indexes():
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE upgrade_probe (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    "county varchar(6) NOT NULL, code varchar(10) NOT NULL, area_id bigint REFERENCES geo_area(id), "
                    "CONSTRAINT probe_code UNIQUE (code, county) INCLUDE (area_id))")
        cur.execute("CREATE UNIQUE INDEX probe_partial ON upgrade_probe (code) WHERE county = ''")
        cur.execute("CREATE INDEX probe_area ON upgrade_probe (area_id)")
        cur.execute("INSERT INTO upgrade_probe (county, code) VALUES ('110101', 'a'), ('110102', 'b'), ('', 'c')")
        partitions.convert(cur, "upgrade_probe", "county", {"411603"})
        cur.execute("SELECT tableoid::regclass::text, id, code FROM upgrade_probe ORDER BY id")
        assert cur.fetchall() == [("upgrade_probe_c110101", 1, "a"), ("upgrade_probe_c110102", 2, "b"),
                                  ("upgrade_probe_global", 3, "c")]
        cur.execute("INSERT INTO upgrade_probe (county, code) VALUES ('411603', 'd') RETURNING id")
        assert cur.fetchone() == (4,)  # the identity goes on from the rows moved
        cur.execute("SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                    "WHERE indrelid = 'upgrade_probe'::regclass ORDER BY 1")
        indexes = dict(cur.fetchall())
        cur.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'upgrade_probe'::regclass AND contype = 'f'")
        assert cur.fetchone() == (1,)  # the foreign key out of the table is kept
    assert "(id, county)" in indexes["upgrade_probe_pkey"]
    assert "(code, county) INCLUDE (area_id)" in indexes["probe_code"]
    assert "(code, county) WHERE" in indexes["probe_partial"]
    assert "probe_area" in indexes
