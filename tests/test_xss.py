"""Content is data, never markup: XSS and Markdown-injection payloads in every field, built for real."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from htmlcheck import html_files, links, parse

from generator.publish.pipeline import build_sharded, build_site
from generator.publish.search_index import read_index, searched_docs
from generator.publish.sitedir import SITE_MARKER

PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "\"><script>alert(1)</script>", "'><img src=x onerror=alert(1)>", "javascript:alert(1)",
    "[点击](javascript:alert(1))", "[x](javascript:alert(1) \"t\")", "<a href=\"javascript:alert(1)\">x</a>",
    "![图](javascript:alert(1))", "<iframe src=javascript:alert(1)></iframe>", "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>", "**加粗**", "*强调*", "_强调_", "__加粗__", "`代码`",
    "# 标题", "## 二级标题", "> 引文", "- 列表", "+ 列表", "1. 列表", "1) 列表", "| a | b |", "---", "===",
    "[链接](http://evil.example)", "<http://evil.example>", "[^1]", "[TOC]", "{: onclick=\"alert(1)\" }",
    "文本 {#evil onclick=alert(1)}", "!!! note \"提示\"", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)", "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<!-- 注释 -->", "<![CDATA[x]]>",
    "\\*非强调\\*", "~~删除~~", "==标记==", "^^插入^^", ":smile:", "$x$", "<div markdown=\"1\">*x*</div>",
    "    缩进代码", "```\n代码\n```", "*[HTML]: Hyper", "<x onmouseover=alert(1)>x</x>",
    "<a href=# onclick=alert(1)>x</a>", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "</title><script>alert(1)</script>", "</textarea><script>alert(1)</script>", "{{ config }}", "{% raw %}",
    "${alert(1)}", "<object data=javascript:alert(1)>", "<form action=javascript:alert(1)><button>x",
    "<input onfocus=alert(1) autofocus>", "'';!--\"<XSS>=&{()}", "<<script>script>alert(1)<</script>/script>",
    "\x02klzzwxh:0000\x03", "关于印发<医疗保障基金管理办法>的通知",
]

#: Tags our templates produce inside a page's <article>; anything else came from content.
ALLOWED_IN_ARTICLE = {"h1", "h2", "h3", "p", "a", "table", "thead", "tbody", "tr", "th", "td",
                      "ol", "ul", "li", "blockquote", "strong", "br", "span", "details", "summary", "ins", "sup", "div"}


def statute_data() -> dict:
    return {
        "title": "法规" + PAYLOADS[0], "aliases": PAYLOADS[:6], "level": "法律", "issuer": PAYLOADS[6],
        "document_number": PAYLOADS[7], "versions": PAYLOADS[8:10],
        "articles": [{"number": 1, "texts": [{"text": p, "sources": ["xss"]} for p in PAYLOADS[10:14]]}],
    }


def power_data(n: int, payload: str) -> dict:
    other = PAYLOADS[(n + 7) % len(PAYLOADS)]
    return {
        "id": f"p{n:03d}", "serial": str(n + 1), "code": f"02{n:08d}", "name": f"{payload}（{n}）",
        "sub_item": other, "scope": payload, "category": "行政处罚", "category_as_published": other,
        "basis": [{"statute": "xss-fa", "title": payload, "level": "法律", "version": other, "ref": payload,
                   "article": 1, "text": payload},
                  {"statute": "xss-fa", "title": other, "text": other}],
        "basis_note": payload, "content": f"{payload}\n{other}",
        "responsibilities": [{"step": payload, "text": other}, {"text": payload}],
        "accountability": [payload, other], "liability": [payload], "responsible_body": payload,
        "implementing_body": other, "remarks": payload, "editor_notes": [payload], "unplaced": f"{other}\n{payload}",
        "supervision": payload, "remedy": other,
        "corrections": [{"field": "name", "published": payload, "corrected": f"（{n}）", "note": other}],
        **({"basis": [{"statute": "xss-fa", "title": payload, "article": 1, "text": f"{payload}。" * (400 // len(payload) + 1)}]}
           if n % 5 == 0 else {}),
    }


def agency_data(name: str) -> dict:
    return {
        "name": name, "region": PAYLOADS[14], "admin_level": "县级", "title": name + "清单",
        "edition": PAYLOADS[15], "source": PAYLOADS[16], "notes": PAYLOADS[17:20],
        "contact": {"address": PAYLOADS[18], "phone": "0951-5021234", "complaint_phone": "12393",
                    "website": "https://ylbz.example.cn/?a=1&b=%3Cscript%3E&c"},
        "source_url": "https://ylbz.example.cn/qzqd?x=%22%3E%3Cscript%3E&y=1#a",
        "powers": [power_data(n, p) for n, p in enumerate(PAYLOADS)],
        "published": "2024-01-02", "document_number": PAYLOADS[20],
        "editions": [{"label": PAYLOADS[21], "published": "2021-01-02", "document_number": PAYLOADS[22],
                      "title": PAYLOADS[23], "source": PAYLOADS[24], "notes": PAYLOADS[25:27],
                      "powers": [{**power_data(n, p), "name": p + "旧"} for n, p in enumerate(PAYLOADS[:5])]
                      + [power_data(90, PAYLOADS[27])]}],
        "adjustments": [{"date": "2023-01-02", "document_number": PAYLOADS[28], "kind": "增加",
                         "powers": ["p000", "p090"], "reason": PAYLOADS[29], "edition": None}],
    }


def catalogue_data() -> dict:
    """A catalogue whose every text is a payload: its items match the payload powers by code, by
    name, by names alike, and not at all (each report section gets payload names)."""
    items = [{"code": f"02{n:08d}", "name": PAYLOADS[(n + 3) % len(PAYLOADS)], "aliases": [PAYLOADS[n]],
              "category": "行政处罚", "basis": [{"statute": "xss-fa", "article": 1}], "notes": [PAYLOADS[n]]}
             for n in range(0, 12, 3)]
    items += [{"name": f"{PAYLOADS[n]}（{n}）", "category": "行政处罚"} for n in range(20, 24)]
    items += [{"name": PAYLOADS[30] + "目录专有", "category": "行政检查", "levels": ["县级"]}]
    return {"title": "目录" + PAYLOADS[31], "issuer": PAYLOADS[32], "description": PAYLOADS[33] + "\n" + PAYLOADS[34],
            "items": items}


def write_config(project: Path) -> None:
    """The project's mkdocs.yml: quanze's settings, and payloads in the words of the about page."""
    from generator.project import PACKAGED_CONFIG

    words = {"operator": PAYLOADS[35], "contact": PAYLOADS[36], "policy": f"{PAYLOADS[37]}\n{PAYLOADS[38]}",
             "report_url": "https://example.cn/jc?q=%3Cscript%3E&r=1", "report_email": "jc@example.cn"}
    (project / "mkdocs.yml").write_text(f"INHERIT: {json.dumps(str(PACKAGED_CONFIG))}\n" + yaml.safe_dump(
        {"extra": {"quanze": words}}, allow_unicode=True), "utf-8")


def write_content(root: Path) -> Path:
    write_config(root.parent)
    (root / "agencies").mkdir(parents=True)
    (root / "statutes").mkdir()
    (root / "catalogues").mkdir()
    (root / "catalogues" / "xss-mulu.yaml").write_text(json.dumps(catalogue_data(), ensure_ascii=False, indent=1),
                                                      "utf-8")
    third = {**agency_data(PAYLOADS[3]), "region": "北京市" + PAYLOADS[4]}  # a second province when sharded
    for stem, data in [("agencies/xss", agency_data(PAYLOADS[1])), ("agencies/xss2", agency_data(PAYLOADS[2])),
                       ("agencies/xss3", third), ("statutes/xss-fa", statute_data())]:
        # JSON is YAML: every string stays a string, every payload byte for byte
        (root / f"{stem}.yaml").write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return root


@pytest.fixture(scope="module", params=["one site", "by region", "by agency"])
def xss_site(request, tmp_path_factory) -> Path:
    """The payload corpus built as one site, and sharded by province and by agency (the light
    search entries and the sub-site names are paths a one-site build does not walk)."""
    root = tmp_path_factory.mktemp("xss")
    content = write_content(root / "content")
    if request.param == "one site":
        build_site(content, root / "site", strict=True, zip_site=True)
    else:
        build_sharded(content, root / "site", by=request.param.removeprefix("by "), jobs=1)
    return root / "site"


def power_page(site: Path, agency: str, n: int) -> Path:
    """A power page wherever the build placed it (a sharded site puts agencies in sub-sites)."""
    found = sorted(site.glob(f"**/agencies/{agency}/p{n:03d}.html"))
    assert len(found) == 1, found
    return found[0]


def search_indexes(site: Path) -> list[Path]:
    return sorted(site.glob("**/search/search_index.json"))


def test_payload_corpus_is_large_enough():
    assert len(set(PAYLOADS)) >= 50


def test_no_script_event_handler_or_javascript_url(xss_site):
    for page in html_files(xss_site):
        parsed = parse(page)
        where = page.relative_to(xss_site)
        for element in parsed.elements:
            handlers = [a for a in element.attrs if a.startswith("on")]
            assert not handlers, f"{where}: <{element.tag}> has {handlers}"
            if element.tag == "script" and element.attrs.get("type") == "application/ld+json":
                assert not set("<>&") & set(element.text), f"{where}: markup in JSON-LD"  # data, never markup
                assert json.loads(element.text)["@context"] == "https://schema.org"
            elif element.tag == "script":
                src = element.attrs.get("src", "")
                assert not src or re.fullmatch(r"(/|(\.\./)*)(assets/javascripts|search)/[\w.\-/]+\.js", src), src
                assert "alert" not in element.text and "XSS" not in element.text, f"{where}: script from content"
        for tag, url in links(parsed):
            assert not re.match(r"\s*(javascript|vbscript|data):", url, re.IGNORECASE), f"{where}: <{tag}> {url}"
            assert not re.match(r"https?://|//", url) or tag == "a" and "evil" not in url, f"{where}: {url}"


def test_no_formatting_from_content(xss_site):
    for page in html_files(xss_site):
        article = parse(page).article
        unexpected = {e.tag for e in article} - ALLOWED_IN_ARTICLE
        assert not unexpected, f"{page.relative_to(xss_site)}: {sorted(unexpected)}"
        divs = {e.attrs.get("class") for e in article if e.tag == "div"}
        assert divs <= {"quanze-cards", "quanze-citing"}, f"{page.relative_to(xss_site)}: {divs}"  # the templates' own, only
        spans = {e.attrs.get("class") for e in article if e.tag == "span"
                 and not re.fullmatch(r"item-\d+", e.attrs.get("id", ""))}  # a catalogue item's anchor
        assert spans <= {"quanze-nowrap", "quanze-note", "quanze-screen-only"}, f"{page.relative_to(xss_site)}: {spans}"


def test_titles_are_escaped(xss_site):
    for page in html_files(xss_site):
        source = page.read_text("utf-8")
        head = source[: source.index("</head>")]
        assert head.count("<title>") == 1 and head.count("</title>") == 1, page


def test_payloads_show_literally(xss_site):
    for n, payload in enumerate(PAYLOADS):
        parsed = parse(power_page(xss_site, "xss", n))
        heading = next(e for e in parsed.elements if e.tag == "h1").text
        lines = " ".join(line.strip() for line in payload.splitlines() if line.strip())
        shown = re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", lines)  # unprintable: U+FFFD
        assert heading.strip().removesuffix("¶") == f"{shown}（{n}）"  # ¶: the heading's permalink
        title = next(e for e in parsed.elements if e.tag == "title").text
        assert title.startswith(f"{shown}（{n}）")


def test_catalogue_pages_show_payloads_literally(xss_site):
    """The catalogue's own page and each agency's report page (the catalogue's texts and the
    payload powers' names in every section) carry no markup from content: the checks above
    walk them too; here their headings read as written."""
    flat = lambda text: re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd",  # noqa: E731
                               " ".join(line.strip() for line in text.splitlines() if line.strip()))
    page = parse(xss_site / "catalogues" / "xss-mulu" / "index.html")
    heading = next(e for e in page.elements if e.tag == "h1").text.strip().removesuffix("¶")
    assert heading == flat("目录" + PAYLOADS[31])
    reports = sorted((xss_site / "catalogues" / "xss-mulu" / "agencies").glob("*.html"))
    assert [r.stem for r in reports] == ["xss", "xss2", "xss3"]
    text = reports[0].read_text(encoding="utf-8")
    assert "名称相近" in text and "目录以外的职权" in text


def test_search_index_holds_only_escaped_text(xss_site):
    indexes = search_indexes(xss_site)
    assert indexes
    for path in indexes:
        check_search_index(path)


def check_search_index(path: Path) -> None:
    """Material shows titles and texts of its index as HTML: only our own tags may be there,
    with no handler or script URL, and the offline copy must hold the same data."""
    index = read_index(path.parent.parent)
    for doc in searched_docs(path.parent.parent):  # its own, and the shared light entries
        for key in ("title", "text"):
            value = doc[key].replace("\u200b", "")
            tags = set(re.findall(r"<\s*([a-zA-Z][\w-]*)", value))
            assert tags <= {"p", "a", "table", "thead", "tbody", "tr", "th", "td", "ol", "ul", "li",
                            "blockquote", "strong", "br", "sup"}, (doc["location"], tags)
            assert not re.search(r"<[^>]*\son\w+\s*=", value), doc["location"]
            assert not re.search(r"<[^>]*(javascript|vbscript|data):", value, re.IGNORECASE), doc["location"]
            assert not re.search(r"<\s*/?\s*(script|img|svg|iframe|style|object|math|body|details|input|form|x)\b",
                                 value, re.IGNORECASE), (doc["location"], value[:200])
    offline = path.with_suffix(".js").read_text("utf-8")
    assert json.loads(offline.removeprefix("var __index = ")) == index
    assert json.loads(path.read_text("utf-8"))["docs"] == []  # the entries are in the site once


def test_zip_holds_the_same_checked_files(xss_site):
    if not (xss_site / "quanze-site.zip").exists():
        pytest.skip("a sharded site offers no zip")
    with zipfile.ZipFile(xss_site / "quanze-site.zip") as archive:
        names = archive.namelist()
        for name in names:
            relative = name.split("/", 1)[1]
            assert archive.read(name) == (xss_site / relative).read_bytes(), name
    site_files = sorted(p.relative_to(xss_site).as_posix() for p in xss_site.rglob("*") if p.is_file())
    assert sorted(n.split("/", 1)[1] for n in names) == [f for f in site_files if f not in ("quanze-site.zip", SITE_MARKER)]


def test_angle_brackets_as_quotation_marks_display_as_written(xss_site):
    n = PAYLOADS.index("关于印发<医疗保障基金管理办法>的通知")
    text = power_page(xss_site, "xss", n).read_text("utf-8")
    assert "关于印发&lt;医疗保障基金管理办法&gt;的通知" in text
    assert html.unescape("&lt;医疗保障基金管理办法&gt;") == "<医疗保障基金管理办法>"


def test_sharded_sites_find_each_other_by_escaped_names(xss_site):
    """The light entries are there (so the test above walked them) and show payloads as text."""
    if len(search_indexes(xss_site)) < 2:
        pytest.skip("one site: no light entries")
    titles = [doc["title"].replace("\u200b", "") for path in search_indexes(xss_site)
              for doc in searched_docs(path.parent.parent)]
    assert html.escape(PAYLOADS[1], quote=False) + "清单" in titles


def test_sub_site_names_are_escaped(xss_site):
    for page in html_files(xss_site):
        source = page.read_text("utf-8")
        assert "<img src=x" not in source and "<svg onload" not in source, page.relative_to(xss_site)


def test_data_files_hold_every_payload_as_data(xss_site):
    """The JSON, CSV, XLSX and feed of a payload corpus parse, and hold the payloads as text (a
    sharded site's CSV and JSON gzip-compressed)."""
    import csv
    import gzip
    import io
    import xml.etree.ElementTree as ET

    import openpyxl

    packed = xss_site / "api" / "index.json.gz"  # (a sharded site's)
    index = json.loads(gzip.decompress(packed.read_bytes()) if packed.is_file()
                       else (xss_site / "api" / "index.json").read_bytes())
    ET.fromstring((xss_site / "api" / "changes.atom").read_bytes())
    for agency in index["agencies"]:
        urls = {ext: (xss_site / "api" / url).resolve() for ext, url in agency["data"].items()}

        def text(ext: str, encoding: str = "utf-8") -> str:
            data = urls[ext].read_bytes()
            return (gzip.decompress(data) if urls[ext].suffix == ".gz" else data).decode(encoding)
        record = json.loads(text("json"))
        assert [p["name"] for p in record["powers"]] == [f"{p}（{n}）" for n, p in enumerate(PAYLOADS)]
        rows = list(csv.reader(io.StringIO(text("csv", "utf-8-sig"))))
        assert len(rows) == len(PAYLOADS) + 1 and not any(c and c[0] in "=+-@" for row in rows for c in row)
        sheet = openpyxl.load_workbook(urls["xlsx"]).active
        # Excel reads OOXML's escapes (`_x0002_`: a control character) as the character; openpyxl leaves them
        names = [re.sub("_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), sheet.cell(r, 3).value)
                 for r in range(3, sheet.max_row + 1)]
        shown = [re.sub("[\ud800-\udfff\ufffe\uffff]", "\ufffd", f"{p}（{n}）{p}") for n, p in enumerate(PAYLOADS)]
        assert names == shown


def test_about_page_shows_the_configured_words_literally(xss_site):
    """The operator's words in mkdocs.yml are data too: shown as written, entities and all."""
    text = (xss_site / "about.html").read_text("utf-8")
    shown = lambda pattern: html.unescape(re.search(pattern, text).group(1))  # noqa: E731
    assert shown(r"<p>本站由(.*?)运营。</p>") == PAYLOADS[35]
    assert shown(r"<p>联系方式：(.*?)</p>") == PAYLOADS[36]
    assert '<a href="https://example.cn/jc?q=%3Cscript%3E&amp;r=1" rel="external noopener noreferrer">' in text
