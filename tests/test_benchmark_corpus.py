"""The synthetic benchmark corpus: deterministic, valid, the size asked for."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.corpus import FIRST_SYNTHETIC, PROVINCES, write_corpus
from generator.content.reader import build_corpus

MINI = Path(__file__).parent / "fixtures" / "mini"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_same_seed_same_bytes(tmp_path):
    a = write_corpus(MINI, tmp_path / "a", 40, seed=3)
    b = write_corpus(MINI, tmp_path / "b", 40, seed=3)
    assert files(a) == files(b)


def test_other_seed_other_names(tmp_path):
    a = write_corpus(MINI, tmp_path / "a", 40, seed=1)
    b = write_corpus(MINI, tmp_path / "b", 40, seed=2)
    assert files(a) != files(b)


def test_valid_corpus_with_n_agencies(tmp_path):
    out = write_corpus(MINI, tmp_path / "c", 62)
    corpus, problems = build_corpus(out)
    assert [p for p in problems if p.severity == "error"] == []
    assert len(corpus.agencies) == 62
    names = [a.name for a in corpus.agencies.values()]
    assert len(set(names)) == len(names)
    provinces = {next(p for p, _ in PROVINCES if a.region.startswith(p)) for a in corpus.agencies.values()}
    assert len(provinces) == 31


def test_same_statutes_sources_are_synthetic(tmp_path):
    out = write_corpus(MINI, tmp_path / "d", 5)
    corpus, _ = build_corpus(out)
    template, _ = build_corpus(MINI)
    assert sorted(corpus.statutes) == sorted(template.statutes)
    sources = {s for st in corpus.statutes.values() for a in st.articles for t in a.texts for s in t.sources}
    assert sources == set(corpus.agencies)


def test_template_name_replaced_and_text_varied(tmp_path):
    out = write_corpus(MINI, tmp_path / "e", 30)
    corpus, _ = build_corpus(out)
    template, _ = build_corpus(MINI)
    bodies = {p.implementing_body for a in corpus.agencies.values() for p in a.powers if p.implementing_body}
    assert not any("示例区" in b for b in bodies)
    assert bodies == {a.name for a in corpus.agencies.values()}
    varied = {tuple(s.text for p in a.powers for s in p.responsibilities) for a in corpus.agencies.values()}
    assert len(varied) > 1
    quotes = {c.text for a in corpus.agencies.values() for p in a.powers for c in p.basis}
    assert quotes == {c.text for p in template.agencies["demo"].powers for c in p.basis}


def test_digit_strings_stay_strings(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(MINI, source)
    path = source / "agencies" / "demo.yaml"
    path.write_text(path.read_text("utf-8").replace("'0247001000'", "'0248009000'"), "utf-8")
    corpus, problems = build_corpus(write_corpus(source, tmp_path / "out", 3))
    assert problems == [] and corpus.agencies["bj-00001"].powers[0].code == "0248009000"


def test_first_synthetic_agency_is_made_from_the_first_template(tmp_path):
    corpus, _ = build_corpus(write_corpus(MINI, tmp_path / "f", 7))
    first = corpus.agencies[FIRST_SYNTHETIC]
    assert [p.id for p in first.powers] == [p.id for p in build_corpus(MINI)[0].agencies["demo"].powers]
