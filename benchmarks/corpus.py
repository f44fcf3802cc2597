"""A deterministic synthetic corpus: N agencies derived from a real content folder.

Each synthetic agency copies the powers of one template agency (round robin over the
templates, in id order) under a new id, name and region: generated place names spread over
the 31 provinces, the template's own name replaced in the text, and a few words changed per
power so that texts are similar but not identical, as in real lists. Statutes are the same;
the wordings' `sources` name the synthetic agencies that quote them.

    python -m benchmarks.corpus --agencies 1000 --out benchmarks/out/content-1000

Same seed, same templates -> byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content.fastload import Yaml12Loader
from generator.content.model import Agency, Power, Statute
from generator.content.reader import load_corpus

#: The 31 provincial-level divisions: name and the ASCII prefix of synthetic agency ids.
PROVINCES: list[tuple[str, str]] = [
    ("北京市", "bj"), ("天津市", "tj"), ("河北省", "he"), ("山西省", "sx"), ("内蒙古自治区", "nm"),
    ("辽宁省", "ln"), ("吉林省", "jl"), ("黑龙江省", "hl"), ("上海市", "sh"), ("江苏省", "js"),
    ("浙江省", "zj"), ("安徽省", "ah"), ("福建省", "fj"), ("江西省", "jx"), ("山东省", "sd"),
    ("河南省", "ha"), ("湖北省", "hb"), ("湖南省", "hn"), ("广东省", "gd"), ("广西壮族自治区", "gx"),
    ("海南省", "hi"), ("重庆市", "cq"), ("四川省", "sc"), ("贵州省", "gz"), ("云南省", "yn"),
    ("西藏自治区", "xz"), ("陕西省", "sn"), ("甘肃省", "gs"), ("青海省", "qh"), ("宁夏回族自治区", "nx"),
    ("新疆维吾尔自治区", "xj"),
]
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}

#: Id of the first synthetic agency, made from the first template agency (in id order).
FIRST_SYNTHETIC = f"{PROVINCES[0][1]}-00001"

_FIRST = "安平永兴长宁和丰泰新东西南北上下清河山江湖阳城源林石云华昌德宝福乐嘉瑞金玉龙凤鹤"
_SECOND = "阳宁安平川州城江山河源泉林峰岭溪湾台原乡集丰盛康远定化隆昌口水"

#: Word swaps applied to a few fields of each power (never to quoted statute text).
SWAPS: list[tuple[str, str]] = [
    ("及时", "按时"), ("负责", "承担"), ("依法", "依照法律"), ("应当", "须"), ("本行政区域", "本辖区"),
    ("审查", "审核"), ("决定", "作出决定"), ("相关", "有关"), ("组织", "组织开展"), ("违法", "违反规定"),
]


@dataclass(frozen=True)
class Place:
    """Where a synthetic agency sits."""

    province: str
    prefix: str
    city: str
    county: str


def place_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """`count` distinct place names of two or three characters, not in `taken`."""
    names: list[str] = []
    while len(names) < count:
        middle = rng.choice(_FIRST) if rng.random() < 0.3 else ""
        name = rng.choice(_FIRST) + middle + rng.choice(_SECOND)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def places(count: int, seed: int) -> list[Place]:
    """`count` places, provinces in turn, each with a generated city and county."""
    rng = random.Random(f"quanze-places-{seed}")
    taken: set[str] = set()
    cities, counties = place_names(rng, count, taken), place_names(rng, count, taken)
    return [Place(*PROVINCES[n % len(PROVINCES)], city, county)
            for n, (city, county) in enumerate(zip(cities, counties))]


def identity(place: Place, admin_level: str, rng: random.Random) -> tuple[str, str, str]:
    """Name, region and short name (as text would mention it) of an agency at `place`."""
    if admin_level == "省级":
        short = place.province
        return f"{short}医疗保障局", place.province, short
    city = place.city + ("区" if place.province in MUNICIPALITIES else "市")
    if admin_level == "市级" and place.province not in MUNICIPALITIES:
        return f"{city}医疗保障局", place.province + city, city
    if place.province in MUNICIPALITIES:
        county = place.county + "区"
        return f"{county}医疗保障局", place.province + county, county
    county = place.county + rng.choice("县区")
    return f"{county}医疗保障局", place.province + city + county, county


def short_name(agency: Agency) -> str:
    """The place part of a template agency's name (西夏区医疗保障局 -> 西夏区)."""
    return agency.name.removesuffix("医疗保障局")


