"""The synthetic government of benchmarks/government.py: deterministic, valid, of the documented sizes."""

from __future__ import annotations

from pathlib import Path

from benchmarks.government import planned_powers, units, write_government
from benchmarks.government_data import DEPARTMENTS
from generator.content.places import admin_level
from generator.content.reader import read_content
from generator.publish.plan import province

SMALL = {"level": "county", "departments": 5, "scale": 0.2, "seed": 3}


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_same_seed_same_bytes(tmp_path):
    write_government(tmp_path / "a", **SMALL)
    write_government(tmp_path / "b", **SMALL)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    write_government(tmp_path / "c", **(SMALL | {"seed": 4}))
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_a_small_county_is_valid_and_of_the_documented_sizes(tmp_path):
    written = write_government(tmp_path / "content", **SMALL)
    reading = read_content(tmp_path / "content", "exact")
    assert [str(p) for p in reading.problems] == []
    corpus = reading.corpus
    assert len(corpus.agencies) == written.agencies == 5
    expected = {f"{units('county', 1, 3)[0].id}-{d.key}": planned_powers(d, "县级", 0.2) for d in DEPARTMENTS[:5]}
    assert {agency_id: len(a.powers) for agency_id, a in corpus.agencies.items()} == expected
    assert sum(expected.values()) == written.powers
    powers = [p for a in corpus.agencies.values() for p in a.powers]
    assert any(p.sub_item for p in powers) and max(len(p.basis) for p in powers) >= 5
    assert {a.admin_level for a in corpus.agencies.values()} == {"县级"}


def test_the_tables_add_up_to_a_county():
    assert len(DEPARTMENTS) == 40 and len({d.key for d in DEPARTMENTS}) == 40
    assert sum(d.powers for d in DEPARTMENTS) == 8109


def test_a_province_has_its_levels_and_places():
    found = units("province", 10, 0)
    assert [u.level for u in found].count("市级") == 2 and [u.level for u in found].count("县级") == 10
    assert found[0].level == "省级" and len({u.id for u in found}) == len(found)
    for unit in found:
        assert province(unit.region)[1] == unit.province
        assert admin_level(unit.region) == unit.level
