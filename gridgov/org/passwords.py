"""Common Chinese passwords, refused beside Django's own list (English-speaking leaks): a short list of the most
used ones (``passwords_zh.txt``: keyboard walks, "I love you" numbers, lucky numbers) and a rule instead of a huge
generated list: a password made only of a few common pieces is refused, where a piece is a pinyin surname, a
common given-name syllable, a common word (woaini, iloveyou, admin …), a keyboard walk (qwer, asdf, 1qaz …), a
year, a date, a love or lucky number (520, 1314, 888), a run of one character or a digit sequence (aaa, 000,
1234), or punctuation.
So zhangwei1990, zhangxiaowei19900101, woaini13145200, qwer1234qwer1234 and Wang.Fang@1988 are all refused,
while a passphrase of unrelated words or a random string passes."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST = Path(__file__).with_name("passwords_zh.txt")

# The 100 most common surnames (pinyin), and common syllables of given names.
SURNAMES = """wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song
tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai jia ding wei xue ye yan lu du dai xia zhong
fu qiu qin jin shen ren yao shi tan liao zou xiong jiang kong bai cui kang mao qiu hao gu gong shao wan qian yin
duan lei long tao he yi chang niu hong fan mo ou ouyang zhuge situ shangguan""".split()
GIVEN = """wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiu ying hua ping gang gui
hui xia lan fei feng bo bin bing chen cheng dan di dong fan gang guo hai hao hong hu jia jian jiao jin kai kun
lin ling long mei meng nan ning peng qi qian qin qing rong rui shan sheng shu shuang si song tian ting wen xi xian
xiang xiao xin xing xu xuan xue ya yi yu yuan yue yun ze zhen zheng zhi zhong zhu zi jun hui hua mei lan san si
wu er da xiaoming xiaohong baobao beibei""".split()
WORDS = """woaini iloveyou love woaiwojia wojia woaini woaiwo aini wode nihao hello admin administrator password
passwd pass root user test guest qq wangluo zhongguo china beijing shanghai abc abcd abcde abcdef super
woshishui mima mimamima wodemima shouji taobao weixin baidu xiaomi huawei""".split()
KEYBOARD = """qwertyuiop asdfghjkl zxcvbnm 1qaz2wsx3edc4rfv qazwsxedcrfv 1q2w3e4r5t qweasdzxc qweasd zaq12wsx
poiuytrewq lkjhgfdsa mnbvcxz""".split()
LOVE = {"520", "521", "1314", "5201314", "1314520", "3344", "9420", "7758", "7758521", "168", "1688", "888", "666",
        "8888", "6666", "99", "88", "66"}
MAX_PIECES = 4


@cache
def common_list() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in LIST.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


@cache
def _letters() -> frozenset[str]:
    pieces = set(SURNAMES) | set(GIVEN) | set(WORDS)
    for walk in KEYBOARD:  # any stretch of 3+ keys along a keyboard row
        pieces.update(walk[i:j] for i in range(len(walk)) for j in range(i + 3, len(walk) + 1))
    return frozenset(pieces)


def _number_piece(digits: str) -> bool:
    """A year, a date, a love or lucky number, a run of one digit, or a sequence up or down."""
    n = len(digits)
    if digits in LOVE or (n >= 2 and len(set(digits)) == 1):
        return True
    if n >= 3 and all(int(b) - int(a) in (1, -9) for a, b in zip(digits, digits[1:], strict=False)):
        return True
    if n >= 3 and all(int(a) - int(b) in (1, -9) for a, b in zip(digits, digits[1:], strict=False)):
        return True
    if n == 4 and 1940 <= int(digits) <= 2039:
        return True
    if n == 2:
        return True  # a year's last two digits, a month or a day
    if n == 4:
        return 1 <= int(digits[:2]) <= 12 and 1 <= int(digits[2:]) <= 31  # mmdd
    if n == 6:
        return _number_piece(digits[:2]) and _number_piece(digits[2:])  # yymmdd
    if n == 8:
        return 1940 <= int(digits[:4]) <= 2039 and _number_piece(digits[4:])  # yyyymmdd
    return False


def pieces(password: str) -> int | None:
    """The fewest common pieces ``password`` splits into, or None if it does not split into them at all."""
    text = password.lower()
    letters = _letters()
    best: list[int | None] = [0] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 16), end):
            if best[start] is None:
                continue
            chunk = text[start:end]
            if re.fullmatch(r"[^a-z0-9]+", chunk):
                cost = 0  # punctuation joins pieces for free
            elif chunk in letters or (chunk.isdigit() and _number_piece(chunk)) or (
                    len(chunk) >= 2 and len(set(chunk)) == 1):  # aaa, 888
                cost = 1
            else:
                continue
            if best[end] is None or best[start] + cost < best[end]:
                best[end] = best[start] + cost
    return best[-1]


class ChineseCommonPasswordValidator:
    """Refuses the common Chinese passwords of ``passwords_zh.txt`` and any password made of at most ``max_pieces``
    common pieces (pinyin names, words, keyboard walks, years, dates, love and lucky numbers)."""

    def __init__(self, max_pieces: int = MAX_PIECES) -> None:
        self.max_pieces = max_pieces

    def validate(self, password: str, user: Any = None) -> None:
        text = password.strip().lower()
        found = pieces(text)
        if text in common_list() or (found is not None and found <= self.max_pieces):
            raise ValidationError(
                _("This password is too common: names, years, dates and keyboard rows are the first guesses."),
                code="password_too_common")

    def get_help_text(self) -> str:
        return _("Your password can't be a name with a year or date, a keyboard row or another common password.")
