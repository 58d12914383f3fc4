"""The shipped assessment templates (docs/ASSESSMENT.md): the published town rules (100 points a month = grid
operation results 50 + duties performed 30 + grid worker performance 20, bonus capped at 10), the default; and a
second, different weighting (basics 40, service quality 30, innovation 20, emergency work 10) as a draft an
administrator may publish for an area. Seeded again when the table is found empty (gridgov.seeding)."""

from django.db import migrations


def item(code, name, group, max_, fact, rule, **kw):
    return {"code": code, "name": name, "group": group, "max": max_, "fact": fact, "rule": rule, **kw}


R, DU, P = "网格运行成效", "履职尽责", "网格员表现"
STANDARD = [
    item("reports", "上报事件", R, 12, "reports", "target", target=20),
    item("self_handled", "自行处置", R, 8, "self_handled", "target", target=8),
    item("timely_registration", "及时受理", R, 8, "timely_registration", "rate"),
    item("timely_handling", "按时办结", R, 10, "timely_handling", "rate"),
    item("disputes_found", "排查发现纠纷", R, 6, "disputes_found", "target", target=2),
    item("disputes_resolved", "纠纷化解", R, 6, "disputes_resolved", "rate"),
    item("patrol_coverage", "巡查覆盖率", DU, 12, "patrol_coverage", "rate", full_at=0.95),
    item("patrol_hours", "巡查时长", DU, 8, "patrol_hours", "target", per_working_day=2),
    item("screenings", "矛盾纠纷排查", DU, 5, "screenings", "target", target=4),
    item("checks_on_time", "按时核查", DU, 5, "checks_on_time", "rate"),
    item("satisfaction", "群众满意度", P, 8, "satisfaction", "rate"),
    item("rework", "返工", P, 4, "rework", "deduct", per=2),
    item("overdue", "超期", P, 4, "overdue", "deduct", per=2),
    item("training_hours", "参加培训", P, 4, "training_hours", "target", target=4),
]
B, S, IN, E = "基础工作", "服务质量", "创新工作", "应急工作"
SERVICE = [
    item("reports", "上报事件", B, 15, "reports", "target", target=15),
    item("patrol_coverage", "巡查覆盖率", B, 15, "patrol_coverage", "rate", full_at=0.9),
    item("screenings", "矛盾纠纷排查", B, 10, "screenings", "target", per_working_day=0.2),
    item("satisfaction", "群众满意度", S, 15, "satisfaction", "rate"),
    item("timely_handling", "按时办结", S, 10, "timely_handling", "rate"),
    item("checks_on_time", "按时核查", S, 5, "checks_on_time", "rate"),
    item("self_handled", "自行处置", IN, 10, "self_handled", "target", target=10),
    item("training_hours", "参加培训", IN, 10, "training_hours", "target", target=8),
    item("overdue", "超期", E, 10, "overdue", "deduct", per=5),
]


def seed(apps, schema_editor):
    Template = apps.get_model("assess", "Template")
    Template.objects.get_or_create(code="town-100", version=1, defaults={
        "name": "网格员月度考核（100分）", "status": "published", "items": STANDARD, "bonus_cap": 10,
        "eligibility": {"min_score": 85, "min_patrol_coverage": 0.95, "no_confirmed_complaint": True,
                        "min_active_days": 15, "nominate_from_top": 3},
        "note": "运行成效50 + 履职尽责30 + 网格员表现20；创新被镇/县/市/省采纳 +2/+4/+8/+10，加分封顶10分"})
    Template.objects.get_or_create(code="service-quality", version=1, defaults={
        "name": "网格员考核（基础40 服务30 创新20 应急10）", "status": "draft", "items": SERVICE, "bonus_cap": 5,
        "eligibility": {"min_score": 90, "min_patrol_coverage": 0.9, "no_confirmed_complaint": True,
                        "nominate_from_top": 1},
        "note": "另一种权重，可由管理员为某一区域发布"})


class Migration(migrations.Migration):
    dependencies = [("assess", "0001_assess_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
