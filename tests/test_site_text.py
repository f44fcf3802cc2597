"""What readers see: the sources' text on the agency pages, and power pages that stay small
when many agencies hold the same powers."""

from __future__ import annotations

import copy
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import MINI

from generator.importers import read_source
from generator.importers.corrections import load_index
from generator.importers.fidelity import runs
from generator.publish.pipeline import build_site

ROOT = Path(__file__).resolve().parent.parent
INDEX = load_index(ROOT)
#: Share of each source's substantive text that must show on its agency's pages.
MINIMUM = {"pdftext": 0.97, "tsv": 0.99}


class _ArticleText(HTMLParser):
    """The text inside <article> (the page body, without navigation), scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.article = self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.article += tag == "article"
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.article -= tag == "article"
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if self.article and not self.skip:
            self.pieces.append(data)


def page_text(page: Path) -> str:
    parser = _ArticleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.pieces)


def shown(source: str, pages: list[Path]) -> tuple[int, int]:
    """(characters of substantive source text, characters of it shown on the pages)."""
    haystack = re.sub(r"\s+", "", "\u0000".join(page_text(p) for p in pages))
    found = [run for run in runs(source) if run in haystack]
    return sum(map(len, runs(source))), sum(map(len, found))


def test_shown_counts_only_page_bodies(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<nav>骗取基金</nav><article><h1>甲事项</h1><script>var 乙='x'</script></article>", "utf-8")
    assert page_text(page) == "甲事项"
    assert shown("甲事项，骗取基金。乙", [page]) == (len("甲事项骗取基金乙"), len("甲事项"))


@pytest.mark.parametrize("agency_id", sorted(INDEX))
def test_source_text_is_on_the_agency_pages(default_site, agency_id):
    entry = INDEX[agency_id]
    pages = sorted((default_site / "agencies" / agency_id).glob("*.html"))
    total, placed = shown(read_source(entry.source), pages)
    assert total > 1000
    assert placed / total >= MINIMUM[entry.format], (agency_id, placed / total)


def same_powers_elsewhere(tmp_path: Path, copies: int) -> Path:
    """The mini content with `copies` more agencies holding the same powers: same codes, same names."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    source = yaml.safe_load((MINI / "agencies" / "demo.yaml").read_text("utf-8"))
    for n in range(1, copies + 1):
        agency = copy.deepcopy(source)
        agency["name"] = f"复制{n}区医疗保障局"
        (content / "agencies" / f"copy-{n:03d}.yaml").write_text(json.dumps(agency, ensure_ascii=False), "utf-8")
    return content


def test_power_page_size_does_not_grow_when_agencies_share_its_powers(tmp_path, mini_site):
    site = tmp_path / "site"
    build_site(same_powers_elsewhere(tmp_path, 50), site, strict=True, zip_site=False)
    pages = sorted(p.relative_to(mini_site) for p in (mini_site / "agencies" / "demo").glob("*.html"))
    assert len(pages) > 2
    for page in pages:
        small, large = (mini_site / page).stat().st_size, (site / page).stat().st_size
        assert large <= small * 1.10, (page, small, large)
