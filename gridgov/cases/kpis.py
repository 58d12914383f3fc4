"""The KPIs: defined once here, computed from the timeline alone, kept as daily rollups by every action.

A case's timeline yields *facts*: (day, metric, amount), the day being the local (Asia/Shanghai) date the fact
belongs to. Each action recomputes the case's facts before and after and adds the difference to ``KpiRollup`` for
every scope the case belongs to (each area of its path, each area of its path crossed with the category's class,
its handling unit, its reporting grid worker), so a KPI for
any scope and period is a sum over at most one row per day and metric, however many cases there are.

Every figure has a *basis* (docs/KPIS.md):
  FLOW ...... events in the period, whenever the case was received (closures, ratings, dispatches);
  COHORT .... the cases received in the period and what has become of them by now: its facts sit on the day the
              case was reported (``cohort_*``), so a cohort figure is never larger than the cases received.

Flow facts:
  reported, self_handled ........ day reported (also the size of the cohort)
  registered, registered_on_time  day of the first registration (on time: by the registration deadline)
  dispatches, dispatches_returned day of each dispatch (returned: the unit answered it with ``return``)
  dispatched_cases, extended_cases day of the first dispatch (extended: an extension was approved)
  feedback_cases, reworked_cases  day of the first feedback (reworked: sent back at least once afterwards)
  overdue_cases ................. day the case first went overdue
  closed, handling_seconds ...... day of the current closure (seconds from first dispatch to closure)
  rated, satisfied .............. day of the rating (satisfied: 4 or 5 stars)
Cohort facts (day reported): cohort_registered, cohort_valid (not voided or merged), cohort_closed,
  cohort_closed_on_time (by the current handling deadline), cohort_overdue (went overdue at least once),
  cohort_escalated (escalated at least once); and the disputes' and petitions' own (``kind_facts``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from gridgov.partitions import COUNTY_DIGITS, county_of, is_county_code

from .models import KpiMonth, KpiRollup
from .store import history

Fact = tuple[date, str]


@dataclass(frozen=True)
class Event:
    """What the KPI definitions read of a timeline entry."""

    at: datetime
    action: str
    to_status: str
    data: dict[str, Any]


def event_of(entry: Any) -> Event:
    return Event(entry.at, entry.action, entry.to_status, entry.data)


def local_day(dt: datetime) -> date:
    """The day in the district's time zone (settings.TIME_ZONE), whoever is looking: KPIs count district days."""
    return dt.astimezone(_zone()).date()


