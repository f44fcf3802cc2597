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


REGISTRATION_AGENCIES = {
    "jiu": """\
name: 旧例县市场监督管理局
region: 示例省示例市旧例县
admin_level: 县级
title: 旧例县市场监督管理局权责清单
edition: 2020年版
published: 2020-06-01
powers:
- id: chexiao
  name: 撤销以虚假材料取得的示例登记
  category: 行政处罚
  basis:
  - statute: shili-dengjifa
    title: 中华人民共和国示例登记法
    ref: 第四条
    article: 4
    text: 违反本法第三条规定，提交虚假材料取得示例登记的，由示例主管部门撤销登记，处一千元以上一万元以下的罚款。
  - statute: shili-dengjifa
    title: 中华人民共和国示例登记法
    ref: 第三条
    article: 3
    text: 申请人应当如实提交申请材料，并对申请材料的真实性负责。
- id: dengji
  name: 示例登记
  category: 行政许可
  basis:
  - statute: shili-dengjifa
    title: 中华人民共和国示例登记法
    ref: 第二条
    article: 2
  - statute: shili-dengjifa
    title: 中华人民共和国示例登记法
    ref: 第九条
    article: 9
""",
    "xin": """\
name: 新例县市场监督管理局
region: 示例省示例市新例县
admin_level: 县级
title: 新例县市场监督管理局权责清单
published: 2022-01-01
powers:
- id: chexiao
  name: 撤销以虚假材料取得的示例登记
  category: 行政处罚
  basis:
  - statute: shili-dengjifa
    title: 中华人民共和国示例登记法
    ref: 第五条
    article: 5
    text: 违反本法第四条规定，提交虚假材料取得示例登记的，由示例主管部门撤销登记，处二千元以上二万元以下的罚款。
""",
}


def registration_content(root: Path) -> Path:
    """content/ with the 示例登记法 of 2015 and 2021 imported (第二条 -> 第三条, 第三条 -> 第四条第一款,
    第四条 -> 第五条 amended, in force 2021-07-15), a list of 2020 citing the 2015 numbers and one
    of 2022 citing the 2021 numbers; at a fixed build date."""
    from generator.law.importer import import_statute

    content = root / "content"
    (content / "agencies").mkdir(parents=True)
    (content / "statutes").mkdir()
    for agency_id, text in REGISTRATION_AGENCIES.items():
        (content / "agencies" / f"{agency_id}.yaml").write_text(text, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1764547200")
    mp.chdir(root)
    try:
        for name in ("shili_dengji_fa_2015.md", "shili_dengji_fa_2021.md"):
            import_statute(FIXTURES / name, content, statute_id="shili-dengjifa")
    finally:
        mp.undo()
    return content
