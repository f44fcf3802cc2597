"""An imported list on the site: extra columns under their printed names, an unparsed basis as printed."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.content.reader import load_corpus
from generator.importers import import_source
from generator.site.render import render_site

ROOT = Path(__file__).resolve().parents[1]


def _pages(tmp_path: Path, source: Path, **options) -> dict[str, str]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", content)
    result = import_source(source, agency_id="imported", meta={"region": "某省某县"}, **options)
    (content / "agencies" / "imported.yaml").write_text(result.yaml, encoding="utf-8")
    return {page.path: page.text for page in render_site(load_corpus(content))}


def test_extra_columns_and_unparsed_basis_on_the_power_page(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("某某县医疗保障局权责清单\n序号,事项名称,事项类型,设定依据,是否涉企,行使层级\n"
                      "1,医疗保障待遇支付,行政给付,国家和自治区有关文件规定,否,县级\n", encoding="utf-8")
    pages = _pages(tmp_path, source)
    page = next(text for path, text in pages.items() if path.startswith("agencies/imported/") and "index" not in path)
    assert '<th scope="row">是否涉企</th><td>否</td>' in page and '<th scope="row">行使层级</th><td>县级</td>' in page
    assert "清单未列职权依据" not in page
    assert "<blockquote>\n<p>国家和自治区有关文件规定</p>\n</blockquote>" in page
