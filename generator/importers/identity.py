"""Who published a list: the agency's name and level, and the title, edition and 文号 of the list.

Every importer reads the publisher from the same lines (the title, a heading, a breadcrumb,
the file name) through this module:

    clean(line)        -> the title printed in the line, its edition words and 文号 set apart
    agency_name(text)  -> the department's name before the list words, e.g. 盘山县民政局
    admin_level(text)  -> the level its place words give: 省级, 市级, 县级 or 乡级
    identify(lines)    -> all of them from the first line that names an agency

A name ends in a department's word (局, 委员会, 厅, 办公室, 中心, ...); the level comes from
the place words before the department (省, 市, 县, 街道, ...), never from the department's own
word (省市场监管局 is 省级: 市场 is no city).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.places import admin_level
from ..content.places import places as place_words
from .chinese import to_simplified

#: The words that end a department's name, longest first.
DEPARTMENT_ENDINGS = ("人民政府", "委员会", "办事处", "办公室", "管委会", "政府", "中心", "局", "委", "厅", "站",
                      "所", "院", "馆", "队", "处", "署")
#: The longest start of a line read for a title: a title is a line, a paragraph that long is none.
TITLE_MAX = 300
#: The words that name the kind of list; the agency's name comes before them.
_LIST_WORDS = re.compile(r"权力和责任清单|权责清单|权力清单|责任清单|事项目录|事项清单|职责清单|清单|目录")
#: Words between the agency's name and the list words (西夏区医疗保障局行政职权事项), dropped from the end.
_QUALIFIERS = re.compile(r"(?:行政执法|行政权力|行政职权|公共服务|政务服务|行政|执法|权力|职权|权责|责任|职责|事项|"
                         r"部门|本级|机关|单位|许可|处罚|审批|服务|实施|保留|调整后|调整|公布|梳理|运行|的|和|及|与|、|"
                         r"\d{4}\s*年?度?|[\s\-—_·:：])$")
#: Words before the name that are not part of it.
_LEADING = re.compile(r"^(?:\d{4}\s*年度?|关于(?:公布|印发|公开|调整)?|公布|印发|附件\s*\d*\s*[:：.、]?|"
                      r"附表\s*\d*\s*[:：.、]?|[（(]?[一二三四五六七八九十]+[）)、.．]|"
                      r"[《“\"'\s\d.、:：_\-—]+)")

_EDITION = re.compile(r"[（(〔\[［【]?\s*(?P<edition>(?:沿用)?\s*\d{4}\s*年?\s*(?:版|本|度)(?:本)?|"
                      r"\d{4}\s*年\s*(?:修订|调整|更新)(?:版|本)?|第[一二三四五六七八九十\d]+版)\s*[）)〕\]］】]?")
_DATE = re.compile(r"[（(]?\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*(?:\d{1,2}\s*日?)?\s*[）)]?")
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d+\s*号")
_LABEL = re.compile(r"(?:^|\s)(?P<label>名称|标题|文件名称|题名|索引号|文号|发文字号|发文机关|发布机构|发文机构|发布日期|"
                    r"发文日期|成文日期|生成日期|公开日期|主题分类|组配分类|信息分类|信息来源|来源|有效性|关键词|关键字|"
                    r"公开方式|浏览次数)\s*[:：]\s*")
_CRUMB = re.compile(r"\s*(?:>|›|»|＞|→|&gt;)\s*|\s+/\s+")
_FILE_SUFFIX = re.compile(r"\.(?:docx?|xlsx?|wps|et|pdf|html?|shtml|csv|txt)$", re.IGNORECASE)
_COUNT = re.compile(r"[（(]\s*共\s*\d+\s*项\s*[）)]")

#: Departments' fields and the word their names end in, in a province and below it (民政厅,
#: 某某市民政局). Only fields whose names end the same way across the country are listed.
_FIELD_ENDINGS = {
    **{field: ("局", "局") for field in ("医疗保障", "市场监督管理", "市场监管", "林业和草原", "统计", "体育", "知识产权",
                                       "药品监督管理", "粮食和物资储备", "乡村振兴", "机关事务管理", "信访", "税务", "气象",
                                       "地震", "文物", "中医药管理", "烟草专卖", "数据")},
    **{field: ("厅", "局") for field in ("民政", "应急管理", "财政", "司法", "交通运输", "自然资源", "生态环境", "水利",
                                       "住房和城乡建设", "农业农村", "商务", "文化和旅游", "人力资源和社会保障", "教育",
                                       "公安", "退役军人事务", "审计")},
}


@dataclass
class Identity:
    """What the lines of a list say about who published it; None where they do not say."""

    name: str | None = None
    """The agency's name, e.g. 辽宁省市场监督管理局."""
    aliases: list[str] = field(default_factory=list)
    """Second names printed in brackets after it, e.g. 辽宁省知识产权局."""
    level: str | None = None
    """省级, 市级, 县级 or 乡级, from the place words of the name (or of the title)."""
    title: str | None = None
    """The list's title as printed, without breadcrumb, labels, 文号 or date."""
    edition: str | None = None
    """Edition words as printed, e.g. 2024年版, 沿用2023年本, 2023年度."""
    document_number: str | None = None
    """The 文号 printed with the title, e.g. 辽市监发〔2023〕12号."""


