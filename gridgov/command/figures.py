"""The command centre's dashboard for an area and a period, built once by ``build`` and read by everything that shows
it: the page, ``GET /api/v1/command/dashboard`` (``Dashboard.as_json``), the Excel/CSV exports and the situation
report PDF.

Every figure says what it counts (docs/KPIS.md): a FLOW (events in the period, whenever the case was received), a
COHORT (the cases received in the period and what has become of them by now) or NOW (open cases, the police circle:
at this moment). The figures come from the KPI rollups (the police circle from ``police.figures``); the lists of
cases behind a card are the same cases the card counts, so a card equals its list's length and a table's rows add up
to their card (``FigureTable.sums``, ``FigureTable.length``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridgov.cases import kpis
from gridgov.cases.models import OPEN_STATUSES, Case, Category, Kind, Status
from gridgov.cases.queries import with_due
from gridgov.disputes.models import DisputeType, Screening
from gridgov.exports import Figure, Table, rate
from gridgov.field.models import Patrol
from gridgov.geo.models import COUNTY, PROVINCE, Area, scope_prefix
from gridgov.org.models import Role, Staff, Unit
from gridgov.petitions.actions import repeat_answer
from gridgov.petitions.models import Petition
from gridgov.police.figures import village_reach
from gridgov.replicas import planned_with_values

from .labels import BASIS_HELP, BASIS_LABELS, KIND_LABELS, KPI_LABELS, NOW

GROUPS = {  # the dashboard's card sections, in order
    "cases": ["reported_count", "cohort_closed_count", "closure_rate", "on_time_closure_rate", "cohort_overdue_count",
              "cohort_escalated_count", "self_handled_count"],
    "activity": ["closed_count", "overdue_count", "average_handling_hours", "rework_rate", "extension_rate",
                 "timely_registration_rate", "accurate_dispatch_rate", "satisfaction_rate", "patrols"],
    "now": ["overdue_now", "police_circle_share"],
}
MAX_DAYS = 3 * 366
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def default_period(start: date | None, end: date | None) -> tuple[date, date]:
    """A period [start, end] of local days: by default the 30 days to today; at most ``MAX_DAYS``."""
    end = end or timezone.localdate()
    start = start or max(EARLIEST, end - timedelta(days=29))  # a default never blames a date nobody sent
    if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
        raise ValueError(_("dates run from %(first)s to %(last)s") % {"first": EARLIEST, "last": LATEST})
    if start > end:
        raise ValueError(_("'from' must not be after 'to'"))
    if (end - start).days > MAX_DAYS:
        raise ValueError(_("a period is at most %(days)s days") % {"days": MAX_DAYS})
    return start, end


AVERAGES = {"average_handling_hours": "hours", "average_days_to_resolution": "days"}
CARD_TABLES = {"cohort_overdue_count": "overdue", "cohort_escalated_count": "escalated", "overdue_now": "overdue_now"}


def pct(value: float | None) -> str:
    return rate(value)  # shows "99.4%" ("—" for nothing to divide), exports the number with a percent format


def duration(value: float | None, unit: str) -> str:
    """An average time as people read it: hours under two days, days beyond."""
    if value is None:
        return "—"
    days = value if unit == "days" else value / 24
    if unit == "hours" and value < 48:
        return _("%(n).1f h") % {"n": value}
    return _("%(n).1f days") % {"n": days}


@dataclass
class Card:
    name: str
    label: Any
    basis: str
    value: float | int | None
    numerator: int
    denominator: int | None
    definition: Any
    kind: str = "count"  # count, rate, hours, days
    table: str | None = None  # the list or table behind it

    @property
    def shown(self) -> str:
        if self.kind == "rate":
            return pct(self.value)
        if self.kind in ("hours", "days"):  # exported as the number of hours (days) with one decimal
            return Figure(duration(self.value, self.kind), self.value, "0.0")
        return Figure(str(self.value), self.value)  # a count: a number cell in the exports

    @property
    def of(self) -> str:
        """What the value is over: "12 / 50" for a rate, "n = 50" for an average."""
        if self.kind == "rate":
            return f"{self.numerator} / {self.denominator}"
        if self.kind in ("hours", "days"):
            return f"n = {self.denominator}"
        return ""

    @property
    def hover(self) -> str:
        return f"{BASIS_LABELS[self.basis]}: {BASIS_HELP[self.basis]} — {self.definition}"

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "label": str(self.label), "basis": self.basis, "kind": self.kind,
                "value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "shown": self.shown, "definition": str(self.definition), "table": self.table}


def cards_of(k: dict[str, dict[str, Any]], labels: dict[str, Any]) -> list[Card]:
    out = []
    for name, label in labels.items():
        v = k[name]
        kind = AVERAGES.get(name) or ("count" if v["denominator"] is None else "rate")
        out.append(Card(name, label, v["basis"], v["value"], v["numerator"], v["denominator"], v["definition"], kind,
                        CARD_TABLES.get(name)))
    return out


def count_card(name: str, basis: str, n: int, definition: Any, table: str | None = None) -> Card:
    return Card(name, KPI_LABELS[name], basis, n, n, None, definition, "count", table)


@dataclass
class FigureTable:
    """A table of the dashboard. ``kinds`` says what each column holds (label, code, count, rate — a fraction —,
    hours, datetime, date, text); ``sums`` maps a column to the card it adds up to; ``length`` names the card that
    counts the rows."""

    key: str
    name: str  # file name stem, ASCII
    title: Any
    basis: str
    headers: list[Any]
    kinds: list[str]
    rows: list[list[Any]]
    sums: dict[int, str] = field(default_factory=dict)
    length: str | None = None
    total: int | None = None  # a list cut to its first rows (``build(limit=…)``): how many it has in all

    @property
    def count(self) -> int:
        """How many rows the table has in all (more than ``rows`` holds when it was cut)."""
        return len(self.rows) if self.total is None else self.total

    def shown_rows(self) -> list[list[Any]]:
        """The rows as the page, the PDF and the exports show them: rates as percentages, hours rounded."""
        fmt = {"rate": pct, "hours": lambda v: Figure("—" if v is None else f"{v:.1f}", v, "0.0")}
        return [[fmt[k](v) if k in fmt else (str(v) if k == "label" else v) for k, v in zip(self.kinds, row,
                                                                                            strict=True)]
                for row in self.rows]

    def export(self) -> Table:
        return Table(self.name, str(self.title), [str(h) for h in self.headers], self.shown_rows())

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": str(self.title), "basis": self.basis,
                "columns": [{"header": str(h), "kind": k} for h, k in zip(self.headers, self.kinds, strict=True)],
                "rows": [[_json(v) for v in row] for row in self.rows],
                "sums": {str(self.headers[i]): card for i, card in self.sums.items()}, "length": self.length,
                "total_rows": self.count}


def _json(v: Any) -> Any:
    if isinstance(v, datetime):
        return timezone.localtime(v).isoformat() if timezone.is_aware(v) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v if v is None or isinstance(v, int | float | str) else str(v)


@dataclass
class Dashboard:
    area: Area
    start: date
    end: date
    cards: dict[str, list[Card]] = field(default_factory=dict)  # section → cards
    tables: dict[str, FigureTable] = field(default_factory=dict)
    trend: dict[str, list[Any]] = field(default_factory=dict)
    limit: int | None = None  # the lists of cases keep this many rows (None: all)

    def card(self, name: str, section: str | None = None) -> Card:
        return next(c for s, cards in self.cards.items() if section in (None, s) for c in cards if c.name == name)

    def as_json(self) -> dict[str, Any]:
        return {"area": {"code": self.area.code, "name": self.area.name, "level": self.area.level},
                "from": self.start.isoformat(), "to": self.end.isoformat(),
                "cards": {s: [c.as_json() for c in cards] for s, cards in self.cards.items()},
                "tables": {k: t.as_json() for k, t in self.tables.items()}, "trend": self.trend}


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[from 00:00, the day after 'to' 00:00) in the district's time zone: the days the rollups count."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return (datetime.combine(start, time(), zone), datetime.combine(end + timedelta(days=1), time(), zone))


def build(user: Any, area: Area, start: date, end: date, limit: int | None = None) -> Dashboard:
    """The whole dashboard of an area the user may see (the caller has looked it up through ``visible_to``).

    ``limit``: the lists of cases keep their first rows only (the page and the API; their ``total`` still says how
    many the card counts, taken from the rollups or one count), the exports take them all. A city's year holds
    hundreds of thousands of cases behind its cards (docs/SCALING.md)."""
    with planned_with_values():  # its statements' lists of scopes change with every area and period
        return _build(user, area, start, end, limit)


def _build(user: Any, area: Area, start: date, end: date, limit: int | None) -> Dashboard:
    d = Dashboard(area, start, end, limit=limit)
    scope = kpis.area_scope(area.code)
    k = kpis.compute(scope, start, end)
    received = received_cases(user, area, start, end)
    prefix = scope_prefix(area.code)
    overdue_now = with_due(Case.objects.visible_to(user).filter(area_code__startswith=prefix,
                                                                status__in=OPEN_STATUSES, overdue=True))
    lo, hi = period_bounds(start, end)
    patrols = dict(Patrol.objects.visible_to(user).filter(area__code__startswith=prefix, started_at__gte=lo,
                                                          started_at__lt=hi)
                   .order_by().values_list("area__code").annotate(n=Count("id")))
    labels = {n: KPI_LABELS[n] for n in kpis.KPI_DEFINITIONS}
    by_name = {c.name: c for c in cards_of(k, labels)}
    by_name["patrols"] = count_card("patrols", kpis.FLOW, sum(patrols.values()),
                                    gettext_lazy("patrols started in the period"))
    d.tables["overdue_now"] = case_table("overdue_now", gettext_lazy("Overdue now (open cases)"), NOW, overdue_now,
                                         "overdue_now", limit, None if limit is None else overdue_now.count())
    by_name["overdue_now"] = count_card("overdue_now", NOW, d.tables["overdue_now"].count,
                                        gettext_lazy("open cases past their current deadline now (the desk's "
                                                     "overdue filter)"), "overdue_now")
    by_name["police_circle_share"] = police_figures(d)
    d.cards = {section: [by_name[n] for n in names] for section, names in GROUPS.items()}

    d.trend = kpis.series(scope, start, end, ("reported", "closed", "overdue_cases"))
    d.tables["trend"] = FigureTable(
        "trend", "daily-trend", gettext_lazy("Day by day"), kpis.FLOW,
        [_("day"), _("reported"), _("closed"), _("went overdue")], ["date", "count", "count", "count"],
        [[date.fromisoformat(day), *(d.trend[m][i] for m in ("reported", "closed", "overdue_cases"))]
         for i, day in enumerate(d.trend["days"])], sums={1: "reported_count", 2: "closed_count", 3: "overdue_count"})
    d.tables["kpis"] = kpi_table("kpis", gettext_lazy("Key figures"), [c for s in GROUPS for c in d.cards[s]])
    d.tables["categories"] = category_table(area, start, end)
    children = list(Area.objects.visible_to(user).filter(parent=area).order_by("code").only("code", "name", "level"))
    wanted = COHORT_FIGURES | ({n: kpis.KPI_DEFINITIONS[n] for n in RANKED} if area.level < COUNTY else {})
    by_child = kpis.compute_many([kpis.area_scope(a.code) for a in children], start, end, wanted)  # both tables'
    d.tables["subareas"] = subarea_table(area, children, by_child, k, patrols)
    if area.level < COUNTY:  # a city compares its counties, a province its cities
        d.tables["ranking"] = ranking_table(area, children, by_child)
    d.tables["units"] = unit_table(area, start, end)
    d.tables["workers"] = worker_table(area, start, end)
    for key, flagged, card, title in (
            ("overdue", Q(went_overdue=True), "cohort_overdue_count",
             gettext_lazy("Cases received in the period that went overdue")),
            ("escalated", Q(escalations__gt=0), "cohort_escalated_count",
             gettext_lazy("Cases received in the period that were escalated"))):
        # the flags the first ``overdue`` / ``escalate`` entry sets, read through their partial indexes newest first:
        # the cost follows the rows shown, not the cases of the period or the timeline (docs/SCALING.md)
        d.tables[key] = case_table(key, title, kpis.COHORT, received.filter(flagged), card, limit, k[card]["value"])
    kind_figures(d, user)
    return d


def received_cases(user: Any, area: Area, start: date, end: date) -> Any:
    """The cohort: cases of the area reported in the period (the day they were reported, in the district's zone)."""
    lo, hi = period_bounds(start, end)
    return Case.objects.visible_to(user).filter(area_code__startswith=scope_prefix(area.code), created_at__gte=lo,
                                                created_at__lt=hi)


CASE_COLUMNS = ("number", "kind", "category__name", "status", "area_path", "area_code", "handling_unit__name",
                "created_at", "due", "escalations", "short")
CASE_KINDS = ["code", "label", "label", "label", "label", "label", "datetime", "datetime", "count", "text"]


def case_table(key: str, title: Any, basis: str, qs: Any, length: str, limit: int | None = None,
               total: int | None = None) -> FigureTable:
    """The cases of the list, newest first: all of them, or the first ``limit`` with ``total`` saying how many the
    card counts (the page shows the first ones, the exports all). Only the columns the rows show are read, as
    tuples (a city's three lists of 100 at 10 M cases: 27 ms as model instances, 19 ms as tuples)."""
    qs = (with_due(qs).annotate(short=Substr("description", 1, 80)).order_by("-created_at", "-id")
          .values_list(*CASE_COLUMNS))
    kinds, statuses = {k: str(label) for k, label in Kind.choices}, {s: str(label) for s, label in Status.choices}
    rows = [[number, kinds.get(kind, kind), category, statuses.get(status, status),
             path[-1]["name"] if path else code, unit or "", created, due, escalations, short]
            for number, kind, category, status, path, code, unit, created, due, escalations, short
            in (qs if limit is None else qs[:limit])]
    headers = [_("number"), _("kind"), _("category"), _("status"), _("grid"), _("handling unit"), _("reported at"),
               _("current deadline"), _("escalations"), _("description")]
    return FigureTable(key, key.replace("_", "-"), title, basis, headers, CASE_KINDS, rows, length=length,
                       total=None if limit is None else total)


def kpi_table(key: str, title: Any, cards: list[Card]) -> FigureTable:
    """Cards as a table (the PDF's and the exports' key figures): an average shows how many it is over, not its sum
    of seconds."""
    rows = [[c.label, BASIS_LABELS[c.basis], c.shown, None if c.kind in ("hours", "days") else c.numerator,
             c.denominator] for c in cards]
    return FigureTable(key, key.replace("_", "-"), title, "mixed",
                       [_("indicator"), _("basis"), _("value"), _("numerator"), _("denominator")],
                       ["label", "label", "text", "count", "count"], rows)


COHORT_HEADERS = [gettext_lazy("received"), gettext_lazy("of which closed"), gettext_lazy("closure rate"),
                  gettext_lazy("on-time closure rate"), gettext_lazy("of which went overdue"),
                  gettext_lazy("of which escalated")]
COHORT_KINDS = ["count", "count", "rate", "rate", "count", "count"]


COHORT_NAMES = ("reported_count", "cohort_closed_count", "closure_rate", "on_time_closure_rate", "cohort_overdue_count",
          "cohort_escalated_count")
COHORT_FIGURES = {n: kpis.KPI_DEFINITIONS[n] for n in COHORT_NAMES}  # what the tables by category, area and unit show


def _cohort(k: dict[str, dict[str, Any]]) -> list[Any]:
    return [k["reported_count"]["value"], k["cohort_closed_count"]["value"], k["closure_rate"]["value"],
            k["on_time_closure_rate"]["value"], k["cohort_overdue_count"]["value"],
            k["cohort_escalated_count"]["value"]]


def _cohort_sums(first: int) -> dict[int, str]:
    return {first: "reported_count", first + 1: "cohort_closed_count", first + 4: "cohort_overdue_count",
            first + 5: "cohort_escalated_count"}


def category_table(area: Area, start: date, end: date) -> FigureTable:
    classes = list(Category.objects.filter(parent=None).order_by("code"))
    by_class = kpis.compute_many([kpis.area_scope(area.code, c.code[:2]) for c in classes], start, end,
                                 COHORT_FIGURES)
    rows = [[c.name, *_cohort(k)] for c in classes if (k := by_class[kpis.area_scope(area.code, c.code[:2])])
            ["reported_count"]["value"]]
    return FigureTable("categories", "by-category", gettext_lazy("By category (cases received in the period)"),
                       kpis.COHORT, [_("category"), *COHORT_HEADERS], ["label", *COHORT_KINDS], rows,
                       sums=_cohort_sums(1))


def subarea_table(area: Area, children: list[Area], by_child: dict[str, dict[str, dict[str, Any]]],
                  k: dict[str, dict[str, Any]], patrols: dict[str, int]) -> FigureTable:
    """The figures of each area one level down (``by_child``, its cohort figures by scope), and of what was placed
    on the area itself."""
    rows = [[a.code, a.name, *_cohort(by_child[kpis.area_scope(a.code)]),
             sum(n for code, n in patrols.items() if code.startswith(scope_prefix(a.code)))] for a in children]
    rest = _minus({n: k[n] for n in COHORT_NAMES}, list(by_child.values()))
    rest_patrols = sum(patrols.values()) - sum(r[-1] for r in rows)
    if rest["reported_count"]["value"] or rest_patrols:  # cases or patrols placed on the area itself, not below it
        rows.append([area.code, _("%(area)s itself") % {"area": area.name}, *_cohort(rest), rest_patrols])
    return FigureTable("subareas", "by-area", gettext_lazy("By sub-area (cases received in the period)"),
                       kpis.COHORT, [_("code"), _("area"), *COHORT_HEADERS, _("patrols")],
                       ["code", "label", *COHORT_KINDS, "count"], rows, sums={**_cohort_sums(2), 8: "patrols"})


RANKED = ["reported_count", "cohort_closed_count", "closure_rate", "on_time_closure_rate", "cohort_overdue_count",
          "cohort_escalated_count", "closed_count", "average_handling_hours", "satisfaction_rate"]


def ranking_table(area: Area, children: list[Area], by_child: dict[str, dict[str, dict[str, Any]]]) -> FigureTable:
    """A city's counties (a province's cities) side by side with the cards of their own dashboards, ranked by
    on-time closure, then by cases received; each row opens that area's dashboard."""
    ranked = sorted(children, key=lambda a: (-(by_child[kpis.area_scope(a.code)]["on_time_closure_rate"]["value"]
                                               or 0), -by_child[kpis.area_scope(a.code)]["reported_count"]["value"],
                                             a.code))
    kinds = [AVERAGES.get(n, "rate" if kpis.KPI_DEFINITIONS[n].denominator else "count") for n in RANKED]
    rows = [[i + 1, a.code, a.name, *(by_child[kpis.area_scope(a.code)][n]["value"] for n in RANKED)]
            for i, a in enumerate(ranked)]
    title = (gettext_lazy("Cities ranked by on-time closure") if area.level == PROVINCE else
             gettext_lazy("Counties ranked by on-time closure"))
    return FigureTable("ranking", "ranking", title, "mixed", [_("rank"), _("code"), _("area"),
                                                             *(KPI_LABELS[n] for n in RANKED)],
                       ["count", "code", "label", *kinds], rows)


def _minus(k: dict[str, dict[str, Any]], parts: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The figures of ``k`` less those of its parts (numerators and denominators subtracted, rates recomputed)."""
    out = {}
    for name, v in k.items():
        num = v["numerator"] - sum(p[name]["numerator"] for p in parts)
        den = None if v["denominator"] is None else v["denominator"] - sum(p[name]["denominator"] for p in parts)
        out[name] = {**v, "numerator": num, "denominator": den,
                     "value": num if den is None else (num / den if den else None)}
    return out


def unit_table(area: Area, start: date, end: date) -> FigureTable:
    """Units one level down (a district ranks its departments and township centres, a township its offices and
    village stations), by the on-time closure of the cases received in the period that they now hold."""
    codes = [area.code, *Area.objects.filter(parent=area).values_list("code", flat=True)]
    units = list(Unit.objects.filter(area__code__in=codes).only("pk", "name"))
    by_unit = kpis.compute_many([f"unit:{u.pk}" for u in units], start, end, COHORT_FIGURES)
    ranked = sorted(((u, k) for u in units if (k := by_unit[f"unit:{u.pk}"])["closure_rate"]["denominator"]),
                    key=lambda p: (-(p[1]["on_time_closure_rate"]["value"] or 0), -p[1]["closure_rate"]["denominator"],
                                   p[0].name))
    return FigureTable("units", "unit-ranking", gettext_lazy("Units ranked by on-time closure (cases received in the "
                                                             "period that they hold)"), kpis.COHORT,
                       [_("rank"), _("unit"), *COHORT_HEADERS], ["count", "label", *COHORT_KINDS],
                       [[i + 1, u.name, *_cohort(k)] for i, (u, k) in enumerate(ranked[:30])])


def worker_table(area: Area, start: date, end: date) -> FigureTable:
    """Grid workers from the township down, by the cases they reported in the period."""
    inside = scope_prefix(area.code)
    workers = list(Staff.objects.filter(role=Role.GRID_WORKER, area__code__startswith=inside, active=True)
                   .only("user_id", "name", "area__code").select_related("area")) if area.level >= 2 else []
    by_worker = kpis.compute_many([f"worker:{w.user_id}" for w in workers], start, end)
    ranked = sorted(((w, k) for w in workers if (k := by_worker[f"worker:{w.user_id}"])["reported_count"]["value"]),
                    key=lambda p: (-p[1]["reported_count"]["value"], -p[1]["self_handled_count"]["value"], p[0].name))
    title = (gettext_lazy("Grid workers ranked by reports") if area.level >= 2 else
             gettext_lazy("Grid workers ranked by reports (open a township to see them)"))
    return FigureTable("workers", "worker-ranking", title, kpis.COHORT,
                       [_("rank"), _("grid worker"), _("grid"), _("reported"), _("solved on the spot"),
                        _("of which closed"), _("closure rate")], ["count", "label", "code", "count", "count", "count",
                                                                  "rate"],
                       [[i + 1, w.name, w.area.code, k["reported_count"]["value"], k["self_handled_count"]["value"],
                         k["cohort_closed_count"]["value"], k["closure_rate"]["value"]]
                        for i, (w, k) in enumerate(ranked[:30])])


def police_figures(d: Dashboard) -> Card:
    """The households within 5 minutes of police (``police.figures``), and the per-village list it sums."""
    rows = village_reach(d.area)
    reached, households = sum(r.reached for r in rows), sum(r.households for r in rows)
    d.tables["police_coverage"] = FigureTable(
        "police_coverage", "police-coverage", gettext_lazy("Households within 5 minutes of police, by village"), NOW,
        [_("code"), _("village"), _("households"), _("reached within 5 minutes"), _("share")],
        ["code", "label", "count", "count", "rate"], [[r.code, r.name, r.households, r.reached, r.share] for r in rows])
    return Card("police_circle_share", KPI_LABELS["police_circle_share"], NOW,
                reached / households if households else None, reached, households,
                gettext_lazy("households of the area's grids that a police officer reaches within 5 minutes along the "
                             "roads from a police station or room, over all its households (now, whatever the period)"),
                "rate", "police_coverage")


TYPE_FACTS = {f"type_{t}{closed}": kpis.Definition(f"type_{t}{closed}", None, kpis.COHORT, "")
              for t in DisputeType.values for closed in ("", "_closed")}


def dispute_types(code: str, start: date, end: date,
                  k: dict[str, dict[str, Any]] | None = None) -> list[tuple[str, int, int]]:
    """(type, received, concluded) of the disputes received in the period, most first, from the rollups (the
    ``type_*`` facts of ``kpis.kind_facts``); ``k``: the dispute scope's figures with ``TYPE_FACTS``, if read."""
    if k is None:
        scope = kpis.area_scope(code, kind="dispute")
        k = kpis.compute_many([scope], start, end, TYPE_FACTS)[scope]
    found = [(t, k[f"type_{t}"]["value"], k[f"type_{t}_closed"]["value"]) for t in DisputeType.values]
    return sorted((row for row in found if row[1]), key=lambda row: (-row[1], row[0]))


def kind_figures(d: Dashboard, user: Any) -> None:
    """Disputes and petitions: their figures from the rollups, disputes by type, repeat petitions, screenings."""
    lo, hi = period_bounds(d.start, d.end)
    scopes = {kind: kpis.area_scope(d.area.code, kind=kind) for kind in ("dispute", "petition")}
    by_kind = kpis.compute_many(list(scopes.values()), d.start, d.end,  # both kinds and the types in one read
                                kpis.KIND_KPIS["dispute"] | kpis.KIND_KPIS["petition"] | TYPE_FACTS)
    for kind, title in (("dispute", gettext_lazy("Disputes")), ("petition", gettext_lazy("Petitions"))):
        k = {n: by_kind[scopes[kind]][n] for n in kpis.KIND_KPIS[kind]}
        d.cards[kind] = cards_of(k, {n: KIND_LABELS[n] for n in kpis.KIND_KPIS[kind]})
        d.tables[f"{kind}s"] = kpi_table(f"{kind}s", title, d.cards[kind])
    prefix = scope_prefix(d.area.code)
    types = dispute_types(d.area.code, d.start, d.end, by_kind[scopes["dispute"]])
    d.tables["dispute_types"] = FigureTable(
        "dispute_types", "dispute-types", gettext_lazy("Disputes by type (received in the period)"), kpis.COHORT,
        [_("type"), _("received"), _("concluded")], ["label", "count", "count"],
        [[str(DisputeType(t).label), n, closed] for t, n, closed in types],
        sums={1: "disputes_received", 2: "disputes_closed"})
    repeats = (Petition.objects.visible_to(user)
               .filter(case__area_code__startswith=prefix, case__created_at__gte=lo, case__created_at__lt=hi,
                       repeat_of__isnull=False).select_related("case", "repeat_of").order_by("-case__created_at"))
    repeated = d.card("repeat_rate", "petition").numerator
    d.tables["repeat_petitions"] = FigureTable(
        "repeat_petitions", "repeat-petitions", gettext_lazy("Repeat petitions received in the period"), kpis.COHORT,
        [_("number"), _("first received as"), _("why"), _("status")], ["code", "code", "label", "label"],
        [[p.case.number, repeat_answer(user, p)["repeat_of"] or _("outside your jurisdiction"), _(p.repeat_reason),
          str(p.case.get_status_display())] for p in (repeats if d.limit is None else repeats[:d.limit])],
        length="repeat_rate", total=None if d.limit is None else repeated)
    screenings = Screening.objects.visible_to(user).filter(area__code__startswith=prefix, day__gte=d.start,
                                                           day__lte=d.end)
    d.cards["dispute"] += [
        count_card("screenings", kpis.FLOW, screenings.count(), gettext_lazy("dispute screenings done in the period")),
        count_card("screenings_found", kpis.FLOW, screenings.filter(found=True).count(),
                   gettext_lazy("screenings in the period that found a dispute")),
    ]