def vary(text: str | None, swaps: list[tuple[str, str]]) -> str | None:
    if text is None:
        return None
    for old, new in swaps:
        text = text.replace(old, new)
    return text


def derive_power(power: Power, replace: list[tuple[str, str]], rng: random.Random) -> Power:
    """A copy of `power` with the template agency's names replaced and a few words changed."""
    swaps = replace + rng.sample(SWAPS, k=rng.randint(1, 3))
    fields = ("content", "responsible_body", "implementing_body", "basis_note", "remarks")
    return power.model_copy(deep=True, update={
        **{name: vary(getattr(power, name), swaps) for name in fields},
        "responsibilities": [step.model_copy(update={"text": vary(step.text, swaps)}) for step in power.responsibilities],
        "accountability": [vary(t, swaps) for t in power.accountability],
        "liability": [vary(t, swaps) for t in power.liability],
    })


def derive_agency(template: Agency, place: Place, seed_key: str) -> Agency:
    """A synthetic agency at `place` with the template's powers."""
    rng = random.Random(seed_key)
    name, region, short = identity(place, template.admin_level, rng)
    replace = [(template.name, name)]
    if len(short_name(template)) >= 2:
        replace.append((short_name(template), short))
    title = template.title.replace(template.name, name).replace(short_name(template), short)
    return Agency(
        name=name, region=region, admin_level=template.admin_level, title=title,
        edition=template.edition, source=f"合成数据（据 {template.name} 清单生成）",
        powers=[derive_power(p, replace, rng) for p in template.powers],
    )


def synthetic_agencies(templates: dict[str, Agency], count: int, seed: int) -> dict[str, tuple[str, Agency]]:
    """agency id -> (template id, agency) for `count` synthetic agencies."""
    template_ids = sorted(templates)
    out = {}
    for n, place in enumerate(places(count, seed)):
        template_id = template_ids[n % len(template_ids)]
        agency_id = f"{place.prefix}-{n + 1:05d}"
        out[agency_id] = (template_id, derive_agency(templates[template_id], place, f"quanze-{seed}-{agency_id}"))
    return out


def remap_sources(statute: Statute, derived: dict[str, list[str]]) -> Statute:
    """The statute with each wording's `sources` pointing at the synthetic agencies."""
    return statute.model_copy(deep=True, update={"articles": [
        article.model_copy(update={"texts": [
            wording.model_copy(update={"sources": [new for old in wording.sources for new in derived.get(old, [])]})
            for wording in article.texts]})
        for article in statute.articles]})


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """PyYAML writes YAML 1.1; strings that YAML 1.2 would read as numbers (0849001000) get quotes."""


def _string(dumper, text: str):
    style = None
    if len(text) < 64 and _PLAIN_ASCII.fullmatch(text):
        tag = Yaml12Loader.resolve(Yaml12Loader, yaml.ScalarNode, text, (True, False))
        style = None if tag == "tag:yaml.org,2002:str" else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_PLAIN_ASCII = re.compile(r"[-+.0-9A-Za-z:_ ~]*")
_Dumper.add_representer(str, _string)


def as_yaml(model) -> str:
    data = model.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_corpus(source: Path, out: Path, count: int, seed: int = 0) -> Path:
    """Write a content folder with `count` agencies derived from `source` into `out` (replaced)."""
    corpus = load_corpus(source)
    agencies = synthetic_agencies(corpus.agencies, count, seed)
    derived: dict[str, list[str]] = {}
    for agency_id, (template_id, _) in agencies.items():
        derived.setdefault(template_id, []).append(agency_id)
    if out.exists():
        shutil.rmtree(out)
    (out / "agencies").mkdir(parents=True)
    (out / "statutes").mkdir()
    for agency_id, (_, agency) in agencies.items():
        (out / "agencies" / f"{agency_id}.yaml").write_text(as_yaml(agency), encoding="utf-8")
    for statute_id, statute in sorted(corpus.statutes.items()):
        text = as_yaml(remap_sources(statute, derived))
        (out / "statutes" / f"{statute_id}.yaml").write_text(text, encoding="utf-8")
    return out


def default_source() -> Path:
    """content/ when it has agencies, else the test fixture."""
    content = Path("content")
    if any((content / "agencies").glob("*.yaml")):
        return content
    return Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0])
    p.add_argument("--agencies", type=int, required=True, help="number of synthetic agencies")
    p.add_argument("--out", type=Path, required=True, help="content folder to write (replaced)")
    p.add_argument("--source", type=Path, default=None, help="template content folder (default: content/)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    out = write_corpus(args.source or default_source(), args.out, args.agencies, args.seed)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
