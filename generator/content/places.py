"""Places and departments in an agency's name: 宁夏回族自治区银川市西夏区 | 医疗保障局.

    places(text)       -> the place words a name or region begins with
    admin_level(text)  -> the level those place words give: 省级, 市级, 县级 or 乡级
    department(name)   -> the department's part of a name, without its places

Used where an agency's name is read (the importers), shown (the home page groups agencies by
department) and searched (its short names). The level comes from the place words before the
department, never from the department's own word (省市场监管局 is 省级: 市场 is no city).
"""

from __future__ import annotations

import functools
import re

from .traditional import to_simplified

#: Words of departments that hold a place word's character (市场 is no city, 城乡 no township):
#: the place words of a name end where one of them begins.
_PLACE_LIKE = ("市场", "市政", "市容", "城市", "城乡", "城镇", "乡村", "乡镇", "镇村", "区域", "社区", "州际")
#: Place words and the level of a place they end (the longest tried first).
_PLACE_ENDINGS = {"自治区": "省级", "自治州": "市级", "自治县": "县级", "自治旗": "县级", "特别行政区": "省级",
                  "省": "省级", "地区": "市级", "市": "市级", "州": "市级", "盟": "市级", "新区": "县级", "区": "县级",
                  "县": "县级", "旗": "县级", "街道": "乡级", "苏木": "乡级", "乡": "乡级", "镇": "乡级"}
#: The 31 provincial-level divisions: short name (as a region starts), full name, and an ASCII id
#: (the folder of a province's sub-site in a sharded build).
PROVINCES: list[tuple[str, str, str]] = [
    ("北京", "北京市", "beijing"), ("天津", "天津市", "tianjin"), ("河北", "河北省", "hebei"),
    ("山西", "山西省", "shanxi"), ("内蒙古", "内蒙古自治区", "neimenggu"), ("辽宁", "辽宁省", "liaoning"),
    ("吉林", "吉林省", "jilin"), ("黑龙江", "黑龙江省", "heilongjiang"), ("上海", "上海市", "shanghai"),
    ("江苏", "江苏省", "jiangsu"), ("浙江", "浙江省", "zhejiang"), ("安徽", "安徽省", "anhui"),
    ("福建", "福建省", "fujian"), ("江西", "江西省", "jiangxi"), ("山东", "山东省", "shandong"),
    ("河南", "河南省", "henan"), ("湖北", "湖北省", "hubei"), ("湖南", "湖南省", "hunan"),
    ("广东", "广东省", "guangdong"), ("广西", "广西壮族自治区", "guangxi"), ("海南", "海南省", "hainan"),
    ("重庆", "重庆市", "chongqing"), ("四川", "四川省", "sichuan"), ("贵州", "贵州省", "guizhou"),
    ("云南", "云南省", "yunnan"), ("西藏", "西藏自治区", "xizang"), ("陕西", "陕西省", "shaanxi"),
    ("甘肃", "甘肃省", "gansu"), ("青海", "青海省", "qinghai"), ("宁夏", "宁夏回族自治区", "ningxia"),
    ("新疆", "新疆维吾尔自治区", "xinjiang"),
]
#: The municipalities, cities at the level of a province (北京市, 天津市, 上海市, 重庆市).
_MUNICIPALITIES = tuple(full for _, full, _ in PROVINCES if full.endswith("市"))
_BARE_PLACE = re.compile(r"^(?P<place>[省市州盟区县旗乡镇])")
#: Place endings with the shortest and longest name before them.
_UNIT_SHAPES = [(e, 2, 10) for e in ("自治区", "自治州", "自治县", "自治旗", "特别行政区")] + \
    [(e, 1, 5) for e in ("街道", "地区", "新区", "苏木")] + [(e, 1, 4) for e in "省市州盟区县旗乡镇"]
