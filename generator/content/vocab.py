"""Controlled vocabularies: categories of power, levels of legal source, type codes.

The published lists word these in many ways (其他类, 其它职权, 行政监督检查 ...);
the model keeps the published wording next to the canonical term.
"""

from __future__ import annotations

#: Canonical categories (职权类别) and the two-digit type code (职权编码 prefix) of each.
CATEGORIES: dict[str, str] = {
    "行政许可": "01",
    "行政处罚": "02",
    "行政强制": "03",
    "行政征收": "04",
    "行政给付": "05",
    "行政检查": "06",
    "行政确认": "07",
    "行政奖励": "08",
    "行政裁决": "09",
    "其他": "10",
}

#: The letters some provinces print in a code for the category (330200-CF-001): initials of its pinyin.
TYPE_LETTERS: dict[str, str] = {
    "行政许可": "XK",
    "行政处罚": "CF",
    "行政强制": "QZ",
    "行政征收": "ZS",
    "行政给付": "GF",
    "行政检查": "JC",
    "行政确认": "QR",
    "行政奖励": "JL",
    "行政裁决": "CJ",
    "其他": "QT",
}

#: ASCII slugs used in URLs for each category.
CATEGORY_SLUGS: dict[str, str] = {
    "行政许可": "xuke",
    "行政处罚": "chufa",
    "行政强制": "qiangzhi",
    "行政征收": "zhengshou",
    "行政给付": "geifu",
    "行政检查": "jiancha",
    "行政确认": "queren",
    "行政奖励": "jiangli",
    "行政裁决": "caijue",
    "其他": "qita",
}

#: Published wordings that mean a canonical category.
CATEGORY_SYNONYMS: dict[str, str] = {
    "行政监督检查": "行政检查",
    "监督检查": "行政检查",
    "其他类": "其他",
    "其它类": "其他",
    "其他职权": "其他",
    "其它职权": "其他",
    "其他行政权力": "其他",
    "其它行政权力": "其他",
    "其他权力": "其他",
    "其它": "其他",
}

#: Levels of legal source (法律渊源层级), highest first.
LEVELS: list[str] = [
    "法律",
    "行政法规",
    "部门规章",
    "地方性法规",
    "地方政府规章",
    "规范性文件",
    "其他",
]

#: Level tags as lists print them that mean one level of the vocabulary.
LEVEL_SYNONYMS: dict[str, str] = {
    "政府规章": "地方政府规章",
    "地方规章": "地方政府规章",
    "省政府规章": "地方政府规章",
    "市政府规章": "地方政府规章",
    "地方法规": "地方性法规",
    "部委规章": "部门规章",
    "国务院部门规章": "部门规章",
}

#: Level tags that name two levels: (the national one, the local one); the issuer decides.
AMBIGUOUS_LEVELS: dict[str, tuple[str, str]] = {
    "法规": ("行政法规", "地方性法规"),
    "规章": ("部门规章", "地方政府规章"),
    "行政规章": ("部门规章", "地方政府规章"),
}

LEVEL_SLUGS: dict[str, str] = {
    "法律": "falv",
    "行政法规": "xingzheng-fagui",
    "部门规章": "bumen-guizhang",
    "地方性法规": "difangxing-fagui",
    "地方政府规章": "difang-zhengfu-guizhang",
    "规范性文件": "guifanxing-wenjian",
    "其他": "qita",
}

#: Administrative levels of an agency: province (and municipality), city (州, 盟, 地区), county
#: (区, 旗, 县级市), township (乡, 镇, 街道).
ADMIN_LEVELS: list[str] = ["省级", "市级", "县级", "乡级"]


def canonical_category(published: str) -> str | None:
    """Map a published category wording to the vocabulary, or None if unknown."""
    text = published.strip().rstrip("类") if published.strip() not in CATEGORIES else published.strip()
    if published.strip() in CATEGORIES:
        return published.strip()
    if published.strip() in CATEGORY_SYNONYMS:
        return CATEGORY_SYNONYMS[published.strip()]
    if text in CATEGORIES:
        return text
    return CATEGORY_SYNONYMS.get(text)


def type_code(category: str) -> str:
    """The two-digit code prefix of a canonical category (01 许可 ... 10 其他)."""
    return CATEGORIES[category]
