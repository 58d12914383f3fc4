"""The shipped plans and scenario templates (data: change them in the back office). Periods are shorter than the
peacetime defaults (register and dispatch 30 minutes, handle 5 working days)."""

from __future__ import annotations

from typing import Any

NEEDS = [
    {"code": "relief", "name": "生活救助", "category": "1302"},
    {"code": "elderly", "name": "老人照护", "category": "1301"},
    {"code": "housing", "name": "房屋安全", "category": "1103"},
    {"code": "flood", "name": "防汛隐患", "category": "1104"},
]
TEAM = {"leader": 1, "workers": 3, "volunteers": "N"}

PLANS: list[dict[str, Any]] = [
    {"code": "epidemic", "name": "疫情防控", "kind": "epidemic", "needs": NEEDS[:3], "team": TEAM,
     "deadlines": {"normal": {"register": "10m", "dispatch": "10m", "handle": "1wd", "check": "1h"},
                   "urgent": {"register": "5m", "dispatch": "5m", "handle": "4h", "check": "30m"}}},
    {"code": "flood", "name": "防汛抢险", "kind": "flood", "needs": NEEDS, "team": TEAM,
     "deadlines": {"normal": {"register": "10m", "dispatch": "10m", "handle": "8h", "check": "1h"},
                   "urgent": {"register": "5m", "dispatch": "5m", "handle": "2h", "check": "30m"}}},
    {"code": "other", "name": "其他突发事件", "kind": "other", "needs": NEEDS[:2], "team": TEAM,
     "deadlines": {"normal": {"register": "15m", "dispatch": "15m", "handle": "2wd", "check": "1h"},
                   "urgent": {"register": "5m", "dispatch": "5m", "handle": "4h", "check": "30m"}}},
]

TEMPLATES: list[dict[str, Any]] = [
    {"code": "safe_campus", "name": "平安校园", "hours": 10, "layers": ["cameras", "police_rooms", "school_routes"],
     "tasks": [{"title": "上学时段校门口护学岗", "offset_minutes": -30, "department": "public_security"},
               {"title": "校园周边摊贩巡查", "offset_minutes": 60, "department": "urban_management"},
               {"title": "放学时段交通疏导", "offset_minutes": 540, "department": "public_security"}]},
    {"code": "large_event", "name": "大型活动", "hours": 6, "layers": ["cameras", "routes", "first_aid_points"],
     "tasks": [{"title": "活动前安全检查", "offset_minutes": -120, "department": "emergency"},
               {"title": "人流疏导与封控", "offset_minutes": 0, "department": "public_security"},
               {"title": "散场交通组织", "offset_minutes": 330, "department": "public_security"}]},
    {"code": "flood_point", "name": "易涝点值守", "hours": 24, "layers": ["water_gauges", "pumps", "routes"],
     "tasks": [{"title": "易涝点巡查", "offset_minutes": 0, "department": "water"},
               {"title": "转移路线检查", "offset_minutes": 120, "department": "emergency"}]},
    {"code": "festival", "name": "节庆活动", "hours": 12, "layers": ["cameras", "first_aid_points"],
     "tasks": [{"title": "消防通道检查", "offset_minutes": -60, "department": "emergency"},
               {"title": "集市秩序维护", "offset_minutes": 60, "department": "market"}]},
]


def seed(apps: Any, schema_editor: Any = None) -> None:
    Plan = apps.get_model("emergencies", "Plan")
    Template = apps.get_model("emergencies", "ScenarioTemplate")
    for p in PLANS:
        Plan.objects.update_or_create(code=p["code"], defaults={k: v for k, v in p.items() if k != "code"})
    for t in TEMPLATES:
        Template.objects.update_or_create(code=t["code"], defaults={k: v for k, v in t.items() if k != "code"})