@dataclass
class Cleaned:
    """One line taken apart: the title it prints, its edition words and 文号."""

    title: str
    edition: str | None = None
    document_number: str | None = None


def identify(lines: list[str | None], bodies: list[str] | None = None, region: str | None = None) -> Identity:
    """The publisher of a list from its lines, best first (title, headings, file name).

    The name is the first one a line gives; else the most frequent body (`bodies`: the
    责任主体/实施主体 of the items) that names an agency, completed where a line gave only its
    first words (内蒙古自治区医疗保障 + 内蒙古自治区医疗保障局). The level comes from the name's
    place words, else the region's, else a line's (某某县权责清单).
    """
    found = Identity()
    cleaned = [clean(line[:TITLE_MAX]) for line in lines if line and line.strip()]
    for line in cleaned:
        found.edition = found.edition or line.edition
        found.document_number = found.document_number or line.document_number
    named = [c for c in cleaned if re.search(r"[\u4e00-\u9fff]", _stem(c.title))]  # not a bare 权责清单
    found.title = (named or [c for c in cleaned if c.title] or [Cleaned("")])[0].title or None
    for line in cleaned:
        name, aliases = _name_and_aliases(line.title)
        if name:
            found.name, found.aliases = name, aliases
            break
    if not found.name:
        found.name = _from_bodies(bodies or [], [_stem(c.title) for c in cleaned])
    found.level = (admin_level(found.name or "") or admin_level(region or "")
                   or next((admin_level(c.title) for c in cleaned if admin_level(c.title)), None))
    return found


def clean(line: str) -> Cleaned:
    """The title a line prints: from a labelled line (名称：…) its 名称, from a breadcrumb
    (首页 > 政务公开 > …) its last part that names a list, from a file name its stem; the
    edition words and 文号 set apart, a date and a count (（共 15 项）) kept out of the way."""
    text = re.sub(r"\s+", " ", line).strip()
    number = None
    labelled = _labelled(text)
    if labelled:
        text = labelled.get("名称") or labelled.get("标题") or labelled.get("文件名称") or labelled.get("题名") or ""
        number = labelled.get("文号") or labelled.get("发文字号") or None
    if _FILE_SUFFIX.search(text):  # a file name: its stem, parts joined by _ or - read as one
        text = re.sub(r"^(?:附件\s*\d*\s*[:：.、]?|[\d_\-\s.])+", "", _FILE_SUFFIX.sub("", re.split(r"[/\\]", text)[-1])).replace("_", "")
    text = re.sub(r"^(?:您当前的位置|当前位置|您的位置|位置)\s*[:：]\s*", "", _last_crumb(text))
    text = re.sub(r"^附件\s*\d*\s*[:：.、]?\s*", "", text)
    found = _DOCUMENT_NUMBER.search(text)
    if found:
        number = number or found.group(0)
        text = (text[:found.start()] + text[found.end():]).strip()
    edition = _EDITION.search(text)
    text = _DATE.sub("", text).strip(" _-—")
    return Cleaned(text.strip(), _edition_words(edition), _tidy_number(number))


def agency_name(text: str) -> str | None:
    """The agency named in a title, or None: 盘山县民政局权责清单 -> 盘山县民政局."""
    return _name_and_aliases(clean(text).title)[0] if text else None


# -- the parts -------------------------------------------------------------------------------------


def _labelled(text: str) -> dict[str, str]:
    """The values of a line of labels (名称：… 文号：…), by label; empty when the line has none."""
    marks = list(_LABEL.finditer(text))
    if not marks:
        return {}
    return {m.group("label"): text[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(text))].strip()
            for i, m in enumerate(marks)}


def _last_crumb(text: str) -> str:
    """The last part of a breadcrumb that names a list or an agency (the whole text when no breadcrumb)."""
    parts = [p for p in _CRUMB.split(text) if p.strip()]
    if len(parts) < 2:
        return text
    named = [p for p in parts if _LIST_WORDS.search(to_simplified(p)) and _stem(p)]
    return (named or parts)[-1].strip()


