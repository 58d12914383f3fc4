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
