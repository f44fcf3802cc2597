"""JSON Schemas and the "Content format" reference (docs/reference/content-format.md) are generated from
the model and kept fresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.cli import main
from generator.content.model import Agency
from generator.errors import QuanzeError
from generator.tools.schema import (
    END,
    MODELINE,
    SCHEMAS,
    START,
    TARGET,
    content_format_markdown,
    json_schema,
    readme_with_section,
    schema_text,
    type_text,
)

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_shipped_schema_is_current(kind):
    shipped = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(kind), "schema/ is stale: run `quanze schema -o schema`"


def test_reference_section_is_current():
    page = (ROOT / TARGET).read_text(encoding="utf-8")
    assert page == readme_with_section(page), f"{TARGET} is stale: run `python -m generator.tools.schema`"


def test_readme_section_lists_every_field_with_its_docstring():
    text = content_format_markdown()
    for name, field in Agency.model_fields.items():
        assert f"| `{name}` |" in text
        assert " ".join(field.description.split()) in text
    assert "| `category` | one of 行政许可, 行政处罚, 行政强制" in text


def test_readme_without_markers_is_refused():
    with pytest.raises(QuanzeError, match="content-format:start"):
        readme_with_section("# README\n")


def test_readme_section_replaces_only_between_markers():
    old = f"before\n{START}\nold text\n{END}\nafter\n"
    new = readme_with_section(old)
    assert new.startswith(f"before\n{START}\nGenerated from") and new.endswith(f"{END}\nafter\n")
    assert "old text" not in new


def test_type_names_for_readers():
    assert type_text(str | None) == "text"
    assert type_text(list[str]) == "list of text"
    assert type_text(int | None) == "number"


def test_schema_command_writes_both(tmp_path, capsys):
    assert main(["schema", "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "agency.schema.json", "catalogue.schema.json", "statute.schema.json"]
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / "out" / f"{kind}.schema.json")
                                                    for kind in ("agency", "statute", "catalogue")]


def _validate(instance, schema, path="$"):
    """A small JSON Schema check (the subset pydantic emits) so the test needs no extra package."""
    if "$ref" in schema:
        return _validate(instance, json_schema("agency")["$defs"][schema["$ref"].split("/")[-1]], path)
    if "anyOf" in schema:
        errors = [_validate(instance, s, path) for s in schema["anyOf"]]
        return [] if any(not e for e in errors) else errors[0]
    kinds = {"string": str, "integer": int, "array": list, "object": dict, "null": type(None)}
    if "type" in schema and not isinstance(instance, kinds[schema["type"]]):
        return [f"{path}: not {schema['type']}"]
    if "enum" in schema and instance not in schema["enum"]:
        return [f"{path}: not in enum"]
    errors = []
    if isinstance(instance, dict):
        errors += [f"{path}.{k}: missing" for k in schema.get("required", []) if k not in instance]
        for key, value in instance.items():
            if key not in schema.get("properties", {}):
                errors.append(f"{path}.{key}: additional")
            else:
                errors += _validate(value, schema["properties"][key], f"{path}.{key}")
    if isinstance(instance, list):
        for n, item in enumerate(instance):
            errors += _validate(item, schema.get("items", {}), f"{path}[{n}]")
    return errors


def test_schema_accepts_the_mini_agency_and_rejects_mistakes():
    data = YAML(typ="safe").load((MINI / "agencies" / "demo.yaml").read_text(encoding="utf-8"))
    schema = json_schema("agency")
    assert _validate(data, schema) == []
    data["powers"][0]["categroy"] = "行政处罚"
    del data["name"]
    assert _validate(data, schema) == ["$.name: missing", "$.powers[0].categroy: additional"]


def test_vscode_settings_map_the_schemas():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schema/agency.schema.json": ["content/agencies/*.yaml"],
                                        "./schema/statute.schema.json": ["content/statutes/*.yaml"],
                                        "./schema/catalogue.schema.json": ["content/catalogues/*.yaml"]}


@pytest.mark.parametrize("kind, folder", [("agency", "agencies"), ("statute", "statutes")])
def test_content_files_carry_the_modeline(kind, folder):
    files = sorted((ROOT / "content" / folder).glob("*.yaml"))
    if not files:
        pytest.skip(f"no content/{folder} yet")
    modeline = MODELINE.format(kind=kind)
    missing = [f.name for f in files if not f.read_text(encoding="utf-8").startswith(modeline + "\n")]
    assert missing == [], f"run `quanze fmt` to add {modeline}"


def test_readme_command_reports_each_file_without_traceback(tmp_path, capsys):
    from generator.tools.schema import main as schema_main

    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{START}\nold\n{END}\n", encoding="utf-8")
    assert schema_main([str(readme)]) == 0
    assert schema_main([str(readme)]) == 0
    assert capsys.readouterr().out == f"{readme}: updated\n{readme}: up to date\n"
    assert content_format_markdown() in readme.read_text(encoding="utf-8")
    (tmp_path / "plain.md").write_text("# no markers\n", encoding="utf-8")
    assert schema_main([str(tmp_path / "plain.md")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'plain.md'}: error: README has no {START} ... {END} markers\n"
    assert schema_main([str(tmp_path / "missing.md")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'missing.md'}: error: cannot rewrite: No such file or directory\n"


def test_the_catalogue_schema_takes_the_default_catalogue():
    """The shipped catalogue schema describes what the reader accepts: the default catalogue
    validates against it, and an unknown field does not."""
    import yaml

    schema = json_schema("catalogue")
    assert schema["$id"].endswith("/catalogue.schema.json") and "items" in schema["properties"]
    data = yaml.safe_load((ROOT / "content" / "catalogues" / "tongyong.yaml").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False and "titel" not in schema["properties"]
    assert set(data) <= set(schema["properties"]) and set(schema["required"]) <= set(data)
