"""JSON Schemas and the "Content format" reference (docs/reference/content-format.md), generated from the model.

`quanze schema -o schema/` writes `agency.schema.json`, `statute.schema.json` and
`catalogue.schema.json`, which
editors use through the modeline at the top of each content file
(`# yaml-language-server: $schema=../../schema/agency.schema.json`).
`python -m generator.tools.schema` rewrites the reference's section between the
`<!-- content-format:start -->` and `<!-- content-format:end -->` markers.
Tests fail when either is stale.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from ..content.catalogue import Catalogue, CatalogueItem
from ..content.model import (
    Adjustment,
    Agency,
    Annex,
    Article,
    ArticleText,
    Citation,
    Contact,
    Correction,
    Division,
    Edition,
    Footnote,
    Item,
    OfficialArticle,
    Paragraph,
    Point,
    Power,
    Responsibility,
    Statute,
    StatuteVersion,
)
from ..errors import QuanzeError
from ..i18n import _

SCHEMAS: dict[str, type[BaseModel]] = {"agency": Agency, "statute": Statute, "catalogue": Catalogue}
MODELINE = "# yaml-language-server: $schema=../../schema/{kind}.schema.json"
START, END = "<!-- content-format:start -->", "<!-- content-format:end -->"
#: The page that holds the section, relative to the repository.
TARGET = Path("docs/reference/content-format.md")

#: The classes documented in the reference, in reading order, with the file or field holding them.
DOCUMENTED: list[tuple[type[BaseModel], str]] = [
    (Agency, "`content/agencies/<id>.yaml`"),
    (Power, "each item of `powers`"),
    (Citation, "each item of `basis`"),
    (Responsibility, "each item of `responsibilities`"),
    (Correction, "each item of `corrections`"),
    (Contact, "`contact`"),
    (Edition, "each item of `editions`"),
    (Adjustment, "each item of `adjustments`"),
    (Statute, "`content/statutes/<id>.yaml`"),
    (Article, "each item of `articles`"),
    (ArticleText, "each item of `texts`"),
    (StatuteVersion, "each item of `official_versions`"),
    (Division, "each item of `divisions`"),
    (OfficialArticle, "each item of a version's `articles`"),
    (Paragraph, "each item of `paragraphs`"),
    (Item, "each item of `items`"),
    (Point, "each item of `points`"),
    (Annex, "each item of `annexes`"),
    (Footnote, "each item of `footnotes`"),
    (Catalogue, "`content/catalogues/<id>.yaml`"),
    (CatalogueItem, "each item of a catalogue's `items`"),
]


def json_schema(kind: str) -> dict:
    """The JSON Schema of an agency, statute or catalogue file."""
    model = SCHEMAS[kind]
    schema = model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://quanze.invalid/schema/{kind}.schema.json", **schema}


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(output: Path) -> list[Path]:
    """Write every schema into `output`; return the paths written."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in SCHEMAS:
        path = output / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        paths.append(path)
    return paths


# --- the "Content format" reference ------------------------------------------------------------


def type_text(annotation: object) -> str:
    """A reader's name for a field type: text, number, list of Power, one of 法律, 行政法规 ..."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_text(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {type_text(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "text", int: "number", bool: "true/false", date: "date (YYYY-MM-DD)"}.get(annotation, str(annotation))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def model_section(model: type[BaseModel], where: str) -> list[str]:
    lines = [f"### {model.__name__}", "", f"{_cell(model.__doc__ or '')} Found in {where}.", "",
             "| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        required = "yes" if field.is_required() else ""
        lines.append(f"| `{name}` | {_cell(type_text(field.annotation))} | {required} | {_cell(field.description or '')} |")
    return lines + [""]


def content_format_markdown() -> str:
    """The "Content format" section, from the model's docstrings."""
    lines = [
        "Generated from `generator/content/model.py` by `python -m generator.tools.schema`; edit the model, not this text.",
        "One YAML file per agency in `content/agencies/`, one per statute in `content/statutes/`, one per",
        "reference catalogue in `content/catalogues/`; the file name (without `.yaml`) is the id. Editors",
        "with the YAML language server get completion and checks from `schema/agency.schema.json`,",
        "`schema/statute.schema.json` and `schema/catalogue.schema.json`.",
        "",
    ]
    for model, where in DOCUMENTED:
        lines += model_section(model, where)
    return "\n".join(lines)


def readme_with_section(readme: str) -> str:
    """`readme` with the text between the content-format markers replaced by the current reference."""
    if START not in readme or END not in readme:
        raise QuanzeError(_("README has no {start} ... {end} markers").format(start=START, end=END))
    head, rest = readme.split(START, 1)
    _section, tail = rest.split(END, 1)
    return f"{head}{START}\n{content_format_markdown()}{END}{tail}"


def update_readme(path: Path) -> bool:
    """Rewrite the section in place; True if it changed."""
    old = path.read_text(encoding="utf-8")
    new = readme_with_section(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m generator.tools.schema",
                                     description=_("Rewrite the generated Content format section of Markdown files."))
    parser.add_argument("readme", nargs="*", type=Path, default=[TARGET], help=_("default: {path}").format(path=TARGET))
    for path in parser.parse_args(argv).readme:
        try:
            print(f"{path}: " + (_("updated") if update_readme(path) else _("up to date")))
        except OSError as exc:
            print(f"{path}: error: " + _("cannot rewrite: {why}").format(why=exc.strerror), file=sys.stderr)
            return 1
        except QuanzeError as exc:
            print(f"{path}: error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
