"""`quanze fmt`: canonical order and style, idempotent, comments kept, nothing the user wrote lost."""

from __future__ import annotations

import os
import shutil
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content.load import parse_yaml
from generator.content.validate import _plain
from generator.errors import ContentError
from generator.tools.fmt import format_paths

MINI = Path(__file__).parent / "fixtures" / "mini"
MODELINE = "# yaml-language-server: $schema=../../schema/agency.schema.json\n"


def agency_file(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    folder = tmp_path / "content" / "agencies"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_reorders_fields_keeps_comments_and_adds_the_modeline(tmp_path):
    path = agency_file(tmp_path, (
        "# 示例清单\n"
        "region: 示例省  # 省级\n"
        "name: 示例局\n"
        "admin_level: 县级\n"
        "title: 清单\n"
        "powers:\n"
        "- category: 其他   # 原文为其他类\n"
        "  name: 甲\n"
        "  id: a\n"
        "  extra_field: kept\n"))
    assert format_paths([path]) == [path]
    assert path.read_text(encoding="utf-8") == (
        MODELINE +
        "# 示例清单\n"
        "name: 示例局\n"
        "region: 示例省  # 省级\n"
        "admin_level: 县级\n"
        "title: 清单\n"
        "powers:\n"
        "- id: a\n"
        "  name: 甲\n"
        "  category: 其他   # 原文为其他类\n"
        "  extra_field: kept\n")
    assert format_paths([path]) == []


def test_long_texts_become_block_scalars(tmp_path):
    long = "社会保险经办机构" * 12
    path = agency_file(tmp_path, f"name: 局\nregion: r\nadmin_level: 县级\ntitle: t\nsource: \"{long}\"\n")
    format_paths([path])
    assert path.read_text(encoding="utf-8").endswith(f"source: |-\n  {long}\n")


def test_check_lists_without_writing(tmp_path, capsys):
    path = agency_file(tmp_path, "region: r\nname: 局\nadmin_level: 县级\ntitle: t\n")
    before = path.read_bytes()
    assert main(["fmt", "--check", str(path)]) == 1
    assert path.read_bytes() == before
    assert capsys.readouterr().out == f"would reformat {path}\n"
    assert main(["fmt", str(path)]) == 0
    assert main(["fmt", "--check", str(path)]) == 0


def test_bom_and_crlf_are_normalised(tmp_path):
    path = agency_file(tmp_path, "\ufeff" + MODELINE.replace("\n", "\r\n") + "name: 局\r\nregion: r\r\nadmin_level: 县级\r\ntitle: t\r\n")
    assert format_paths([path]) == [path]
    assert path.read_bytes() == (MODELINE + "name: 局\nregion: r\nadmin_level: 县级\ntitle: t\n").encode()


def test_files_that_do_not_load_are_refused_and_nothing_is_written(tmp_path):
    bad = agency_file(tmp_path, "name: 局\nname: 局\n", "bad.yaml")
    good = agency_file(tmp_path, "region: r\nname: 局\nadmin_level: 县级\ntitle: t\n", "good.yaml")
    before = good.read_bytes()
    with pytest.raises(ContentError) as caught:
        format_paths([tmp_path / "content"])
    assert str(caught.value) == f'{bad}:2:1: error: duplicate key "name" (remove or rename one of the two keys)'
    assert good.read_bytes() == before


def test_mini_content_is_already_canonical_except_for_the_modeline(tmp_path):
    shutil.copytree(MINI, tmp_path / "content")
    changed = format_paths([tmp_path / "content"])
    assert sorted(p.name for p in changed) == ["demo.yaml", "shehui-baoxian-fa.yaml"]
    statute = (tmp_path / "content" / "statutes" / "shehui-baoxian-fa.yaml").read_text(encoding="utf-8")
    assert statute == "# yaml-language-server: $schema=../../schema/statute.schema.json\n" + (
        MINI / "statutes" / "shehui-baoxian-fa.yaml").read_text(encoding="utf-8")
    assert format_paths([tmp_path / "content"]) == []


# --- property: every scalar the user wrote is kept ---------------------------------------------

odd_text = st.one_of(
    st.text(min_size=1, max_size=120),
    st.text(alphabet=string.printable + "：，。（）《》“”‘’#&*!|>%@`{}[]-?:、　\u2028\u0085\ufeff社会保险", max_size=200),
    st.sampled_from([" leading", "trailing ", "a: b", "# not a comment", "'quoted'", '"double"', "- item",
                     "line\nbreak", "\n", "x\n\n", "  indented\nblock", "yes", "no", "null", "~", "1.0", "0247",
                     "2021-01-01", "@at", "`tick`", "%pct", "tab\there", "\ttab", "\u3000全角空格", "a\r\nb"]),
)
power = st.fixed_dictionaries(
    {"id": st.just("p"), "name": odd_text, "category": st.just("其他")},
    optional={"serial": odd_text, "code": odd_text, "scope": odd_text, "content": odd_text, "remarks": odd_text,
              "accountability": st.lists(odd_text, max_size=3),
              "responsibilities": st.lists(st.fixed_dictionaries({"text": odd_text}, optional={"step": odd_text}),
                                           max_size=2)})
agency = st.fixed_dictionaries(
    {"name": odd_text, "region": odd_text, "admin_level": st.just("县级"), "title": odd_text},
    optional={"source": odd_text, "notes": st.lists(odd_text, max_size=3), "powers": st.lists(power, max_size=3),
              "unknown_key": odd_text})


@settings(max_examples=int(os.environ.get("QUANZE_FMT_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=agency)
def test_every_scalar_is_kept(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("fmt")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=60)
    path = agency_file(tmp_path, text)
    written = _plain(parse_yaml(text, "a.yaml")[0])  # what the file says, as the loader reads it
    format_paths([path])
    once = path.read_bytes()
    assert _plain(parse_yaml(once.decode("utf-8"), "a.yaml")[0]) == written
    assert format_paths([path]) == []
    assert path.read_bytes() == once


# --- comments after a block scalar's `|`, and flow collections with comments -------------------
HEAD = "name: 甲局\nregion: 甲省\nadmin_level: 县级\ntitle: 清单\npowers:\n- id: a\n  name: 甲\n  category: 其他\n"


@pytest.mark.parametrize("body", [
    "  content: |  # 原文如此\n    第一行\n    第二行\n",
    "  content: |-  # 原文如此\n    第一行\n    第二行\n",
    "  content: >  # 原文如此\n    第一行\n    第二行\n",
    "  content: |+  # 原文如此\n    第一行\n\n  remarks: 无\n",
])
def test_a_comment_after_the_block_indicator_is_kept(tmp_path, body):
    path = agency_file(tmp_path, MODELINE + HEAD + body)
    format_paths([path])
    assert path.read_text(encoding="utf-8") == MODELINE + HEAD + body
    assert format_paths([path]) == []


#: Fields that take a list or a mapping, written in flow style, with comments around them.
FLOW_CASES = [
    "  accountability: [甲, 乙]  # 注\n",
    "  accountability: [甲,  # 注\n    乙]\n",
    "  accountability: [\n    甲,  # 一\n    乙,  # 二\n  ]\n",
    "  extra: {列一: 值}  # 注\n",
    "  extra: {列一: 值,\n    列二: 值  # 注\n  }\n",
    "  extra: {列一: 值, 列二: 值}  # 注\n  remarks: 无\n",
    "  basis: [{statute: a, title: 甲法}]  # 注\n",
    "  basis: [{statute: a, title: 甲法},  # 注\n    {statute: b, title: 乙法}]\n",
    "  responsibilities: [{step: 立案, text: 甲}, {step: 调查, text: 乙}]  # 注\n  liability: [丙]  # 二\n",
    "  remarks: x\nnotes: [甲, 乙]  # 注\n",
    "  # 上方注释\n  accountability: [甲]\n  # 下方注释\n",
]


@pytest.mark.parametrize("body", FLOW_CASES)
def test_flow_collections_with_comments_format_once_and_keep_every_comment(tmp_path, body):
    path = agency_file(tmp_path, HEAD + body)
    written = _plain(parse_yaml(HEAD + body, "a.yaml")[0])
    format_paths([path])
    once = path.read_text(encoding="utf-8")
    assert _plain(parse_yaml(once, "a.yaml")[0]) == written
    for comment in ("# 注", "# 一", "# 二", "# 上方注释", "# 下方注释"):
        assert once.count(comment) == (HEAD + body).count(comment), (comment, once)
    assert format_paths([path]) == []
    assert path.read_text(encoding="utf-8") == once


@pytest.mark.parametrize("body, line", [
    ("  extra: {列一: 值,  # 注\n    列二: 值}\n", "9:19"),
    ("  extra: {列一: 值,  # 注\n    列二: 值}  # 二\n", "9:19"),
])
def test_a_comment_fmt_cannot_keep_is_refused_not_dropped(tmp_path, body, line):
    """ruamel.yaml drops a comment inside a flow mapping: fmt says so and writes nothing."""
    path = agency_file(tmp_path, HEAD + body)
    with pytest.raises(ContentError) as caught:
        format_paths([path])
    assert str(caught.value).startswith(f"{path}:{line}:")
    assert "fmt cannot keep the comment # 注" in str(caught.value)
    assert path.read_text(encoding="utf-8") == HEAD + body


comment = st.sampled_from(["", "  # 注", "  # 二 #三", "  #"])
flow_item = st.sampled_from(["甲", "'乙 # 不是注释'", "\"丙\"", "丁: 戊"]).filter(lambda s: ":" not in s)


@st.composite
def flow_power(draw):
    lines = []
    for field in draw(st.lists(st.sampled_from(["accountability", "liability", "extra", "remarks"]),
                               unique=True, max_size=4)):
        items = draw(st.lists(flow_item, min_size=1, max_size=3))
        if field == "extra":
            value = "{" + ", ".join(f"列{i}: {v}" for i, v in enumerate(items)) + "}"
        elif field == "remarks":
            value = "|" + draw(comment) + "\n    " + "\n    ".join(items)
            lines.append(f"  {field}: {value}\n")
            continue
        else:
            value = "[" + ", ".join(items) + "]"
        lines.append(f"  {field}: {value}{draw(comment)}\n")
        if draw(st.booleans()):
            lines.append("  # 独立注释\n")
    return "".join(lines)


@settings(max_examples=int(os.environ.get("QUANZE_FMT_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=flow_power())
def test_fmt_twice_is_fmt_once_with_flow_collections_and_comments(tmp_path_factory, body):
    path = agency_file(tmp_path_factory.mktemp("flow"), HEAD + body)
    written = _plain(parse_yaml(HEAD + body, "a.yaml")[0])
    format_paths([path])
    once = path.read_bytes()
    assert _plain(parse_yaml(once.decode("utf-8"), "a.yaml")[0]) == written
    assert once.decode("utf-8").count("#") - once.decode("utf-8").count("# 不是注释") >= \
        (HEAD + body).count("#") - (HEAD + body).count("# 不是注释")
    assert format_paths([path]) == []
    assert path.read_bytes() == once


def test_links_out_of_the_project_and_fifos_are_refused_not_read(tmp_path):
    good = agency_file(tmp_path, "region: r\nname: 局\nadmin_level: 县级\ntitle: t\n", "good.yaml")
    outside = tmp_path / "outside.yaml"
    outside.write_text("region: r\nname: 外\nadmin_level: 县级\ntitle: t\n", encoding="utf-8")
    project = tmp_path / "project"
    shutil.move(tmp_path / "content", project / "content")
    (project / "content" / "agencies" / "link.yaml").symlink_to(outside)
    os.mkfifo(project / "content" / "agencies" / "pipe.yaml")
    with pytest.raises(ContentError) as caught:
        format_paths([project / "content"])  # a FIFO read would hang here
    message = str(caught.value)
    assert "link.yaml:0:0: error: symbolic link to a file outside the project" in message
    assert "pipe.yaml:0:0: error: a named pipe (FIFO), not a regular file" in message
    assert outside.read_text(encoding="utf-8") == "region: r\nname: 外\nadmin_level: 县级\ntitle: t\n"
    assert (project / "content" / "agencies" / good.name).read_text(encoding="utf-8").startswith("region: r")


def test_a_catalogue_gets_the_catalogue_modeline_and_keeps_its_comments(tmp_path, capsys):
    folder = tmp_path / "content" / "catalogues"
    folder.mkdir(parents=True)
    (tmp_path / "content" / "agencies").mkdir()
    path = folder / "mulu.yaml"
    path.write_text("# 由编者整理\ntitle: 目录\nitems:\n- {name: 某项, category: 行政检查}\n", encoding="utf-8")
    assert main(["fmt", str(tmp_path / "content")]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/catalogue.schema.json\n# 由编者整理\n")
    assert yaml.safe_load(text) == {"title": "目录", "items": [{"name": "某项", "category": "行政检查"}]}
    assert main(["fmt", "--check", str(path)]) == 0  # a second run changes nothing
