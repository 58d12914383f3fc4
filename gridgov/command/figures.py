"""The command centre's figures for an area and a period: every number comes from the KPI rollups (one query per
table, whatever the number of cases) and every table is an ``exports.Table``, so what the dashboard shows is what
Excel, CSV and the situation report get."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridgov.cases import kpis
from gridgov.cases.models import OPEN_STATUSES, Case, Category
from gridgov.cases.queries import inbox_order
from gridgov.disputes.models import DisputeType, Screening
from gridgov.exports import Table
from gridgov.field.models import Patrol
from gridgov.geo.models import Area
from gridgov.org.models import Role, Staff, Unit
from gridgov.petitions.actions import repeat_answer
from gridgov.petitions.models import Petition

RATE_KPIS = ("closure_rate", "on_time_closure_rate", "satisfaction_rate")


def pct(k: dict[str, Any]) -> str:
    return "—" if k["value"] is None else f"{k['value'] * 100:.1f}%"


def _kpi_row(k: dict[str, dict[str, Any]]) -> list[Any]:
    return [k["reported_count"]["value"], k["closed_count"]["value"], pct(k["closure_rate"]),
            pct(k["on_time_closure_rate"]), k["overdue_count"]["value"], pct(k["satisfaction_rate"])]


def _kpi_headers() -> list[str]:
    return [_("reported"), _("closed"), _("closure rate"), _("on-time closure rate"), _("overdue"),
            _("satisfaction rate")]


@dataclass
class Figures:
    area: Area
    start: date
    end: date
    kpis: dict[str, dict[str, Any]]
    trend: dict[str, list[Any]]
    tables: dict[str, Table] = field(default_factory=dict)
    patrols: int = 0
    kind_cards: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    screenings: int = 0
    screenings_found: int = 0


def case_rows(qs: Any) -> list[list[Any]]:
    return [[c.number, c.category.name, str(c.get_status_display()), c.area_path[-1]["name"] if c.area_path else "",
             c.handling_unit.name if c.handling_unit else "", c.due, c.escalations, c.description[:80]]
            for c in qs.select_related("category", "handling_unit")[:100]]


def case_headers() -> list[str]:
    return [_("number"), _("category"), _("status"), _("grid"), _("handling unit"), _("deadline"), _("escalations"),
            _("description")]


def figures(user: Any, area: Area, start: date, end: date) -> Figures:
    scope = kpis.area_scope(area.code)
    f = Figures(area, start, end, kpis.compute(scope, start, end),
                kpis.series(scope, start, end, ("reported", "closed", "overdue_cases")))
    f.tables["kpis"] = kpi_table(f.kpis)

    classes = list(Category.objects.filter(parent=None).order_by("code"))
    by_class = kpis.compute_many([kpis.area_scope(area.code, c.code[:2]) for c in classes], start, end)
    rows = [(c, by_class[kpis.area_scope(area.code, c.code[:2])]) for c in classes]
    f.tables["categories"] = Table("by-category", _("By category"), [_("category"), *_kpi_headers()], [
        [c.name, *_kpi_row(k)] for c, k in rows if k["reported_count"]["value"] or k["overdue_count"]["value"]])

    children = list(Area.objects.visible_to(user).filter(parent=area).order_by("code").only("code", "name", "level"))
    by_child = kpis.compute_many([kpis.area_scope(a.code) for a in children], start, end)
    patrols = dict(Patrol.objects.filter(area__code__startswith=area.code, started_at__date__gte=start,
                                         started_at__date__lte=end).values_list("area__code").annotate(n=Count("id")))
    f.patrols = sum(patrols.values())
    f.tables["subareas"] = Table("by-area", _("By sub-area"), [_("code"), _("area"), *_kpi_headers(), _("patrols")], [
        [a.code, a.name, *_kpi_row(by_child[kpis.area_scope(a.code)]),
         sum(n for code, n in patrols.items() if code.startswith(a.code))] for a in children])

    # Rankings look one level down (a district ranks its departments and township centres, a township its offices
    # and village stations; grid workers from the township down), so each is one bounded rollup query.
    units = list(Unit.objects.filter(area__code__in=[area.code, *(a.code for a in children)]).only("pk", "name"))
    by_unit = kpis.compute_many([f"unit:{u.pk}" for u in units], start, end)
    with_due = [(u, by_unit[f"unit:{u.pk}"]) for u in units]
    ranked = sorted((p for p in with_due if p[1]["closure_rate"]["denominator"]),
                    key=lambda p: (-(p[1]["on_time_closure_rate"]["value"] or 0), -p[1]["closure_rate"]["denominator"]))
    f.tables["units"] = Table("unit-ranking", _("Units ranked by on-time closure"),
                              [_("rank"), _("unit"), _("cases due"), *_kpi_headers()],
                              [[i + 1, u.name, k["closure_rate"]["denominator"], *_kpi_row(k)]
                               for i, (u, k) in enumerate(ranked[:30])])

    workers = list(Staff.objects.filter(role=Role.GRID_WORKER, area__code__startswith=area.code, active=True)
                   .only("user_id", "name", "area__code").select_related("area")) if area.level >= 2 else []
    by_worker = kpis.compute_many([f"worker:{w.user_id}" for w in workers], start, end)
    ranked_w = sorted(((w, by_worker[f"worker:{w.user_id}"]) for w in workers
                       if by_worker[f"worker:{w.user_id}"]["reported_count"]["value"]),
                      key=lambda p: (-p[1]["reported_count"]["value"], -p[1]["self_handled_count"]["value"]))
    f.tables["workers"] = Table("worker-ranking", _("Grid workers ranked by reports") if area.level >= 2 else
                                _("Grid workers ranked by reports (open a township to see them)"),
                                [_("rank"), _("grid worker"), _("grid"), _("reported"), _("solved on the spot"),
                                 _("closure rate"), _("satisfaction rate")],
                                [[i + 1, w.name, w.area.code, k["reported_count"]["value"],
                                  k["self_handled_count"]["value"], pct(k["closure_rate"]), pct(k["satisfaction_rate"])]
                                 for i, (w, k) in enumerate(ranked_w[:30])])

    open_here = Case.objects.visible_to(user).filter(area_code__startswith=area.code, status__in=OPEN_STATUSES)
    f.tables["overdue"] = Table("overdue", _("Overdue cases"), case_headers(),
                                case_rows(inbox_order(open_here.filter(overdue=True))))
    f.tables["escalated"] = Table("escalated", _("Escalated cases"), case_headers(),
                                  case_rows(inbox_order(open_here.filter(escalations__gt=0))))
    kind_figures(f, user)
    return f


KPI_LABELS = {
    "reported_count": gettext_lazy("Reported"),
    "closed_count": gettext_lazy("Closed"),
    "closure_rate": gettext_lazy("Closure rate"),
    "on_time_closure_rate": gettext_lazy("On-time closure rate"),
    "rework_rate": gettext_lazy("Rework rate"),
    "extension_rate": gettext_lazy("Extension rate"),
    "overdue_count": gettext_lazy("Overdue"),
    "average_handling_hours": gettext_lazy("Average handling time (h)"),
    "self_handled_count": gettext_lazy("Solved on the spot"),
    "timely_registration_rate": gettext_lazy("Timely registration rate"),
    "accurate_dispatch_rate": gettext_lazy("Accurate dispatch rate"),
    "satisfaction_rate": gettext_lazy("Satisfaction rate"),
}


KIND_LABELS = {
    "disputes_received": gettext_lazy("Disputes received"),
    "disputes_accepted": gettext_lazy("Disputes accepted"),
    "disputes_resolved": gettext_lazy("Disputes resolved"),
    "resolution_rate": gettext_lazy("Resolution rate"),
    "resolved_at_village": gettext_lazy("Resolved in the village"),
    "resolved_at_township": gettext_lazy("Resolved in the township"),
    "resolved_at_district": gettext_lazy("Resolved at the district"),
    "referred": gettext_lazy("Referred on (arbitration, court …)"),
    "average_days_to_resolution": gettext_lazy("Average days to resolution"),
    "agreements_held_rate": gettext_lazy("Agreements held at follow-up"),
    "petitions_received": gettext_lazy("Petitions received"),
    "petitions_accepted": gettext_lazy("Petitions accepted"),
    "one_time_resolution_rate": gettext_lazy("Solved at the first visit"),
    "on_time_reply_rate": gettext_lazy("Replied on time"),
    "satisfaction_rate": gettext_lazy("Satisfaction rate"),
    "repeat_rate": gettext_lazy("Repeat rate"),
}
AVERAGES = ("average_handling_hours", "average_days_to_resolution")


def kpi_cards(k: dict[str, dict[str, Any]], labels: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The KPIs as the dashboard and the report show them: label, shown value, numerator and denominator."""
    out = []
    for name, label in (labels or KPI_LABELS).items():
        v = k[name]
        if v["denominator"] is None:
            shown = str(v["value"])
        elif name in AVERAGES:
            shown = "—" if v["value"] is None else f"{v['value']:.1f}"
        else:
            shown = pct(v)
        out.append({"name": name, "label": label, "shown": shown, "numerator": v["numerator"],
                    "denominator": v["denominator"], "definition": v["definition"],
                    "average": name in AVERAGES})  # an average shows how many it is over, not a sum of seconds
    return out


