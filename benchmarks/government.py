"""A deterministic synthetic government: every department of a county, a city or a province.

    python -m benchmarks.government --level county --out /tmp/county/content
    python -m benchmarks.government --level city --counties 8 --out /tmp/city/content
    python -m benchmarks.government --level province --counties 3 --out /tmp/province/content

A county is the 40 departments of `government_data.DEPARTMENTS` (8,109 powers); a city is the
city's own 40 departments (1.15 times a county's powers each) and `--counties` counties (default 8);
a province is its own 40 departments (0.7 times), `--counties` counties (default 100, about
810,000 powers: a full province) and the cities they belong to, 8 counties a city. The generator
streams: one agency is in memory at a time, so a sample province (`--counties 3`: the province,
one city and three counties) and a full one differ only in time and disk (about 5 KB a power).
`--departments D` keeps the first D departments of every unit and `--scale F` multiplies every
list's size (both for tests and quick runs).

Each department's list has the size and category mix of `government_data` (sources in
`government_sources.md`) and the shapes real lists have: 主项 with 子项 (`sub_item`), codes of
four shapes (10-digit basic codes typed by category, 9- and 12-digit local codes, lettered codes
such as 410121-CF-001) and a few rows without one, one to ten citations a power quoting generated
article texts (a few with long lists of items), responsibility steps, accountability, liability and
implementing bodies. Statutes: the real titles of the laws of each field and generated provincial
and departmental ones (about 380), each article's text generated, with `sources` naming the lists
that quote it. Same arguments -> byte-identical files.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content.ids import power_id
from generator.content.vocab import CATEGORIES as TYPE_CODES
from generator.content.vocab import TYPE_LETTERS

from .corpus import _Dumper, place_names
from .government_data import CATEGORIES, CITY_FACTOR, DEPARTMENTS, MIXES, PROVINCE_FACTOR, PROVINCES, Department
from .government_text import (
    ACCOUNTABILITY,
    LIABILITY,
    Statute,
    article_range,
    article_text,
    power_name,
    reference,
    registry,
    responsibilities,
    sub_item_names,
)

LEVELS = {"county": "县级", "city": "市级", "province": "省级"}
DEFAULT_COUNTIES = {"county": 1, "city": 8, "province": 100}
COUNTIES_PER_CITY = 8
SOURCE = "合成数据：由 python -m benchmarks.government 生成，不是任何机关公布的清单"


@dataclass(frozen=True)
class Unit:
    """One government (a province, city or county) whose departments publish lists."""

    id: str
    """ASCII prefix of its agencies' ids, e.g. p41-c01-k02."""
    level: str
    """省级, 市级 or 县级."""
    place: str
    """Its name as an agency's name begins, e.g. 宁安县."""
    region: str
    """From the province down, e.g. 河南省安阳市宁安县."""
    code: str
    """Its six-digit region code, as 12-digit and lettered power codes begin."""
    province: str
    """The province it is in (its own name for a province)."""
    city: str = ""
    """The city a county belongs to (an ecology branch is named after it)."""


def units(level: str, counties: int, seed: int) -> list[Unit]:
    """The governments of a county, a city or a province, top down."""
    rng = random.Random(f"quanze-government-{seed}")
    province, pcode = rng.choice(PROVINCES)
    cities = 1 if level != "province" else math.ceil(counties / COUNTIES_PER_CITY)
    taken: set[str] = set()
    city_names = [name + "市" for name in place_names(rng, cities, taken)]
    county_names = [name + rng.choice("县县县区") for name in place_names(rng, counties, taken)]
    out = [Unit(f"p{pcode}", "省级", province, province, f"{pcode}0000", province)] if level == "province" else []
    for c, city in enumerate(city_names, start=1):
        if level != "county":
            out.append(Unit(f"p{pcode}-c{c:02d}", "市级", city, province + city, f"{pcode}{c:02d}00", province))
        mine = county_names if level != "province" else county_names[(c - 1) * COUNTIES_PER_CITY:c * COUNTIES_PER_CITY]
        for k, county in enumerate(mine, start=1):
            out.append(Unit(f"p{pcode}-c{c:02d}-k{k:02d}", "县级", county, province + city + county,
                            f"{pcode}{c:02d}{20 + k:02d}", province, city))
    return out


