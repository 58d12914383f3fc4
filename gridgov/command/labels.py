"""What the dashboard calls its figures, and how it explains what each one counts (the cards' hover text)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridgov.cases.kpis import COHORT, FLOW

NOW = "now"

BASIS_LABELS = {COHORT: _("cohort"), FLOW: _("flow"), NOW: _("now"), "mixed": _("mixed")}
BASIS_HELP = {
    COHORT: _("the cases received in the period and what has become of them by now"),
    FLOW: _("events in the period, whenever the case was received"),
    NOW: _("at this moment, whatever the period (open cases, the police circle)"),
    "mixed": _("each row says what it counts"),
}
SECTION_TITLES = {
    "cases": _("Cases received in the period, and what became of them"),
    "activity": _("Activity in the period"),
    "now": _("Now"),
    "dispute": _("Disputes"),
    "petition": _("Petitions"),
}

KPI_LABELS = {
    "reported_count": _("Received"),
    "cohort_closed_count": _("Of which closed"),
    "closure_rate": _("Closure rate"),
    "on_time_closure_rate": _("On-time closure rate"),
    "cohort_overdue_count": _("Of which went overdue"),
    "cohort_escalated_count": _("Of which escalated"),
    "self_handled_count": _("Of which solved on the spot"),
    "closed_count": _("Closed in the period"),
    "overdue_count": _("Went overdue in the period"),
    "average_handling_hours": _("Average handling time"),
    "rework_rate": _("Rework rate"),
    "extension_rate": _("Extension rate"),
    "timely_registration_rate": _("Timely registration rate"),
    "accurate_dispatch_rate": _("Accurate dispatch rate"),
    "satisfaction_rate": _("Satisfaction rate"),
    "patrols": _("Patrols"),
    "overdue_now": _("Overdue now"),
    "police_circle_share": _("Households within 5 minutes of police"),
    "screenings": _("Dispute screenings"),
    "screenings_found": _("Screenings that found a dispute"),
}

KIND_LABELS = {
    "disputes_received": _("Disputes received"),
    "disputes_accepted": _("Of which accepted"),
    "disputes_closed": _("Of which concluded"),
    "disputes_resolved": _("Of which resolved"),
    "resolution_rate": _("Resolution rate"),
    "resolved_at_village": _("Resolved in the village"),
    "resolved_at_township": _("Resolved in the township"),
    "resolved_at_district": _("Resolved at the district"),
    "referred": _("Referred on (arbitration, court …)"),
    "average_days_to_resolution": _("Average time to resolution"),
    "agreements_held_rate": _("Agreements held at follow-up"),
    "petitions_received": _("Petitions received"),
    "petitions_accepted": _("Of which accepted"),
    "petitions_replied": _("Of which replied to"),
    "one_time_resolution_rate": _("Solved at the first visit"),
    "on_time_reply_rate": _("Replied on time"),
    "repeat_rate": _("Repeat rate"),
    "satisfaction_rate": _("Satisfaction rate"),
}
