"""The fast path to the corpus gives the exact loader's answer, or defers to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.fastload import fast_corpus
from generator.content.reader import build_corpus

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def content(tmp_path):
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path / "content"


def edit(content: Path, old: str, new: str) -> None:
    path = content / "agencies" / "demo.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_clean_content_same_models(content):
    fast = fast_corpus(content)
    exact, problems = build_corpus(content)
    assert problems == [] and fast is not None
    assert fast.agencies == exact.agencies and fast.statutes == exact.statutes
    assert fast.cited_by.keys() == exact.cited_by.keys()


@pytest.mark.parametrize("old, new", [
    ("category: 行政处罚", "category: 行政处法"),            # schema error
    ("statute: shehui-baoxian-fa\n    title: 中华", "statute: shehui-baoxian\n    title: 中华"),  # check error
    ("source: 示例", "source: 示例\nsource: 二"),              # duplicate key (PyYAML would accept it)
    ("source: 示例", "source: 示例\n\"source\": 二"),          # the same key, quoted once
    ("source: 示例", "source: 示例\nextra: {1: a, 0x1: b}"),   # duplicate keys of other texts, the same number
    ("source: 示例", "source: &a 示例"),                       # anchor
    ("source: 示例", "source: 1e3"),                           # a float in YAML 1.2, a string in 1.1
    ("source: 示例", "source: 2021-01-01"),                    # a date, not a string
])
def test_any_doubt_gives_the_exact_problems(content, old, new):
    edit(content, old, new)
    assert fast_corpus(content) is None
    assert build_corpus(content, fast=True) == build_corpus(content)
    assert build_corpus(content)[1]


@pytest.mark.parametrize("old, new", [
    ("category: 行政处罚", "category: 行政处法"),            # schema error: this file read with lines
    ("statute: shehui-baoxian-fa\n    title: 中华", "statute: shehui-baoxian\n    title: 中华"),  # across files
    ("source: 示例", "source: 示例\nsource: 二"),              # duplicate key
    ("source: 示例", "source: &a 示例"),                       # anchor
])
def test_the_exact_loader_reads_lines_only_where_it_has_something_to_say(content, monkeypatch, old, new):
    """The exact loader (a build after a doubt, `quanze check`) reads a file with the lines of its
    values only when the fast path's reading of it doubts, or a problem found across files is in
    it; what it reports is what it reports with every file read with lines."""
    from generator.content import load, reader

    edit(content, old, new)
    read = []
    monkeypatch.setattr(load, "load_document", lambda path, root=None: read.append(path.name) or loading(path, root))
    loading = reader.load_document
    monkeypatch.setattr(reader, "load_document", load.load_document)
    found = reader.read_content(content, "exact"), reader.read_content(content, "keep-going")
    assert read and set(read) == {"demo.yaml"}  # (the statutes: nothing to say, never read with lines)
    monkeypatch.setattr(reader, "plain_model", lambda path, model_cls: None)  # (every file with its lines)
    every = reader.read_content(content, "exact"), reader.read_content(content, "keep-going")
    assert [(r.problems, r.counts) for r in found] == [(r.problems, r.counts) for r in every]
    assert all(p.line > 1 for r in found for p in r.problems if p.path.endswith("demo.yaml"))


def test_yaml_11_booleans_are_strings_as_in_the_exact_loader(content):
    edit(content, "remarks: 增加", "remarks: 'yes'")
    edit(content, "source: 示例", "source: yes")
    corpus, problems = build_corpus(content, fast=True)
    assert problems == [] and corpus.agencies["demo"].source == "yes"


def test_an_edited_file_is_read_again(content):
    first = fast_corpus(content)
    edit(content, "source: 示例", "source: 示例之二")
    second = fast_corpus(content)
    assert first.agencies["demo"].source == "示例" and second.agencies["demo"].source == "示例之二"


def test_unquoted_code_with_8_or_9_gives_the_exact_problem(content):
    edit(content, "code: '0247001000'", "code: 0847001000")
    assert fast_corpus(content) is None
    assert build_corpus(content, fast=True) == build_corpus(content)


def test_models_validated_by_an_earlier_run_are_taken_from_the_store(tmp_path, monkeypatch):
    """A second run (a new process: the in-process cache is empty) parses and validates only the
    files whose bytes changed; the models equal those of a fresh validation."""
    import shutil

    from generator.content import fastload

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    fastload._CACHE.clear()
    first = fast_corpus(content)
    assert first is not None and list((tmp_path / "cache" / "quanze" / "models").glob("*/*.pickle"))
    validated = []
    real = fastload.Agency.model_validate
    monkeypatch.setattr(fastload.Agency, "model_validate", lambda data: validated.append(1) or real(data))
    fastload._CACHE.clear()
    second = fast_corpus(content)
    assert validated == [] and second.agencies == first.agencies
    demo = content / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text("utf-8").replace("\ntitle: ", "\ntitle: 修订的", 1), "utf-8")
    fastload._CACHE.clear()
    third = fast_corpus(content)
    assert validated == [1] and third.agencies["demo"].title.startswith("修订的")


def test_a_store_that_cannot_be_read_is_only_a_slower_load(tmp_path, monkeypatch):
    import shutil

    from generator.content import fastload

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    fastload._CACHE.clear()
    assert fast_corpus(content) is not None
    for store in (tmp_path / "cache" / "quanze" / "models").glob("*/*.pickle"):
        store.write_bytes(b"not a pickle")
    fastload._CACHE.clear()
    assert fast_corpus(content) is not None


def test_two_files_of_the_same_bytes_are_two_models_from_the_store(tmp_path, monkeypatch):
    """Each agency is its own object (pages are kept by the identity and the id of what they
    show), even when two files hold the same bytes and come from the store."""
    import shutil

    from generator.content import fastload

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    shutil.copy(content / "agencies" / "demo.yaml", content / "agencies" / "demo2.yaml")
    for _ in range(2):  # the second load takes both from the store
        fastload._CACHE.clear()
        corpus = fast_corpus(content)
        assert corpus.agencies["demo"] == corpus.agencies["demo2"]
        assert corpus.agencies["demo"] is not corpus.agencies["demo2"]


def many_agencies(content: Path, count: int) -> list[Path]:
    demo = (content / "agencies" / "demo.yaml").read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = content / "agencies" / f"demo{n:03d}.yaml"
        path.write_text(demo.replace("name: 示例区", f"name: 示例{n}区", 1), encoding="utf-8")
        paths.append(path)
    return paths


def test_a_large_first_load_parses_half_in_a_second_process_with_the_same_models(content, tmp_path, monkeypatch):
    from generator.content import fastload

    many_agencies(content, 12)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fastload, "PARALLEL_FROM", 4)
    parsed_beside = []
    real = fastload._parsed_beside

    def beside(*args):
        found = real(*args)
        parsed_beside.append(len(found))
        return found
    monkeypatch.setattr(fastload, "_parsed_beside", beside)
    fast = fast_corpus(content)
    exact, problems = build_corpus(content)
    assert problems == [] and fast is not None and parsed_beside == [8]  # (13 agencies, 1 statute: 8 beside)
    assert fast.agencies == exact.agencies and fast.statutes == exact.statutes
    # each process wrote its half into the store: a second load parses nothing
    assert len(list((tmp_path / "cache").rglob("models/*/*.pickle"))) == 14
    fastload._CACHE.clear()
    monkeypatch.setattr(fastload, "_parse", lambda raw, path: pytest.fail(f"{path} parsed again"))
    again = fast_corpus(content)
    assert again is not None and again.agencies == exact.agencies


def _texts(value, found: list) -> list:
    """Every text of a model, with each nested model's."""
    from pydantic import BaseModel

    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, BaseModel):
        for item in value.__dict__.values():
            _texts(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _texts(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, found)
    return found


def test_equal_texts_are_one_object_across_agencies_parsed_here_beside_or_from_the_store(content, tmp_path,
                                                                                         monkeypatch):
    """A list repeats its steps and quotes, a province's lists repeat each other's: each text is
    held once, whichever process parsed the file and whether it came from the store."""
    from generator.content import fastload

    many_agencies(content, 12)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fastload, "PARALLEL_FROM", 4)
    for _ in range(2):  # a first load (half parsed in a fork, its models unpickled here), then from the store
        fastload._CACHE.clear()
        corpus = fast_corpus(content)
        objects: dict[str, set[int]] = {}
        for agency in corpus.agencies.values():
            for text in _texts(agency, []):
                objects.setdefault(text, set()).add(id(text))
        repeated = [text for text in objects if "示例" in text and len(objects[text]) == 1]
        assert len(repeated) > 10  # (texts every agency repeats: one object each)
        # one object a value, or two for a value a model's `Literal` gives as its own (a category,
        # a level): never one an agency
        assert max(len(found) for found in objects.values()) <= 2
        exact, _problems = build_corpus(content)
        assert corpus.agencies == exact.agencies


