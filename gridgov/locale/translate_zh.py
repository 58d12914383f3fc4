"""Fill the zh_Hans catalogue from this table, then compile it: python gridgov/locale/translate_zh.py

Run `django-admin makemessages -l zh_Hans` first when strings change; untranslated strings are listed at the end.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ZH = {
    "Audit": "审计", "time": "时间", "actor": "操作人", "action": "操作", "object type": "对象类型",
    "object id": "对象编号", "object": "对象", "changes": "变更内容", "audit event": "审计记录",
    "audit events": "审计记录", "Demo": "演示", "bounding box (WGS-84)": "外包矩形（WGS-84）",
    "Geography": "地理网格", "depth": "层级深度", "name": "名称", "English name": "英文名称", "level": "层级",
    "levels": "层级", "comprehensive grid": "综合网格", "dedicated grid": "专属网格", "code": "编码",
    "parent": "上级", "kind": "类型", "households": "户数", "residents": "人口", "boundary (WKB, WGS-84)": "边界",
    "updated": "更新时间", "area": "区域", "areas": "区域", "grid revision": "网格版本", "grid revisions": "网格版本",
    "Organisation": "组织机构", "governance centre": "综治中心", "village station": "村级综治站",
    "department": "职能部门", "public security": "公安", "justice": "司法", "letters and visits": "信访",
    "civil affairs": "民政", "human resources and social security": "人社", "urban management": "城管",
    "water conservancy": "水利", "housing and urban-rural development": "住建", "health": "卫健",
    "market supervision": "市场监管", "emergency management": "应急管理", "court litigation service": "法院诉讼服务",
    "legal aid": "法律援助", "people's mediation": "人民调解", "grid worker": "网格员", "grid leader": "网格长",
    "police liaison": "驻村（社区）民警", "intake operator": "受理员", "dispatcher": "调度员",
    "department handler": "部门办理人", "leader (read-only)": "领导（只读）", "administrator": "管理员",
    "area served": "服务区域", "parent unit": "上级单位", "stationed in the centre": "入驻中心",
    "work phone": "工作电话", "unit": "单位", "units": "单位", "login": "登录账号", "role": "角色",
    "jurisdiction": "辖区", "active": "在岗", "staff member": "工作人员", "staff": "工作人员",
    "Grid governance": "网格化社会治理", "Back office": "后台管理", "Log out": "退出", "Language": "语言",
    "Grid map": "网格地图", "No grid yet": "尚无网格", "Grid level": "网格层级", "People": "人员",
    "areas shown": "个区域", "Nobody assigned": "尚未配备人员", "Account locked": "账号已锁定",
    "Log in": "登录", "User name": "用户名", "Password": "密码",
    "Cases": "案件",
    "event": "事件",
    "grid worker app": "网格员App",
    "public web": "群众网上反映",
    "hotline": "热线电话",
    "petition window": "信访窗口",
    "video or sensor alarm": "视频或传感器告警",
    "higher level": "上级交办",
    "normal": "一般",
    "urgent": "紧急",
    "reported": "已上报",
    "registered, to dispatch": "已立案，待派遣",
    "dispatched, to accept": "已派遣，待签收",
    "being handled": "处置中",
    "handled, to check": "已处置，待核查",
    "check failed": "核查未通过",
    "checked, to close": "已核查，待结案",
    "closed": "已结案",
    "suspended": "已挂起",
    "voided": "已作废",
    "merged": "已合并",
    "class": "大类",
    "responsible unit per level": "各层级责任单位",
    "deadlines per urgency": "各紧急程度时限",
    "grid worker may solve on the spot": "网格员可现场处置",
    "category": "类别",
    "categories": "类别",
    "number": "编号",
    "channel": "来源渠道",
    "urgency": "紧急程度",
    "description": "描述",
    "reported longitude": "上报经度",
    "reported latitude": "上报纬度",
    "reported coordinate system": "上报坐标系",
    "longitude (WGS-84)": "经度（WGS-84）",
    "latitude (WGS-84)": "纬度（WGS-84）",
    "grid": "网格",
    "grid code": "网格编码",
    "reporter": "上报人",
    "citizen\'s name": "群众姓名",
    "citizen\'s phone": "群众电话",
    "owner (first-question) centre": "首问责任中心",
    "handling unit": "承办单位",
    "unit proposed by routing": "系统建议承办单位",
    "units involved": "涉及单位",
    "status": "状态",
    "verified on site": "已现场核实",
    "solved on the spot": "现场解决",
    "register by": "立案时限",
    "dispatch by": "派遣时限",
    "handle by": "处置时限",
    "check by": "核查时限",
    "overdue": "超期",
    "escalations": "提级次数",
    "extension asked": "申请延期",
    "merged into": "合并至",
    "rating": "评价",
    "tracking code": "查询码",
    "reported at": "上报时间",
    "closed at": "结案时间",
    "case": "案件",
    "cases": "案件",
    "from": "原状态",
    "to": "新状态",
    "note": "说明",
    "details": "详情",
    "timeline entry": "办理记录",
    "timeline": "办理记录",
    "file": "文件",
    "attachment": "附件",
    "attachments": "附件",
    "case number counter": "案件编号计数器",
    "case number counters": "案件编号计数器",
    "reminder": "提醒",
    "reminders": "提醒",
    "KPI rollup": "指标汇总",
    "KPI rollups": "指标汇总",
    "API token": "接口令牌",
    "API tokens": "接口令牌",
    "Working calendar": "工作日历",
    "year": "年份",
    "source": "来源",
    "calendar year": "日历年度",
    "calendar years": "日历年度",
    "date": "日期",
    "working day": "工作日",
    "special day": "特殊日期",
    "special days": "特殊日期",

    "Too many failed log-in attempts. Try again in 15 minutes, or ask an administrator to unlock the account.":
        "登录失败次数过多。请15分钟后再试，或联系管理员解锁。",
    "Wrong user name or password. After several failed attempts the account is locked for 15 minutes.":
        "用户名或密码错误。连续多次失败后账号将锁定15分钟。",
}

here = Path(__file__).resolve().parent
po = here / "zh_Hans" / "LC_MESSAGES" / "django.po"
text = po.read_text(encoding="utf-8")
missing = []


def fill(m: re.Match) -> str:
    msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    if not msgid:
        return m.group(0)
    if msgid not in ZH:
        missing.append(msgid)
        return m.group(0)
    return f'{m.group(1)}msgstr "{ZH[msgid]}"\n'


text = re.sub(r'(msgid (?:"(?:[^"\\]|\\.)*"\n)+)msgstr (?:"(?:[^"\\]|\\.)*"\n)+', fill, text)
text = text.replace("#, fuzzy\n", "", 1).replace('"Content-Type: text/plain; charset=CHARSET\\n"',
                                                 '"Content-Type: text/plain; charset=UTF-8\\n"')
po.write_text(text, encoding="utf-8")
subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
print("untranslated:", missing or "none")