def _edition_words(match: re.Match | None) -> str | None:
    return re.sub(r"\s+", "", match.group("edition")) if match else None


def _tidy_number(number: str | None) -> str | None:
    return re.sub(r"\s+", "", number) if number else None


def _stem(title: str) -> str:
    """What a title prints before its list words, without edition, count or qualifiers:
    内蒙古自治区医疗保障行政执法事项清单 -> 内蒙古自治区医疗保障."""
    simple = to_simplified(title)
    cut = _LIST_WORDS.search(simple)
    text = simple[:cut.start()] if cut else simple
    text = _COUNT.sub("", _EDITION.sub("", text))
    text = _after_issuer(text)
    previous = None
    while previous != text:  # and marks before the name: =, *, 1.
        previous, text = text, re.sub(r"^\W+", "", _LEADING.sub("", text.strip()))
    previous = None
    while previous != text:
        previous, text = text, _QUALIFIERS.sub("", text).strip()
    return text


def _after_issuer(text: str) -> str:
    """What a notice publishes (某某县人民政府关于公布县民政局…): the words after 关于, with the
    issuer's places where they name none or only a bare place word (某某县民政局)."""
    parts = re.split(r"关于(?:公布|印发|公开|调整)?", text)
    if len(parts) < 2:
        return text
    issuer, published = parts[0], parts[-1].strip()
    places = place_words(issuer)
    own = place_words(published)
    if places and own == [published[:1]] and places[-1].endswith(published[0]):
        return "".join(places) + published[1:]  # 县民政局 of 某某县人民政府: 某某县民政局
    return "".join(places) + published if places and not own else published


def _name_and_aliases(title: str) -> tuple[str | None, list[str]]:
    """The name a title gives (as printed) and the names in brackets after it."""
    stem = _stem(title)
    aliases: list[str] = []
    while True:
        bracket = re.search(r"[（(]([^（）()]+)[）)]$", stem)
        if not bracket:
            break
        inner = bracket.group(1)
        if inner.endswith(DEPARTMENT_ENDINGS):
            aliases.insert(0, inner)
        stem = stem[:bracket.start()].strip()
    if not _is_name(stem):
        return _named_after(title, stem) or _completed(title, stem), []
    return _as_printed(title, stem), [_as_printed(title, alias) for alias in aliases]


def _named_after(title: str, stem: str) -> str | None:
    """A name in brackets after the list words (盘山县权责清单（民政局）), the title's place before it."""
    simple = to_simplified(title)
    words = _LIST_WORDS.search(simple)
    after = re.match(r"\s*[（(]([^（）()]+)[）)]", simple[words.end():]) if words else None
    if not after or not _is_name(after.group(1)):
        return None
    place = stem if stem and sum(len(p) for p in place_words(stem)) == len(stem) else ""
    inner = _as_printed(title, after.group(1))
    return inner if not place or inner.startswith(place) else _as_printed(title, place) + inner


def _completed(title: str, stem: str) -> str | None:
    """A name a title gives by its place and field alone (内蒙古自治区医疗保障行政执法事项清单),
    completed with the word such a department's name ends in at its level."""
    places = place_words(stem)
    field_words = stem[sum(map(len, places)):]
    endings = _FIELD_ENDINGS.get(field_words)
    if not places or not endings:
        return None
    return _as_printed(title, stem) + endings[0 if admin_level(stem) == "省级" else 1]


def _is_name(text: str) -> bool:
    """A department's name: it ends with a department's word and has words before it."""
    ending = next((e for e in DEPARTMENT_ENDINGS if text.endswith(e)), None)
    return bool(ending) and len(text) > len(ending) and not re.search(r"[，。；;！？]", text)


def _as_printed(original: str, simple: str) -> str:
    """`simple` (found in the Simplified copy of `original`) as `original` prints it."""
    converted = to_simplified(original)
    at = converted.find(simple)
    if at < 0 or len(converted) != len(original):
        return simple
    return original[at:at + len(simple)]


def _from_bodies(bodies: list[str], stems: list[str]) -> str | None:
    """The body most items name that is an agency, the ones a title's stem begins preferred."""
    counted: dict[str, int] = {}
    for body in bodies:
        first = (body or "").split("\n")[0].strip()
        name = _name_and_aliases(first)[0] if first else None
        if name:
            counted[name] = counted.get(name, 0) + 1
    ranked = sorted(counted, key=lambda n: -counted[n])
    completing = [n for n in ranked for s in stems if s and to_simplified(n).startswith(s)]
    return (completing or ranked or [None])[0]