def kpi_table(k: dict[str, dict[str, Any]], name: str = "kpis", title: str = "",
              labels: dict[str, Any] | None = None) -> Table:
    return Table(name, title or _("Key figures"), [_("indicator"), _("value"), _("numerator"), _("denominator")],
                 [[str(c["label"]), c["shown"], c["numerator"], c["denominator"]] for c in kpi_cards(k, labels)])


def kind_figures(f: Figures, user: Any) -> None:
    """Disputes and petitions: their figures from the rollups, disputes by type, and the grid workers' screenings."""
    for kind, title in (("dispute", _("Disputes")), ("petition", _("Petitions"))):
        k = kpis.compute_kind(kind, f.area.code, f.start, f.end)
        labels = {n: KIND_LABELS[n] for n in kpis.KIND_KPIS[kind]}
        f.kind_cards[kind] = kpi_cards(k, labels)
        f.tables[f"{kind}s"] = kpi_table(k, f"{kind}s", title, labels)
    disputes = (Case.objects.visible_to(user).filter(kind="dispute", area_code__startswith=f.area.code,
                                                     created_at__date__gte=f.start, created_at__date__lte=f.end)
                .values("dispute__dispute_type").annotate(n=Count("id"), closed=Count("id", filter=Q(status="closed"))))
    f.tables["dispute_types"] = Table("dispute-types", _("Disputes by type"), [_("type"), _("received"), _("closed")],
                                      [[str(DisputeType(r["dispute__dispute_type"]).label), r["n"], r["closed"]]
                                       for r in disputes if r["dispute__dispute_type"]])
    repeats = (Petition.objects.visible_to(user).filter(case__area_code__startswith=f.area.code,
                                                        case__created_at__date__gte=f.start,
                                                        case__created_at__date__lte=f.end, repeat_of__isnull=False)
               .select_related("case", "repeat_of").order_by("-case__created_at")[:100])
    f.tables["repeat_petitions"] = Table("repeat-petitions", _("Repeat petitions (for the leader)"),
                                         [_("number"), _("first received as"), _("why"), _("status")],
                                         [[p.case.number, repeat_answer(user, p)["repeat_of"]
                                           or _("outside your jurisdiction"),
                                           _(p.repeat_reason), str(p.case.get_status_display())] for p in repeats])
    screenings = Screening.objects.filter(area__code__startswith=f.area.code, day__gte=f.start, day__lte=f.end)
    f.screenings = screenings.count()
    f.screenings_found = screenings.filter(found=True).count()