def planned_powers(dept: Department, level: str, scale: float = 1.0) -> int:
    """Rows of `dept`'s list at `level` (省级, 市级, 县级), `scale` times the table's."""
    factor = {"县级": 1.0, "市级": CITY_FACTOR, "省级": PROVINCE_FACTOR}[level]
    return max(1, round(dept.powers * factor * scale))


def quotas(total: int, mix: tuple[float, ...]) -> list[int]:
    """`total` rows shared among the categories by `mix`, largest remainders first."""
    shares = [total * weight / sum(mix) for weight in mix]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(mix)), key=lambda n: (counts[n] - shares[n], n))
    for n in by_remainder[:total - sum(counts)]:
        counts[n] += 1
    return counts


# --- one agency ------------------------------------------------------------------------------


def agency_name(unit: Unit, dept: Department) -> str:
    if unit.level == "省级":
        return unit.place + dept.province
    if unit.level == "市级":
        return unit.place + dept.city
    if dept.key == "sthj":  # a county's ecology office is a branch of the city's bureau
        return f"{unit.city}生态环境局{unit.place[:-1]}分局"
    return unit.place + dept.county


class Lister:
    """Makes one agency's list: powers with codes, citations and duties, as YAML-ready dicts."""

    def __init__(self, unit: Unit, dept: Department, index: int, statutes: dict[str, list[Statute]],
                 quoted: dict[tuple[str, int], set[str]], seed: int) -> None:
        self.unit, self.dept, self.index = unit, dept, index
        self.agency_id = f"{unit.id}-{dept.key}"
        self.name = agency_name(unit, dept)
        self.rng = random.Random(f"quanze-{seed}-{self.agency_id}")
        self.statutes, self.common = statutes[dept.key], statutes["common"]
        self.quoted = quoted
        self.style = self.rng.choices(["basic", "twelve", "lettered", "nine"], weights=[50, 20, 15, 15])[0]
        self.shape = self.rng.choices(["full", "table", "bare"], weights=[55, 25, 20])[0]
        self.names: set[str] = set()
        self.ids: set[str] = set()

    def agency(self, rows: int) -> dict:
        """The agency's YAML data with `rows` powers."""
        rng, unit = self.rng, self.unit
        short = unit.place[:-1] if len(unit.place) > 2 else unit.place
        year = rng.choice([2022, 2023, 2024])
        title = rng.choice([f"{self.name}权责清单", f"{self.name}行政职权事项",
                            f"{self.name}权力清单和责任清单", f"{unit.place}政府部门权责清单（{self.name}）"])
        return {
            "name": self.name, "region": unit.region, "admin_level": unit.level, "title": title,
            "edition": f"{year}年版", "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "document_number": f"{short}政办〔{year}〕{rng.randint(1, 90)}号", "source": SOURCE,
            "contact": {"address": f"{unit.region}{rng.choice('东西南北中')}环路{rng.randint(1, 300)}号",
                        "phone": f"0{rng.randint(310, 998)}-{rng.randint(2000000, 8999999)}"},
            "powers": self.powers(rows),
        }

    def powers(self, rows: int) -> list[dict]:
        out: list[dict] = []
        serial = 0
        for category, quota in zip(CATEGORIES, quotas(rows, MIXES[self.dept.mix])):
            seq, left = 0, quota
            while left:
                serial, seq = serial + 1, seq + 1
                subs = min(left, self.rng.randint(2, 5)) if left >= 2 and self.rng.random() < 0.1 else 1
                out.extend(self.item(category, serial, seq, subs))
                left -= subs
        return out

    def item(self, category: str, serial: int, seq: int, subs: int) -> list[dict]:
        """A main item (主项) of `subs` rows: one row, or one row per sub-item (子项)."""
        name = self.unique_name(category)
        sub_names = sub_item_names(category, self.dept, subs, self.rng) if subs > 1 else [None]
        rows = []
        for k, sub_item in enumerate(sub_names, start=1 if subs > 1 else 0):
            code = self.code(category, seq, k)
            row = {"id": power_id(name, code, self.ids), "serial": str(serial)}
            row |= {"code": code} if code else {}
            row |= {"name": name} | ({"sub_item": sub_item} if sub_item else {})
            rows.append(row | self.columns(category))
        return rows

    def unique_name(self, category: str) -> str:
        for _ in range(40):
            name = power_name(category, self.dept, self.rng)
            if name not in self.names:
                break
        n = 2
        while name in self.names:  # every combination taken: number the repeats as some lists do
            name, n = f"{name.split('（')[0]}（{n}）", n + 1
        self.names.add(name)
        return name

    def code(self, category: str, seq: int, sub: int) -> str | None:
        """The code in this agency's style; about one row in thirty has none."""
        if self.rng.random() < 0.03:
            return None
        type_code, letters = TYPE_CODES[category], TYPE_LETTERS[category]
        if self.style == "basic":
            return f"{type_code}{self.index + 10:02d}{seq:03d}{sub:03d}"[:10]
        if self.style == "nine":
            return f"{int(type_code) % 10}{self.index + 10:02d}{seq % 1000:03d}{sub % 1000:03d}"
        if self.style == "twelve":
            return f"{self.unit.code}{int(type_code) % 10}{seq % 1000:03d}{sub % 100:02d}"
        return f"{self.unit.code}-{letters}-{seq:03d}" + (f"-{sub}" if sub else "")

    def columns(self, category: str) -> dict:
        """Everything of a row after its name: category, basis and the duties its list prints."""
        rng, topic = self.rng, self.dept.topic
        row: dict = {"category": category}
        if category == "其他" and rng.random() < 0.4:
            row["category_as_published"] = rng.choice(["其他行政权力", "其他职权", "其他类"])
        elif category == "行政检查" and rng.random() < 0.4:
            row["category_as_published"] = "行政监督检查"
        row["basis"] = self.basis(category)
        if self.shape != "bare":
            row["content"] = f"依法对{rng.choice(self.dept.subjects)}的{rng.choice(self.dept.things)}有关活动实施{category}。"
        if self.shape == "full":
            row["responsibilities"] = [{"step": s, "text": t} for s, t in responsibilities(category, topic)]
        if self.shape != "bare":
            row["accountability"] = rng.sample(ACCOUNTABILITY, k=rng.randint(3, 8))
            row["liability"] = list(LIABILITY[:rng.randint(1, 3)])
        row["responsible_body"] = self.name
        row["implementing_body"] = self.name + rng.choice(["", "", "法规股", "执法大队", "行政审批股", "业务股"])
        if rng.random() < 0.04:
            row["remarks"] = rng.choice(["承接上级下放事项", "新增", "委托乡镇（街道）实施", "依申请实施"])
        if self.shape == "full":
            row["supervision"] = f"{self.unit.place}人民政府、上级{topic}主管部门监督；投诉电话12345"
            row["remedy"] = "对决定不服的，可以依法申请行政复议或者提起行政诉讼"
        return row

    def basis(self, category: str) -> list[dict]:
        """One to ten citations: most rows cite one or two articles, one in fourteen five to ten."""
        rng = self.rng
        draw = rng.random()
        count = rng.randint(5, 10) if draw < 0.07 else rng.randint(3, 4) if draw < 0.25 else rng.randint(1, 2)
        weights = [3 if s.level == "法律" else 2 if s.level == "行政法规" else 1 for s in self.statutes]
        chosen: list[tuple[Statute, int]] = []
        if category in ("行政处罚", "行政强制", "行政许可") and rng.random() < 0.1:
            law = self.common[("行政处罚", "行政许可", "行政强制").index(category)]
            chosen.append((law, rng.randint(*article_range(law, "行政许可"))))
        while len(chosen) < count:
            statute = rng.choices(self.statutes, weights=weights)[0]
            cited = (statute, rng.randint(*article_range(statute, category)))
            if cited not in chosen:
                chosen.append(cited)
        return [self.citation(statute, number) for statute, number in chosen]

    def citation(self, statute: Statute, number: int) -> dict:
        rng = self.rng
        text = article_text(statute, number)
        lines = text.split("\n")
        paragraph = 1 if len(lines) > 2 and lines[-1].startswith("前款") and rng.random() < 0.3 else None
        if paragraph:
            text = "\n".join(lines[:-1])
        self.quoted[(statute.id, number)].add(self.agency_id)
        citation = {"statute": statute.id, "title": statute.short if rng.random() < 0.3 else statute.title}
        citation |= {"level": statute.level} if rng.random() < 0.8 else {}
        citation |= {"version": statute.version} if rng.random() < 0.6 else {}
        citation |= {"ref": reference(number, paragraph), "article": number}
        citation |= {"paragraph": paragraph} if paragraph else {}
        return citation | {"text": text}