def test_a_doubt_in_the_second_process_gives_the_exact_problems(content, tmp_path, monkeypatch):
    from generator.content import fastload

    paths = many_agencies(content, 12)
    paths[-1].write_text(paths[-1].read_text(encoding="utf-8").replace("source: 示例", "source: &a 示例", 1), "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fastload, "PARALLEL_FROM", 4)
    assert fast_corpus(content) is None
    assert build_corpus(content, fast=True) == build_corpus(content)


def test_a_load_checks_again_only_the_agencies_that_changed(content, tmp_path, monkeypatch):
    """The checks of one agency at a time run on the agencies an earlier load did not find clean
    with the same statutes; a problem in an edited agency, or in any agency once a statute
    changed, still sends the load to the exact path."""
    from generator.content import checks, fastload

    many_agencies(content, 3)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    checked: list[str] = []
    for check in list(checks.PER_AGENCY):
        def counted(corpus, real=check):
            checked.extend(sorted(corpus.agencies))
            return real(corpus)
        monkeypatch.setattr(checks, "PER_AGENCY", [counted if c is check else c for c in checks.PER_AGENCY])
        monkeypatch.setattr(checks, "CHECKS", [counted if c is check else c for c in checks.CHECKS])

    def load():
        fastload._CACHE.clear()
        checked.clear()
        return fast_corpus(content)

    assert load() is not None and set(checked) == {"demo", "demo000", "demo001", "demo002"}
    assert load() is not None and checked == []
    edit(content, "source: 示例", "source: 示例二")
    assert load() is not None and set(checked) == {"demo"}
    # a quote unlike the registry's is a warning of one agency's check: found in the edited agency
    quote = next(line for line in (content / "agencies" / "demo.yaml").read_text("utf-8").splitlines()
                 if line.strip().startswith("text:"))
    edit(content, quote, quote.replace("text: ", "text: 另有", 1))
    assert load() is None
    assert build_corpus(content)[1]
    edit(content, quote.replace("text: ", "text: 另有", 1), quote)
    assert load() is not None
    statute = next((content / "statutes").glob("*.yaml"))
    statute.write_text(statute.read_text("utf-8") + "\n", "utf-8")  # (other bytes: another digest)
    assert load() is not None and set(checked) == {"demo", "demo000", "demo001", "demo002"}


def test_a_problem_in_an_agency_checked_in_a_fork_gives_the_exact_problems(content, tmp_path, monkeypatch):
    """A first load of many agencies checks them one at a time in this process and a fork: a
    problem of any one of them, the fork's included, sends the load to the exact path."""
    from generator import processes
    from generator.content import fastload

    monkeypatch.setattr(processes, "FORK_AT_LEAST", 2)
    monkeypatch.setattr(processes, "CHUNK", 1)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert processes.fork_is_safe()  # (so the agencies are shared with a fork)
    paths = many_agencies(content, 5)
    fastload._CACHE.clear()
    assert fast_corpus(content) is not None
    last = paths[-1]
    text = last.read_text("utf-8")
    quote = next(line for line in text.splitlines() if line.strip().startswith("text:"))
    last.write_text(text.replace(quote, quote.replace("text: ", "text: 另有", 1), 1), "utf-8")
    fastload._CACHE.clear()
    assert fast_corpus(content) is None
    assert build_corpus(content, fast=True) == build_corpus(content)


# --- one parse a file: the bounds read from the text, the values made from libyaml's nodes -------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

YAML_PIECES = st.sampled_from([
    "a: ", "b: ", "- ", "  ", "    ", "\n", "\n  ", "\n- ", "\n  - ", "? ", ": ", "[", "]", "{", "}", ", ", "x", "中文",
    "'q'", '"d"', "1", "0x1F", "0o17", "08", "1e3", "-1.5", ".inf", "true", "True", "yes", "null", "~", "2021-01-01",
    "2021-01-01 10:00:00", "&a ", "*a", "!!str ", "! ", "---\n", "...\n", "|\n  text\n", ">\n  folded\n", "#c", "-",
    ":", "a: [1, 2]", "a: {b: 1}", "a: a\na: b", "1: x\n'1': y", "<<: {a: 1}", "=", "\t",
    "- - - - - - - - - - - - - - - - - x", "[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]",
])


def _old_parse(text: str):
    """The fast path's parse before it was made in one pass: the event scan, then `yaml.load`."""
    import yaml

    from generator.content import fastload
    from generator.content.load import scan_events

    if scan_events(text, "x.yaml"):
        return "doubt"
    try:
        return yaml.load(text, Loader=fastload.Yaml12Loader)
    except (yaml.YAMLError, ValueError, TypeError, fastload._Doubt):
        return "doubt"


def _new_parse(text: str):
    from generator.content import fastload

    try:
        return fastload._parse(text.encode("utf-8"), Path("x.yaml"))
    except fastload._Doubt:
        return "doubt"


@settings(max_examples=1500, deadline=None)
@given(st.lists(YAML_PIECES, max_size=25))
def test_one_pass_parse_gives_what_the_scan_and_load_gave(pieces):
    from generator.content.fastload import plainly_bounded
    from generator.content.load import scan_events

    text = "".join(pieces)
    if plainly_bounded(text):  # (a second document is left to libyaml's composer, which refuses it)
        assert [p for p in scan_events(text, "x.yaml") if "---" not in p.message] == [], text
    old, new = _old_parse(text), _new_parse(text)
    assert repr(new) == repr(old), text


@pytest.mark.parametrize("text, bounded", [
    ("a: 1\nb:\n- c: 2\n  d: [3, 4]\n", True),
    ("a: &x 1\n", False),
    ("a: !!str 1\n", False),
    ("a:\n" + "".join(" " * (2 * n) + f"k{n}:\n" for n in range(1, 20)) + " " * 40 + "v: 1\n", False),
    ("[" * 33 + "]" * 33, False),
    ("[" * 17 + "]" * 17, True),
    ("- " * 17 + "x\n", False),
    ("a: x\n" * 49_999, True),  # (99,999 values at most by its colons; 49,999 pairs are there)
    ("a: x\n" * 200_001, False),
])
def test_plainly_bounded(text, bounded):
    from generator.content.fastload import plainly_bounded

    assert plainly_bounded(text) is bounded
