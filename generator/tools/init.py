"""`quanze init DIR`: a new project for one agency, ready for its list.

    DIR/
      README.md                      the next three commands
      agency-template.yaml           every field of an agency file, explained
      content/agencies/              the agency's list goes here (`quanze import ... -o`)
      content/statutes/*.yaml        the statute registry of quanze's default content (or none: --bare)
      mkdocs.yml                     the site's settings
      schema/*.schema.json           for editors with the YAML language server
      .github/workflows/site.yml     check and build on pull requests, publish on main
      .quanze/quanze-X.whl           the wheel CI installs, when quanze was installed from a file or folder
      .pre-commit-config.yaml        check and fmt before each commit
      .gitignore
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..content.model import Agency, Power
from ..content.places import admin_level, places
from ..errors import QuanzeError
from ..fileio import write_atomic
from ..project import PACKAGED_CONFIG, PACKAGED_STATUTES
from .installed import install_command
from .schema import write_schemas


def init_project(folder: Path, *, bare: bool | None = None, agency_id: str = "my-agency", name: str | None = None,
                 region: str | None = None, operator: str | None = None, contact: str | None = None) -> str:
    """Create the project; refuse a folder that already holds files. Return what to do next.

    `name` is the department (某某县应急管理局) or government (某某县人民政府) whose lists the
    site holds, `region` where it serves (某某省某某市某某县): the site's name, the home page's
    heading and introduction and the examples are made from them; without either the site
    names its agencies (neutral words until it holds some). `bare`: start with an empty statute
    registry instead of a copy of quanze's default content's (the statutes medical-security
    lists cite, each a page of the site); by default only a project that names no department
    or region gets the copy. `operator` and `contact`: who runs the site and how to reach them,
    for its about page (关于本站; empty: the page says they are not stated)."""
    folder = Path(folder)
    name, region = (name or "").strip(), (region or "").strip()
    bare = bool(name or region) if bare is None else bare
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise QuanzeError(f"{folder} already exists and is not an empty folder (give a new folder name)")
    (folder / "content" / "agencies").mkdir(parents=True, exist_ok=True)
    (folder / "content" / "statutes").mkdir(exist_ok=True)
    (folder / "content" / "agencies" / ".gitkeep").write_text("", encoding="utf-8")
    statutes = 0
    if not bare:
        for path in sorted(PACKAGED_STATUTES.glob("*.yaml")):
            shutil.copyfile(path, folder / "content" / "statutes" / path.name)
            statutes += 1
    else:
        (folder / "content" / "statutes" / ".gitkeep").write_text("", encoding="utf-8")
    files = {
        "README.md": readme(folder.name, agency_id, region),
        "agency-template.yaml": agency_template(name, region),
        "mkdocs.yml": site_config(name, region, (operator or "").strip(), (contact or "").strip()),
        ".github/workflows/site.yml": workflow(install_command(folder)),
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".gitignore": GITIGNORE,
    }
    for name, text in files.items():
        write_atomic(folder / name, text)
    write_schemas(folder / "schema")
    registry = (f"{statutes} statutes in the registry" if statutes else
                "an empty statute registry: `quanze registry update` fills it from the lists' citations")
    return (f"created {folder} ({registry}); next:\n"
            f"  cd {folder}\n"
            f"  quanze import 清单.docx -o content/agencies/{agency_id}.yaml --region {region or '省市县'}\n"
            f"  quanze check\n"
            f"  quanze serve")


def site_config(name: str = "", region: str = "", operator: str = "", contact: str = "") -> str:
    """quanze's own mkdocs.yml without what only quanze's own checkout uses: its opening
    comment, the hook (the door for plain `mkdocs build` there), the theme overrides folder
    (quanze supplies its own; a project's go in site_templates/overrides) and its own site's
    name and words, in their place the project's (`site_words`)."""
    lines = PACKAGED_CONFIG.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    title, publishers = site_words(name, region)
    kept, skipping = [], None
    for line in lines:
        if line.startswith(("hooks:", "  quanze:")) or (line.startswith("  # ") and "quanze" in line):
            skipping = len(line) - len(line.lstrip())  # a block quanze's own checkout keeps for itself
            continue
        if skipping is not None and line.startswith(" " * (skipping + 2)):
            continue
        skipping = None
        if line.strip().startswith("custom_dir:"):
            continue
        if line.startswith("site_name:"):
            line = f"site_name: {_yaml_text(title or '权责清单')}"
        elif line.startswith("site_description:"):
            line = f"site_description: {_yaml_text((title or '权责清单') + '：每项职权一页，每部法律法规一页，双向链接')}"
        kept.append(line)
        if line == "extra:":
            kept.extend(_home_words(title, publishers, operator, contact))
    header = ["# The site's settings, read by `quanze build` and `quanze serve` (MkDocs + Material).",
              "# quanze writes the pages from content/ and supplies its templates; files in",
              "# site_templates/pages, site_templates/overrides or site_templates/assets replace its own."]
    return "\n".join(header + kept).replace("\n\n\n", "\n\n") + "\n"


def site_words(name: str, region: str) -> tuple[str, str]:
    """(the site's title, who published its lists) for a department or a region; empty when
    neither is given (the site then names its agencies)."""
    if name:
        return f"{name}权责清单", name
    place = places(region)[-1] if places(region) else region
    return (f"{place}权责清单", f"{place}各部门") if place else ("", "")


def _home_words(title: str, publishers: str, operator: str = "", contact: str = "") -> list[str]:
    """The `extra.quanze` block of a project's mkdocs.yml: the home page's words and who runs the
    site (each word commented out while it is not given)."""
    mark = "" if title or operator or contact else "# "
    given = lambda word: mark or ("" if word else "# ")  # noqa: E731
    return ["  # the home page's heading and the publishers its introduction names (or intro: the whole",
            "  # introduction); without them the home page names the agencies of content/agencies",
            f"  {mark}quanze:",
            f"  {given(title)}  site_title: {_yaml_text(title or '某某县应急管理局权责清单')}",
            f"  {given(title)}  publishers: {_yaml_text(publishers or '某某县应急管理局')}",
            "  #   who runs the site and how to reach them, for its about page (关于本站); report_url or",
            "  #   report_email where to report an error, policy how the site is edited and corrected",
            f"  {given(operator)}  operator: {_yaml_text(operator or '某某县司法局')}",
            f"  {given(contact)}  contact: {_yaml_text(contact or '电话 0000-0000000')}"]


def _yaml_text(text: str) -> str:
    """Text as a YAML scalar (quoted when YAML would read it as something else)."""
    import json

    return text if re.fullmatch(r"[\w\u3000-\u303f\uff00-\uffef·（）—]+", text) else json.dumps(text, ensure_ascii=False)


def agency_template(department: str = "", region: str = "") -> str:
    """An agency file with every field, each explained by its documentation in the model."""
    lines = ["# yaml-language-server: $schema=../../schema/agency.schema.json",
             "# An agency file: copy it to content/agencies/<id>.yaml (the file name is the agency id),",
             "# fill it in, delete the fields the list does not have. `quanze import` writes one for you",
             "# from the Word, Excel, PDF or web page of a published list.", ""]
    examples = _examples(department, region)
    for name, field in Agency.model_fields.items():
        if name == "powers":
            continue
        lines += [f"# {field.description or ''}".rstrip(), f"{name}: {_placeholder(name, field, examples)}", ""]
    lines += ["# " + (Agency.model_fields["powers"].description or ""), "powers:"]
    first = True
    for name, field in Power.model_fields.items():
        lines.append(f"  # {field.description or ''}".rstrip())
        lines.append(f"{'- ' if first else '  '}{name}: {_placeholder(name, field, _PLACEHOLDERS)}")
        first = False
    return "\n".join(lines) + "\n"


_PLACEHOLDERS = {
    "name": "某某县某某局", "region": "某某省某某市某某县", "admin_level": "县级", "title": "某某县某某局权责清单",
    "id": "power-1", "serial": "'1'", "category": "行政处罚", "basis": "[]", "responsibilities": "[]",
    "accountability": "[]", "liability": "[]", "notes": "[]", "editor_notes": "[]", "extra": "{}",
}


def _examples(name: str, region: str) -> dict[str, str]:
    """The placeholders, the agency's own fields those of the project's department and region."""
    own = {"name": name, "region": region, "admin_level": admin_level(name) or admin_level(region) or "",
           "title": f"{name}权责清单" if name else ""}
    return _PLACEHOLDERS | {k: _yaml_text(v) for k, v in own.items() if v}


def _placeholder(name: str, field, examples: dict[str, str]) -> str:
    """An example for the fields a list needs, an empty list or mapping for the others that hold
    several values, else nothing (an empty value: the field is left out)."""
    if name in examples:
        return examples[name]
    if isinstance(field.default, list):
        return "[]"
    if isinstance(field.default, dict):
        return "{}"
    return ""


def readme(name: str, agency_id: str, region: str = "") -> str:
    return f"""# {name}: 权责清单

This folder is a [quanze](https://pypi.org/project/quanze/) project: the agency's published list
of powers as YAML in `content/agencies/`, the statutes it cites in `content/statutes/`, and the
site built from them.

## Next steps

```sh
quanze import 清单.docx -o content/agencies/{agency_id}.yaml --region {region or '某某省某某市某某县'}   # .docx .xlsx .html .pdf .csv or page text
quanze check     # every problem, at its file and line
quanze serve     # preview on http://127.0.0.1:8000 while you correct the list
```

Then `quanze build` writes the site into `site/` (open `site/index.html` from disk: it works
offline, search included). `agency-template.yaml` lists every field of an agency file with its
meaning, for a list typed by hand. `quanze import` adds the statutes the list cites to
`content/statutes/` (as `quanze registry update` does); `quanze import-statute` adds a statute's
official text.

## Publishing

`.github/workflows/site.yml` checks and builds every pull request and publishes the site on
GitHub Pages from `main`. It installs the quanze that made this folder (`quanze init`): when that
was a wheel or a folder, a wheel of it is in `.quanze/`; commit it. `.pre-commit-config.yaml` runs `quanze check` and `quanze fmt` before
each commit (`pip install pre-commit && pre-commit install`).
"""


def workflow(install: str) -> str:
    """The project's CI workflow, installing quanze with the shell lines `install`."""
    lines = "".join(f"          {line}\n" if line else "\n" for line in install.splitlines())
    return WORKFLOW.replace("{install}\n", lines)


WORKFLOW = """# Check the content and build the site on every pull request; publish it on GitHub Pages from main.
# A pull request's branch is built with a read-only token, no secret, and no credentials kept in
# the checkout (its mkdocs.yml names the MkDocs plugins that run); only main is published.
name: site

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

env:
  NO_MKDOCS_2_WARNING: "1"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history: a page's data date is when its content was last committed
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # The same quanze as the one that wrote this file (`quanze init`).
      - name: 安装 quanze
        run: |
{install}
      - name: 检查内容
        run: quanze check
      # The previous site tells the build what is unchanged: only the rest is built again.
      - name: 取回上一次构建的站点
        uses: actions/cache@v4
        with:
          path: site
          key: site-${{ hashFiles('mkdocs.yml', 'site_templates/**', '.quanze/**') }}-${{ github.sha }}
          restore-keys: site-${{ hashFiles('mkdocs.yml', 'site_templates/**', '.quanze/**') }}-
      - name: 构建站点
        run: quanze build
      - name: 上传站点
        uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: 发布到 GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""

GITIGNORE = """/site/
/site.*/
/.build/
__pycache__/
# what a command killed midway may leave beside the file it was writing (quanze fmt, import -o ...)
.*.tmp
"""

PRE_COMMIT = """# pre-commit install: check the content and keep its canonical format before each commit.
repos:
  - repo: local
    hooks:
      - id: quanze-check
        name: quanze check
        entry: quanze check
        language: system
        pass_filenames: false
        files: ^content/.*\\.ya?ml$
      - id: quanze-fmt
        name: quanze fmt
        entry: quanze fmt --check
        language: system
        files: ^content/.*\\.ya?ml$
"""
