"""`quanze check` on what a failed or partial import leaves: each problem warned at its line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

AGENCY = """\
name: 您当前的位置:首页>信息公开
region: ''
admin_level: 县级
title: ''
powers:
- id: a
  name: 序号 事项名称 事项类型
  category: 其他
  category_as_published: 行政备案
  unplaced: 一段没有归入字段的原文
- id: b
  name: 对参保人员的检查
  category: 其他
  category_as_published: 其他职权
"""


def _check(tmp_path: Path, text: str) -> str:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", content)
    (content / "agencies" / "imported.yaml").write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "check"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert "Traceback" not in run.stderr
    return run.stdout + run.stderr


def test_imported_agency_warnings(tmp_path):
    out = _check(tmp_path, AGENCY)
    lines = [line for line in out.splitlines() if "imported.yaml" in line]
    text = "\n".join(lines)
    assert "imported.yaml:2:1: warning: region is empty (write it as published (quanze import sets it with --region))" in text
    assert "imported.yaml:4:1: warning: title is empty" in text
    assert "imported.yaml:1:1: warning: name \"您当前的位置:首页>信息公开\" looks like a page's breadcrumb" in text
    assert "powers[0].name: name \"序号 事项名称 事项类型\" looks like a table header" in text
    assert 'powers[0].category: category 其他, but the list printed "行政备案"' in text
    assert "powers[0].unplaced: text the import could not place" in text
    assert "powers[1]" not in text  # 其他职权 is 其他


def test_agency_with_no_powers_is_warned(tmp_path):
    out = _check(tmp_path, "name: 某某县医疗保障局\nregion: 某省某县\nadmin_level: 县级\ntitle: 某某县医疗保障局权责清单\n")
    assert "imported.yaml" in out and "warning: the agency lists no power" in out
