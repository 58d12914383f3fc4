"""GB/T 28181 device IDs: 20 digits = centre code 8 (the GB/T 2260 county code 6 + grassroots unit 2) + industry 2
+ type 3 + network 1 + serial 6. The type codes below are those of the standard's device-type table (GB/T
28181-2016, appendix D); an ID whose type is not among them, or whose county is not one of this install's, is
refused."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TYPES: dict[str, str] = {
    "111": gettext_lazy("DVR"), "112": gettext_lazy("video server"), "113": gettext_lazy("encoder"),
    "114": gettext_lazy("decoder"), "115": gettext_lazy("video switching matrix"),
    "116": gettext_lazy("audio switching matrix"), "117": gettext_lazy("alarm controller"),
    "118": gettext_lazy("NVR"),
    "131": gettext_lazy("camera"), "132": gettext_lazy("IP camera"), "133": gettext_lazy("display"),
    "134": gettext_lazy("alarm input device"), "135": gettext_lazy("alarm output device"),
    "136": gettext_lazy("voice input device"), "137": gettext_lazy("voice output device"),
    "138": gettext_lazy("mobile transmission device"), "139": gettext_lazy("other peripheral"),
    "200": gettext_lazy("central signalling server"), "201": gettext_lazy("web application server"),
    "202": gettext_lazy("media distribution server"), "203": gettext_lazy("proxy server"),
    "204": gettext_lazy("security server"), "205": gettext_lazy("alarm server"),
    "206": gettext_lazy("database server"), "207": gettext_lazy("GIS server"),
    "208": gettext_lazy("management server"), "209": gettext_lazy("access gateway"),
    "210": gettext_lazy("media storage server"), "211": gettext_lazy("signalling security routing gateway"),
    "215": gettext_lazy("business group"), "216": gettext_lazy("virtual organisation"),
}


@dataclass(frozen=True)
class DeviceId:
    centre: str  # 8 digits: county code + grassroots unit
    industry: str  # 2
    type: str  # 3
    network: str  # 1
    serial: str  # 6

    @property
    def county(self) -> str:
        return self.centre[:6]


class BadDeviceId(ValueError):
    pass


def parse(text: str, counties: frozenset[str] | set[str]) -> DeviceId:
    """The parts of a device ID, or ``BadDeviceId`` saying what is wrong with it (``counties``: this install's)."""
    if len(text) != 20 or not (text.isascii() and text.isdigit()):
        raise BadDeviceId(_("a GB/T 28181 device ID has exactly 20 digits"))
    d = DeviceId(text[:8], text[8:10], text[10:13], text[13], text[14:])
    if d.county not in counties:
        raise BadDeviceId(_("its first six digits %(county)s are not a county of this install (%(ours)s)") % {
            "county": d.county, "ours": ", ".join(sorted(counties)) or "-"})
    if d.type not in TYPES:
        raise BadDeviceId(_("its type code %(type)s (digits 11-13) is not in the standard's device-type table") % {
            "type": d.type})
    return d