@cache
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _when(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def facts(events: Iterable[Event]) -> Counter[Fact]:
    ev = list(events)
    out: Counter[Fact] = Counter()
    if not ev:
        return out
    first = ev[0]
    out[(local_day(first.at), "reported")] += 1
    if first.action == "self_handle":
        out[(local_day(first.at), "self_handled")] += 1

    registers = [e for e in ev if e.action == "register"]
    if registers:
        r = registers[0]
        out[(local_day(r.at), "registered")] += 1
        due = _when(first.data.get("register_due"))
        if due is None or r.at <= due:
            out[(local_day(r.at), "registered_on_time")] += 1

    dispatch_idx = [i for i, e in enumerate(ev) if e.action == "dispatch"]
    for i in dispatch_idx:
        day = local_day(ev[i].at)
        out[(day, "dispatches")] += 1
        answer = next((e.action for e in ev[i + 1:] if e.action in ("accept", "return", "dispatch")), None)
        if answer == "return":
            out[(day, "dispatches_returned")] += 1
    if dispatch_idx:
        first_dispatch = ev[dispatch_idx[0]]
        day = local_day(first_dispatch.at)
        out[(day, "dispatched_cases")] += 1
        if any(e.action == "approve_extension" for e in ev):
            out[(day, "extended_cases")] += 1

    feedback_idx = [i for i, e in enumerate(ev) if e.action == "submit_feedback"]
    if feedback_idx:
        day = local_day(ev[feedback_idx[0]].at)
        out[(day, "feedback_cases")] += 1
        if any(e.action == "rework" for e in ev[feedback_idx[0] + 1:]):
            out[(day, "reworked_cases")] += 1

    final_status = next((e.to_status for e in reversed(ev) if e.to_status), "")
    handle_due = None
    for e in ev:
        if "handle_due" in e.data:
            handle_due = _when(e.data["handle_due"])
    closed_at = None
    if final_status == "closed":
        closed_at = next(e.at for e in reversed(ev) if e.action in ("close", "self_handle"))

    overdue = next((e for e in ev if e.action == "overdue"), None)
    if overdue is not None:
        out[(local_day(overdue.at), "overdue_cases")] += 1

    if closed_at is not None:
        day = local_day(closed_at)
        out[(day, "closed")] += 1
        if dispatch_idx:
            out[(day, "closed_dispatched")] += 1
            out[(day, "handling_seconds")] += int((closed_at - ev[dispatch_idx[0]].at).total_seconds())

    received = local_day(first.at)  # the cohort: what became of the case, on the day it was received
    if registers:
        out[(received, "cohort_registered")] += 1
    if final_status not in ("voided", "merged"):
        out[(received, "cohort_valid")] += 1
    if closed_at is not None:
        out[(received, "cohort_closed")] += 1
        if handle_due is None or closed_at <= handle_due:
            out[(received, "cohort_closed_on_time")] += 1
    if overdue is not None:
        out[(received, "cohort_overdue")] += 1
    if any(e.action == "escalate" for e in ev):
        out[(received, "cohort_escalated")] += 1

    for e in ev:
        if e.action == "rate":
            out[(local_day(e.at), "rated")] += 1
            if int(e.data.get("rating", 0)) >= 4:
                out[(local_day(e.at), "satisfied")] += 1
    kind = first.data.get("kind", "event")
    if kind != "event":
        out.update(kind_facts(kind, ev, closed_at, handle_due))
    return out


def kind_facts(kind: str, ev: list[Event], closed_at: datetime | None, handle_due: datetime | None) -> Counter[Fact]:
    """The facts only disputes and petitions have (see docs/KPIS.md): cohort facts on the day the case was received,
    except the follow-up visits (a flow: the day of the visit)."""
    out: Counter[Fact] = Counter()
    received = local_day(ev[0].at)
    feedback = [e for e in ev if e.action == "submit_feedback"]
    if kind == "dispute":
        kind_of = ev[0].data.get("dispute_type")  # on the report entry, never changed
        if kind_of:
            out[(received, f"type_{kind_of}")] += 1
            if closed_at is not None:
                out[(received, f"type_{kind_of}_closed")] += 1
        if any(e.action == "refer" for e in ev):
            out[(received, "cohort_referred")] += 1
        if closed_at is not None and feedback and feedback[-1].data.get("outcome") == "agreement":
            out[(received, "cohort_resolved")] += 1
            out[(received, f"cohort_resolved_level_{feedback[-1].data.get('level', 0)}")] += 1
            out[(received, "cohort_resolution_seconds")] += int((closed_at - ev[0].at).total_seconds())
        for e in ev:
            if e.action == "follow_up":
                out[(local_day(e.at), "follow_ups")] += 1
                out[(local_day(e.at), "follow_ups_held")] += int(bool(e.data.get("held")))
    elif kind == "petition":
        if closed_at is not None and any(e.data.get("first_visit") for e in feedback):
            out[(received, "cohort_first_visit_solved")] += 1
        if closed_at is not None and (handle_due is None or closed_at <= handle_due):
            out[(received, "cohort_replied_on_time")] += 1
        if ev[0].data.get("repeat") or ev[0].data.get("repeat_of"):  # repeat_of: entries written before the flag
            out[(received, "repeat")] += 1
    return +out  # drop zero counts


def area_scope(code: str, category_class: str = "", kind: str = "") -> str:
    """``area:CODE`` for an area subtree, ``area:CODE/class:NN`` for one category class within it,
    ``area:CODE/kind:dispute`` for the disputes (or petitions) within it."""
    if kind:
        return f"area:{code}/kind:{kind}"
    return f"area:{code}/class:{category_class}" if category_class else f"area:{code}"


def scopes_of(area_code: str, unit_id: int | None, worker_id: int | None, category_class: str = "",
              kind: str = "event") -> list[str]:
    codes = [area_code[:n] for n in range(6, len(area_code) + 1, 3)]
    out = [area_scope(c) for c in codes]
    if category_class:
        out += [area_scope(c, category_class) for c in codes]
    if kind != "event":
        out += [area_scope(c, kind=kind) for c in codes]
    if unit_id:
        out.append(f"unit:{unit_id}")
    if worker_id:
        out.append(f"worker:{worker_id}")
    return out


def case_scopes(case: Any) -> list[str]:
    """Every scope a case counts in: each area of its path (also per category class), its handling unit, its
    reporting grid worker."""
    worker = case.reporter_id if case.channel == "grid_app" else None
    return scopes_of(case.area_code, case.handling_unit_id, worker, class_of(case.category_id), case.kind)


_classes: dict[int, str] = {}


def class_of(category_id: int) -> str:
    """The two-digit class of a category (its code's first two characters); codes never change once used."""
    if category_id not in _classes:
        from .models import Category

        _classes[category_id] = Category.objects.filter(pk=category_id).values_list("code", flat=True).first()[:2]
    return _classes[category_id]


def state(case: Any, events: list[Event]) -> tuple[list[str], Counter[Fact]]:
    """What a case contributes now: its scopes and its facts. ``apply_delta(before, after)`` takes two of these."""
    return case_scopes(case), facts(events)


NOTHING: tuple[list[str], Counter[Fact]] = ([], Counter())


def case_events(case: Any) -> list[Event]:
    return [event_of(e) for e in history(case.pk)]


def rebuild_rollups() -> int:
    """Recompute every rollup from the timelines alone (for audits, and after changing a definition)."""
    from django.db import transaction

    from .models import Case

    with transaction.atomic():
        KpiRollup.objects.all().delete()
        KpiMonth.objects.all().delete()
        n = 0
        fields = ("id", "kind", "area_code", "county", "handling_unit_id", "reporter_id", "channel", "category_id")
        for case in Case.objects.only(*fields).iterator(2000):
            apply_delta(NOTHING, state(case, case_events(case)), case.county)
            n += 1
    return n


def apply_delta(before: tuple[list[str], Counter[Fact]], after: tuple[list[str], Counter[Fact]],
                county: str | None = None) -> None:
    """Add (after − before) to the rollups, in the caller's transaction. ``county``: the county of the case whose
    change this is (the rollup rows' partition key, ``gridgov.partitions``); None only for migration 0006, which
    ran before the rollups had a county."""
    delta: Counter[tuple[str, date, str]] = Counter()
    for sign, (scopes, fs) in ((-1, before), (1, after)):
        for (day, metric), n in fs.items():
            for s in scopes:
                delta[(s, day, metric)] += sign * n
    rows = [(s, d, m, n) for (s, d, m), n in delta.items() if n]
    if not rows:
        return
    months: Counter[tuple[str, date, str]] = Counter()
    for s, d, m, n in rows:
        months[(s, d.replace(day=1), m)] += n
    _upsert(KpiRollup._meta.db_table, "day", rows, county)
    if county is not None:  # migration 0006 ran before the months existed; migration 0013 sums them from the days
        _upsert(KpiMonth._meta.db_table, "month", [(s, d, m, n) for (s, d, m), n in months.items() if n], county)


def _upsert(table: str, period: str, rows: list[tuple[str, date, str, int]], county: str | None) -> None:
    if not rows:
        return
    key = f"scope, {period}, metric" if county is None else f"scope, {period}, metric, county"
    upsert = f"ON CONFLICT ({key}) DO UPDATE SET value = {table}.value + excluded.value"
    with connection.cursor() as cur:
        # Keys are distinct, so no row is hit twice. On PostgreSQL one statement of fixed text, whatever the number
        # of rows (a text that grows with the rows is parsed anew by the driver on every call).
        if county is None:
            cur.executemany(f"INSERT INTO {table} (scope, {period}, metric, value) VALUES (%s, %s, %s, %s) {upsert}",
                            rows)
        elif connection.vendor == "postgresql":
            cur.execute(f"INSERT INTO {table} (scope, {period}, metric, value, county) SELECT *, %s FROM "
                        f"unnest(%s::text[], %s::date[], %s::text[], %s::bigint[]) {upsert}",
                        [county, *[list(column) for column in zip(*rows, strict=True)]])
        else:
            cur.executemany(f"INSERT INTO {table} (scope, {period}, metric, value, county) VALUES (%s, %s, %s, %s, "
                            f"%s) {upsert}", [(*row, county) for row in rows])


FLOW, COHORT = "flow", "cohort"


class Definition(NamedTuple):
    numerator: str
    denominator: str | None
    basis: str  # FLOW or COHORT
    meaning: Any  # a lazily translated text


Definitions = dict[str, Definition]

KPI_DEFINITIONS: Definitions = {
    "reported_count": Definition("reported", None, COHORT,
                                 _("cases received in the period (solved on the spot included)")),
    "cohort_closed_count": Definition("cohort_closed", None, COHORT,
                                      _("of the cases received in the period, those closed by now")),
    "closure_rate": Definition("cohort_closed", "cohort_valid", COHORT,
                               _("of the cases received in the period (voided and merged ones aside), "
                               "the share closed by now")),
    "on_time_closure_rate": Definition("cohort_closed_on_time", "cohort_valid", COHORT,
                                       _("of the cases received in the period (voided and merged ones aside), "
                                       "the share closed by their handling deadline")),
    "cohort_overdue_count": Definition("cohort_overdue", None, COHORT,
                                       _("of the cases received in the period, those that went overdue")),
    "cohort_escalated_count": Definition("cohort_escalated", None, COHORT,
                                         _("of the cases received in the period, those escalated at least once")),
    "self_handled_count": Definition("self_handled", None, COHORT,
                                     _("of the cases received in the period, those solved on the spot")),
    "closed_count": Definition("closed", None, FLOW, _("cases closed in the period, whenever received")),
    "overdue_count": Definition("overdue_cases", None, FLOW,
                                _("cases that went overdue (for the first time) in the period, whenever received")),
    "average_handling_hours": Definition("handling_seconds", "closed_dispatched", FLOW,
                                         _("hours from first dispatch to closure, averaged over the dispatched "
                                         "cases closed in the period")),
    "rework_rate": Definition("reworked_cases", "feedback_cases", FLOW,
                              _("sent back after feedback / cases with a first feedback in the period")),
    "extension_rate": Definition("extended_cases", "dispatched_cases", FLOW,
                                 _("cases with an approved extension / cases first dispatched in the period")),
    "timely_registration_rate": Definition("registered_on_time", "registered", FLOW,
                                           _("registered by the registration deadline / registered in the period")),
    "accurate_dispatch_rate": Definition("dispatches_accurate", "dispatches", FLOW,
                                         _("dispatches not returned / dispatches made in the period")),
    "satisfaction_rate": Definition("satisfied", "rated", FLOW,
                                        _("ratings of 4 or 5 / ratings given in the period")),
}


KIND_KPIS: dict[str, Definitions] = {
    "dispute": {
        "disputes_received": Definition("reported", None, COHORT, _("disputes recorded in the period")),
        "disputes_accepted": Definition("cohort_registered", None, COHORT,
                                        _("of the disputes received in the period, those accepted (registered)")),
        "disputes_closed": Definition("cohort_closed", None, COHORT,
                                      _("of the disputes received in the period, those concluded (closed) by now")),
        "disputes_resolved": Definition("cohort_resolved", None, COHORT,
                                        _("of the disputes received in the period, those closed with a mediation "
                                        "agreement")),
        "resolution_rate": Definition("cohort_resolved", "cohort_closed", COHORT,
                                      _("closed with an agreement / concluded, of the disputes received in "
                                        "the period")),
        "resolved_at_village": Definition("cohort_resolved_level_3", None, COHORT,
                                          _("of those resolved, resolved by a village body")),
        "resolved_at_township": Definition("cohort_resolved_level_2", None, COHORT,
                                           _("of those resolved, resolved by a township body")),
        "resolved_at_district": Definition("cohort_resolved_level_1", None, COHORT,
                                           _("of those resolved, resolved by a district body or the centre")),
        "referred": Definition("cohort_referred", None, COHORT,
                               _("of the disputes received in the period, those referred on after a failed mediation")),
        "average_days_to_resolution": Definition("cohort_resolution_seconds", "cohort_resolved", COHORT,
                                                 _("days from report to closure, averaged over the resolved disputes "
                                                 "received in the period")),
        "agreements_held_rate": Definition("follow_ups_held", "follow_ups", FLOW,
                                           _("follow-up visits in the period finding the agreement held / visits")),
    },
    "petition": {
        "petitions_received": Definition("reported", None, COHORT, _("petitions received in the period")),
        "petitions_accepted": Definition("cohort_registered", None, COHORT,
                                         _("of the petitions received in the period, those accepted")),
        "petitions_replied": Definition("cohort_closed", None, COHORT,
                                        _("of the petitions received in the period, those replied to (closed) by now")),
        "one_time_resolution_rate": Definition("cohort_first_visit_solved", "cohort_closed", COHORT,
                                               _("solved at the first visit / replied to, of the petitions received "
                                               "in the period")),
        "on_time_reply_rate": Definition("cohort_replied_on_time", "cohort_closed", COHORT,
                                         _("replied within the statutory limit / replied to, of the petitions "
                                         "received in the period")),
        "repeat_rate": Definition("repeat", "reported", COHORT,
                                  _("repeat petitions / petitions received in the period")),
        "satisfaction_rate": Definition("satisfied", "rated", FLOW,
                                        _("ratings of 4 or 5 / ratings given in the period")),
    },
}
DIVISORS = {"average_handling_hours": 3600, "average_days_to_resolution": 86400}


def kpis_from_sums(sums: dict[str, int], definitions: Definitions | None = None,
                   texts: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """The figures from the facts' sums; ``texts``: the definitions already translated (many scopes, one call)."""
    definitions = definitions or KPI_DEFINITIONS
    texts = texts or {name: str(d.meaning) for name, d in definitions.items()}
    sums = dict(sums)
    sums["dispatches_accurate"] = sums.get("dispatches", 0) - sums.get("dispatches_returned", 0)
    out: dict[str, dict[str, Any]] = {}
    for name, (num, den, basis, _meaning) in definitions.items():
        n = sums.get(num, 0)
        if den is None:
            out[name] = {"value": n, "numerator": n, "denominator": None, "basis": basis, "definition": texts[name]}
            continue
        d = sums.get(den, 0)
        value = (n / d / DIVISORS.get(name, 1)) if d else None
        out[name] = {"value": round(value, 4) if value is not None else None, "numerator": n, "denominator": d,
                     "basis": basis, "definition": texts[name]}
    return out


def in_counties(scopes: list[str]) -> dict[str, Any]:
    """The filter on the rollups' county that names the partitions holding these scopes (PostgreSQL reads only
    those), by ``scope_county``; no filter when one of them may lie in any."""
    counties = {scope_county(s) for s in scopes}
    return {} if not counties or None in counties else {"county__in": sorted(c for c in counties if c is not None)}


def compute(scope: str, start: date, end: date) -> dict[str, dict[str, Any]]:
    """The KPIs for one scope (``area:CODE``, ``area:CODE/class:NN``, ``unit:ID``, ``worker:ID``) over [start, end]
    (local dates)."""
    return compute_many([scope], start, end)[scope]


def compute_kind(kind: str, area_code: str, start: date, end: date) -> dict[str, dict[str, Any]]:
    """The figures of one kind of case (``KIND_KPIS``) in an area subtree over [start, end]."""
    scope = area_scope(area_code, kind=kind)
    return compute_many([scope], start, end, KIND_KPIS[kind])[scope]


def compute_many(scopes: list[str], start: date, end: date,
                 definitions: Definitions | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """The KPIs of several scopes over the same period: {scope: kpis}. The scopes at or below a county are summed as
    they are; those of a city or province (``parts_of``: the sums of their counties') are their counties' rows
    grouped in SQL by what follows the county code (``/class:01``), so the database adds the counties up. One
    statement per kind of scope, each county's scopes looked for in its own partition only (``_summed``)."""
    sums: dict[str, dict[str, int]] = {s: {} for s in scopes}
    metrics = facts_read(definitions)
    parts = parts_of(scopes)
    plain = [s for s in scopes if parts[s] == {s}]
    above: dict[str, list[str]] = {}  # a city's or province's code → its scopes asked for
    for s in scopes:
        if parts[s] != {s}:
            above.setdefault(s[len("area:"):len("area:") + COUNTY_DIGITS], []).append(s)
    if plain:
        for scope, metric, total in _summed(plain, start, end, metrics):
            sums[scope][metric] = sums[scope].get(metric, 0) + int(total)
    for code, asked in above.items():  # every part is area:<6 digits><rest>: grouped by the rest
        for tail, metric, total in _summed(sorted(set().union(*(parts[s] for s in asked))), start, end, metrics,
                                           len("area:") + COUNTY_DIGITS + 1):
            scope = f"area:{code}{tail}"
            if scope in sums:
                sums[scope][metric] = sums[scope].get(metric, 0) + int(total)
    texts = {name: str(d.meaning) for name, d in (definitions or KPI_DEFINITIONS).items()}  # translated once
    return {s: kpis_from_sums(v, definitions, texts) for s, v in sums.items()}


def facts_read(definitions: Definitions | None) -> list[str]:
    """The facts some figures are computed from (``definitions`` None: every KPI's)."""
    names = {n for d in (definitions or KPI_DEFINITIONS).values() for n in (d.numerator, d.denominator) if n}
    if "dispatches_accurate" in names:  # derived in ``kpis_from_sums``
        names |= {"dispatches", "dispatches_returned"}
    return sorted(names)


def scope_county(scope: str) -> str | None:
    """The partition a scope's rows lie in, or None when they may lie in any. An area scope's rows carry its code's
    county (a city's or province's own rows, for cases placed on it, carry its code and lie in the DEFAULT
    partition). A unit serving a county or an area below it holds only cases of that county (``routing``: a case
    goes only to units serving an area on its path, and up that path when escalated; ``Unit.clean``: a unit never
    moves to another county), so its rows lie in that county's partition; a city's or province's unit, or a
    worker, may hold cases of any county."""
    if scope.startswith("area:"):
        return county_of(scope[len("area:"):].partition("/")[0])
    if scope.startswith("unit:") and scope[len("unit:"):].isdigit():
        from gridgov.org.directory import unit

        found = unit(int(scope[len("unit:"):]), read_again=False)  # a unit the copy lacks: any partition
        if found is not None and is_county_code(county_of(found.area.code)):
            return county_of(found.area.code)
    return None


def _summed(scopes: list[str], start: date, end: date, metrics: list[str],
            rest_from: int | None = None) -> list[tuple[str, str, int]]:
    """(key, metric, sum) of these scopes' rollup rows over [start, end], read as ``period_pieces`` cuts the period
    (months, days added, days taken away, each one range of the key's index; a key comes back once per piece). The
    key is the scope, or what follows its position ``rest_from`` (1-based) when a city's counties are added up. The
    scopes of each county are asked of that county's partition alone (a branch of a UNION ALL per county and
    piece): a partition probed for every scope of the city would look each one up in each county's index.

    Written as SQL rather than through the ORM: a city's dashboard makes six of these statements of dozens of
    branches, and compiling them through querysets took about a third of its time (measured with the data of
    ``gridgov bench dashboard``: 17.9 → 12.4 ms for the table by category, 11.5 of it in the database). PostgreSQL
    gets each list as one array parameter (``= ANY``), SQLite as a list of parameters."""
    from django.db import connections, router

    if not scopes or not metrics:
        return []
    counties: dict[str | None, list[str]] = {}
    for scope in scopes:
        counties.setdefault(scope_county(scope), []).append(scope)
    months, added, taken = period_pieces(start, end)
    alias = router.db_for_read(KpiRollup)
    connection = connections[alias]
    ops, arrays = connection.ops, connection.vendor == "postgresql"
    month_table, day_table = ops.quote_name(KpiMonth._meta.db_table), ops.quote_name(KpiRollup._meta.db_table)
    pieces = [(month_table, "month", *months, "")] if months else []  # each one range of its key's index
    pieces += [(day_table, "day", lo, hi, sign) for ranges, sign in ((added, ""), (taken, "-")) for lo, hi in ranges]

    def among(column: str, values: list[str]) -> tuple[str, list[Any]]:
        if arrays:
            return f"{column} = ANY(%s)", [values]
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    key = "scope" if rest_from is None else f"SUBSTR(scope, {int(rest_from)})"
    sql, params = [], []
    for table, column, lo, hi, sign in pieces:
        for county, group in sorted(counties.items(), key=lambda kv: kv[0] or ""):
            in_scopes, scope_params = among("scope", group)
            in_metrics, metric_params = among("metric", metrics)
            sql.append(f"SELECT {key}, metric, {sign}SUM(value) FROM {table} WHERE {column} >= %s AND {column} <= %s "
                       f"AND {in_scopes} AND {in_metrics}{'' if county is None else ' AND county = %s'} "
                       f"GROUP BY 1, 2")
            params += [ops.adapt_datefield_value(lo), ops.adapt_datefield_value(hi), *scope_params, *metric_params,
                       *([] if county is None else [county])]
    with connection.cursor() as cur:
        cur.execute(" UNION ALL ".join(sql), params)
        return cur.fetchall()


def parts_of(scopes: list[str]) -> dict[str, set[str]]:
    """The rollup scopes each scope sums. A city's area scope (``area:411600``, also per class or kind) is the sum of
    its counties' and of its own (for cases placed on the city itself, in no county); a province's, of its cities'
    own, their counties' and its own: rollups are kept from the county down only, so a write never touches a row
    that every county shares, and a city's card is exactly the sum of its counties' cards. Any other scope is
    itself."""
    from gridgov.geo.models import CITY, COUNTY, level_of_code, scope_prefix

    out: dict[str, set[str]] = {}
    upper: dict[str, str] = {}  # scope → its area code, for the scopes above the county
    for s in scopes:
        code = s.removeprefix("area:").partition("/")[0]
        level = level_of_code(code) if s.startswith("area:") else None
        if level is not None and level < COUNTY:
            upper[s] = code
        out[s] = {s}
    if upper:
        from gridgov.geo.models import Area

        below = list(Area.objects.filter(level__in=(CITY, COUNTY)).values_list("code", flat=True))
        for s, code in upper.items():
            rest = s[len("area:") + len(code):]
            out[s] |= {f"area:{c}{rest}" for c in below if c != code and c.startswith(scope_prefix(code))}
    return out


USE_MONTHS = True  # read whole months from ``KpiMonth`` (tests compare with the days alone)


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


PIECE_COST = 12  # what one more piece costs each (scope, fact), in rows read: a descent of the index (below)


def period_pieces(start: date, end: date, today: date | None = None
                  ) -> tuple[tuple[date, date] | None, list[tuple[date, date]], list[tuple[date, date]]]:
    """How a period's sums are read: (first and last month read from the months, or None; day ranges added; day
    ranges taken away), each range one piece. A month wholly inside the period is read as its month row. A month
    the period covers in part (only its first and last can be) is read either as its days inside the period or as
    its month row less its days outside; of the (at most four) ways, the one reading the fewest rows, counting each
    piece as ``PIECE_COST`` rows: each piece is one more descent of the index for every scope and fact, and at a
    city's scale a descent cost about as much as reading ten rows (``gridgov bench dashboard``: 66 sums from one
    county's partition, 0.25 ms reading one row each, 1.0 ms reading 30). Days after ``today`` hold no rows yet.
    So the last 30 days up to the 31st read December less its 1st; 30 days across two months, their days as one
    range; a year up to the 15th of December, its twelve months less the days after today (none yet). A month row
    is the sum of its days (``apply_delta`` writes both in one statement), so every way gives the same sums
    (``test_dashboard_invariants``). ``USE_MONTHS`` False: the days alone."""
    if not USE_MONTHS:
        return None, [(start, end)], []
    today = today or timezone.localdate()
    day = timedelta(days=1)

    def rows(lo: date, hi: date) -> int:  # how many days of [lo, hi] may hold rows
        return max(0, (min(hi, today) - lo).days + 1)

    def joined(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
        out: list[tuple[date, date]] = []
        for lo, hi in sorted(ranges):
            if out and out[-1][1] + day == lo:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        return out

    whole: list[date] = []
    partial: list[tuple[date, tuple[date, date], list[tuple[date, date]]]] = []  # month, inside, outside
    first = start.replace(day=1)
    while first <= end:
        last = month_end(first)
        lo, hi = max(start, first), min(end, last)
        outside = [(a, b) for a, b in ((first, lo - day), (hi + day, last)) if a <= b]
        if outside:
            partial.append((first, (lo, hi), outside))
        else:
            whole.append(first)
        first = last + day
    best: tuple[int, Any] | None = None
    for choice in range(2 ** len(partial)):  # bit set: that partial month read as its month less its outside
        months = sorted(whole + [m for i, (m, _, _) in enumerate(partial) if choice >> i & 1])
        added = joined([inside for i, (_, inside, _) in enumerate(partial) if not choice >> i & 1])
        taken = joined([r for i, (_, _, outside) in enumerate(partial) if choice >> i & 1 for r in outside])
        pieces = bool(months) + len(added) + len(taken)
        cost = PIECE_COST * pieces + len(months) + sum(rows(lo, hi) for lo, hi in added + taken)
        if best is None or cost < best[0]:
            best = (cost, ((months[0], months[-1]) if months else None, added, taken))
    assert best is not None
    return best[1]


def series(scope: str, start: date, end: date, metrics: tuple[str, ...]) -> dict[str, list[int]]:
    """Daily values of some facts for one scope: {"days": [...], metric: [value per day]} (for trend charts)."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    at = {d: i for i, d in enumerate(days)}
    out: dict[str, list[Any]] = {m: [0] * len(days) for m in metrics}
    parts = sorted(parts_of([scope])[scope])
    for day, metric, value in (KpiRollup.objects.filter(scope__in=parts, day__gte=start, day__lte=end,
                                                        metric__in=metrics, **in_counties(parts))
                               .values_list("day", "metric").annotate(value=Sum("value")).order_by()):
        out[metric][at[day]] += value  # a city's counties added up by the database
    out["days"] = [d.isoformat() for d in days]
    return out
