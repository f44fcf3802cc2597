"""The light entries' texts, segmented as Material segments them, kept between runs."""

from __future__ import annotations

from generator.publish.builders import mkdocs

TEXTS = ["以欺诈、伪造证明材料骗取医疗保障基金", "行政处罚 0247001000", "A&amp;B 医疗保障局"]


def material(text: str) -> str:
    from material.plugins.search.plugin import SearchIndex

    mkdocs.cache_segmentation()
    return SearchIndex()._segment_chinese(text)


def test_kept_between_runs_and_the_same_as_material(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = mkdocs._Segments()
    assert [first.segment(t) for t in TEXTS] == [material(t) for t in TEXTS]
    first.save()
    second = mkdocs._Segments()
    assert second.found == {t: material(t) for t in TEXTS}
    second.cut = lambda text: "not cut again"
    assert [second.segment(t) for t in TEXTS] == [material(t) for t in TEXTS]


def test_a_store_that_cannot_be_read_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = mkdocs._Segments()
    first.segment(TEXTS[0])
    first.save()
    first.path.write_bytes(b"not a pickle")
    assert mkdocs._Segments().found == {}
    first.path.write_bytes(__import__("pickle").dumps({"x": 1}))  # not text: not taken
    assert mkdocs._Segments().segment(TEXTS[0]) == material(TEXTS[0])


def test_texts_of_several_processes_are_all_kept(tmp_path, monkeypatch):
    """The workers of a build each cut and save their texts: none overwrites the others'."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    one, two = mkdocs._Segments(), mkdocs._Segments()  # started before either saved
    one.segment(TEXTS[0])
    one.save()
    two.segment(TEXTS[1])
    two.save()
    assert mkdocs._Segments().found.keys() == {TEXTS[0], TEXTS[1]}
