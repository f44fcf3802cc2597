"""A small content folder citing the fixture statutes, for the tests of generator/law/ (no tests here)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "statutes"

AGENCY = """\
name: 示例县医疗保障局
region: 示例省示例市示例县
admin_level: 县级
title: 示例县医疗保障局权责清单
edition: {edition}
powers:
- id: chufa
  name: 对骗取示例保障基金支出的处罚
  category: 行政处罚
  basis:
  - statute: shili-baozhangfa
    title: 中华人民共和国示例保障法
    ref: 第六条
    article: 6
    text: 以欺诈手段骗取示例保障基金支出的，由行政部门责令退回，处骗取金额二倍以上五倍以下的罚款。
  - statute: shili-baozhangfa
    title: 中华人民共和国示例保障法
    ref: 第三条
    article: 3
    text: 示例保障经办机构提供示例保障服务,负责登记、个人账户记录、待遇支付等工作。
- id: jiancha
  name: 示例保障基金监督检查
  category: 行政检查
  basis:
  - statute: shili-baozhangfa
    title: 中华人民共和国示例保障法
    ref: 第五条第二款
    article: 5
    paragraph: 2
    text: 被检查的单位和个人应当如实提供有关资料。
  - statute: shili-baozhangfa
    title: 中华人民共和国示例保障法
    ref: 第五条第一款第三项
    article: 5
    paragraph: 1
    item: 3
    text: （三）对隐匿、转移示例保障基金的行为予以制止并责令改正。
  - statute: shili-baozhangfa
    title: 中华人民共和国示例保障法
    ref: 第九条
    article: 9
  - statute: shili-guanli-banfa
    title: 示例医疗费用管理办法
    ref: 第二条
    article: 2
    text: 示例医疗费用由经办机构按月结算。
"""

STATUTES = {
    "shili-baozhangfa": """\
# yaml-language-server: $schema=../../schema/statute.schema.json
title: 中华人民共和国示例保障法
aliases:
- 示例保障法
level: 法律  # checked against the official text
articles:
- number: 3
  texts:
  - text: 示例保障经办机构提供示例保障服务,负责登记、个人账户记录、待遇支付等工作。
    sources:
    - shili
""",
    "shili-guanli-banfa": """\
title: 示例医疗费用管理办法
level: 部门规章
""",
}


def make_content(root: Path, edition: str = "2021年3月") -> Path:
    """content/ with one agency (its list of the given edition) and two statute files."""
    content = root / "content"
    (content / "agencies").mkdir(parents=True)
    (content / "statutes").mkdir()
    (content / "agencies" / "shili.yaml").write_text(AGENCY.format(edition=edition), encoding="utf-8")
    for statute_id, text in STATUTES.items():
        (content / "statutes" / f"{statute_id}.yaml").write_text(text, encoding="utf-8")
    return content


def imported_content(root: Path) -> Path:
    """`make_content` in `root` with every fixture statute imported, at a fixed build date."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1764547200")
    mp.chdir(root)
    try:
        content = make_content(root)
        import_all(content)
    finally:
        mp.undo()
    return content


def import_all(content: Path) -> list[str]:
    """Import the fixture statutes (both versions of the 示例保障法, the repealed 办法, then the
    条例 with sub-items, tables, notes and an annex)."""
    from generator.law.importer import import_statute

    reports = []
    for name, statute_id in (("shili_baozhang_fa_2010.md", None), ("shili_baozhang_fa_2018.md", None),
                             ("shili_guanli_banfa_2005.md", "shili-guanli-banfa"),
                             ("shili_shoufei_tiaoli_2022.md", "shili-shoufei-tiaoli")):
        reports.append(import_statute(FIXTURES / name, content, statute_id=statute_id).text())
    return reports