_PLACE_CHARS = set("省市州盟区县旗乡镇")
def admin_level(text: str) -> str | None:
    """The level the place words at the start of a name or region give, or None when it has none:
    辽宁省 -> 省级, 北京市 -> 省级 (a municipality), 盘山县 -> 县级, 某某市某某市 -> 县级 (a city
    under a city), 新街口街道 -> 乡级. A department's own word is no place (省市场监管局 is 省级)."""
    simple = to_simplified(text or "")
    places = _places(simple)
    if not places:
        return None
    last = places[-1]
    if last in _MUNICIPALITIES:
        return "省级"
    if last.endswith("市") and len(places) > 1 and any(p.endswith("市") for p in places[:-1]) \
            and places[0] not in _MUNICIPALITIES:
        return "县级"  # a city under a city: 县级市
    return next(level for ending, level in _PLACE_ENDINGS.items() if last.endswith(ending))


def places(text: str) -> list[str]:
    """The place words a name or region begins with: 盘山县民政局 -> [盘山县]."""
    return _places(to_simplified(text or ""))


def department(name: str) -> str:
    """The department a name is of, without its place words or a second name in brackets:
    盘山县民政局（盘山县老龄办） -> 民政局."""
    name = re.sub(r"\s*[（(][^（）()]*[）)]\s*$", "", name) or name
    simple = to_simplified(name)
    places = _places(simple)
    cut = sum(len(p) for p in places)
    return name[cut:] if len(simple) == len(name) and cut < len(name) else name


def _places(simple: str) -> list[str]:
    """The place words a name or region begins with: 宁夏回族自治区银川市西夏区医疗保障局 ->
    [宁夏回族自治区, 银川市, 西夏区]. They end where a department's word with a place
    character begins (市场, 城乡, ...); of the ways to cut them, the one that covers most, then
    the one whose places do not begin with a place word's character (郑州市|金水区, not 郑州|市金水区)."""
    stop = min((i for i in (simple.find(w) for w in _PLACE_LIKE) if i >= 0), default=len(simple))
    text = simple[:stop]
    if _BARE_PLACE.match(text) and not simple.startswith(_PLACE_LIKE) and not _units(text, 0):
        return [text[0], *_best_cut(text, 1)]
    return _best_cut(text, 0)


def _best_cut(text: str, start: int) -> list[str]:
    cuts = _cuts(text, start)
    best = max(cuts, key=lambda cut: (sum(map(len, cut)), -sum(unit[0] in _PLACE_CHARS for unit in cut)))
    return list(best)


@functools.lru_cache(maxsize=4096)
def _cuts(text: str, start: int) -> tuple[tuple[str, ...], ...]:
    """Every way to read `text[start:]` as place words, each as long as it goes."""
    found = [((unit, *rest)) for unit in _units(text, start) for rest in _cuts(text, start + len(unit))]
    return tuple(found) or ((),)


def _units(text: str, start: int) -> list[str]:
    """The place words that can begin at `start`: a name of the length its ending allows, then the ending."""
    units = []
    for ending, shortest, longest in _UNIT_SHAPES:
        for size in range(shortest, longest + 1):
            at = start + size
            if text.startswith(ending, at) and re.fullmatch(r"[\u4e00-\u9fff]+", text[start:at]):
                units.append(text[start:at + len(ending)])
    return units


_AUTONOMOUS = re.compile(r"(?:[\u4e00-\u9fff]{1,3}族)+自治(?:区|州|县|旗)|维吾尔自治区|自治(?:区|州|县|旗)")


def short_place(place: str) -> str:
    """A place as readers shorten it: without its place word (大同市 -> 大同, 内蒙古自治区 ->
    内蒙古, 延边朝鲜族自治州 -> 延边, 新疆维吾尔自治区 -> 新疆), never to one character (沙县 stays)."""
    for start in range(2, len(place)):
        if _AUTONOMOUS.fullmatch(place, start):
            return place[:start]
    ending = next((e for e in sorted(_PLACE_ENDINGS, key=len, reverse=True) if place.endswith(e)), "")
    return place[:-len(ending)] if ending and len(place) - len(ending) >= 2 else place