# --- writing ---------------------------------------------------------------------------------


class _Literal(_Dumper):
    """corpus.py's dumper, with texts of several lines written as blocks (|-), as the content is."""


def _text(dumper, text: str):
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return _Dumper.yaml_representers[str](dumper, text)


_Literal.add_representer(str, _text)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Literal, allow_unicode=True, sort_keys=False, width=100)


def statute_data(statute: Statute, quoted: dict[tuple[str, int], set[str]], numbers: list[int]) -> dict:
    data: dict = {"title": statute.title}
    data |= {"aliases": [statute.short]} if statute.short != statute.title else {}
    data |= {"level": statute.level, "issuer": statute.issuer, "document_number": statute.document_number,
             "versions": [statute.version]}
    data["articles"] = [{"number": n, "texts": [{"text": article_text(statute, n),
                                                 "sources": sorted(quoted[(statute.id, n)])}]} for n in numbers]
    return data


@dataclass
class Written:
    """What a run wrote."""

    agencies: int = 0
    powers: int = 0
    statutes: int = 0
    bytes: int = 0


def write_government(out: Path, level: str, counties: int | None = None, seed: int = 0,
                     departments: int | None = None, scale: float = 1.0) -> Written:
    """Write the content folder of a `level` government into `out` (replaced), agency by agency."""
    counties = DEFAULT_COUNTIES[level] if counties is None else counties
    if level == "county":
        counties = 1
    all_units = units(level, counties, seed)
    statutes = registry(all_units[0].province, seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "agencies").mkdir(parents=True)
    (out / "statutes").mkdir()
    quoted: dict[tuple[str, int], set[str]] = defaultdict(set)
    written = Written()
    for unit in all_units:
        for index, dept in enumerate(DEPARTMENTS[:departments]):
            lister = Lister(unit, dept, index, statutes, quoted, seed)
            data = lister.agency(planned_powers(dept, unit.level, scale))
            written.bytes += _write(out / "agencies" / f"{lister.agency_id}.yaml", dump(data))
            written.agencies, written.powers = written.agencies + 1, written.powers + len(data["powers"])
    articles: dict[str, list[int]] = defaultdict(list)
    for sid, number in sorted(quoted):
        articles[sid].append(number)
    every = {s.id: s for cited in statutes.values() for s in cited}
    for sid, numbers in sorted(articles.items()):
        written.bytes += _write(out / "statutes" / f"{sid}.yaml", dump(statute_data(every[sid], quoted, numbers)))
        written.statutes += 1
    return written


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.government", description=__doc__.split("\n")[0])
    p.add_argument("--level", choices=sorted(LEVELS), required=True)
    p.add_argument("--counties", type=int, default=None,
                   help="counties: of the city (default 8) or of the province (default 100, 8 a city)")
    p.add_argument("--departments", type=int, default=None, help="keep the first D departments of every unit")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every list's size")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, required=True, help="content folder to write (replaced)")
    args = p.parse_args(argv)
    written = write_government(args.out, args.level, args.counties, args.seed, args.departments, args.scale)
    print(f"{args.out}: {written.agencies} agencies, {written.powers} powers, {written.statutes} statutes, "
          f"{written.bytes / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
