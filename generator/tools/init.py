"""`quanze init DIR`: a new project for one agency, ready for its list.

    DIR/
      README.md                      the next three commands (the files init writes are in Chinese)
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
from ..i18n import _, ngettext
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
        raise QuanzeError(_("{folder} already exists and is not an empty folder (give a new folder name)").format(
            folder=folder))
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
    registry = (ngettext("{n} statute in the registry", "{n} statutes in the registry", statutes).format(n=statutes)
                if statutes else _("an empty statute registry: `quanze registry update` fills it from the lists' "
                                   "citations"))
    return (_("created {folder} ({registry}); next:").format(folder=folder, registry=registry) + "\n"
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
        comment = _CONFIG_COMMENTS.get(line.strip())
        if comment:
            line = line[:len(line) - len(line.lstrip())] + comment
        if line.startswith("site_name:"):
            line = f"site_name: {_yaml_text(title or '权责清单')}"
        elif line.startswith("site_description:"):
            line = f"site_description: {_yaml_text((title or '权责清单') + '：每项职权一页，每部法律法规一页，双向链接')}"
        kept.append(line)
        if line == "extra:":
            kept.extend(_home_words(title, publishers, operator, contact))
    header = ["# 网站的设置，由 `quanze build` 和 `quanze serve` 读取（MkDocs + Material）。",
              "# quanze 根据 content/ 生成页面并提供模板；site_templates/pages、site_templates/overrides",
              "# 或 site_templates/assets 中的同名文件会替换 quanze 自带的文件。"]
    return "\n".join(header + kept).replace("\n\n\n", "\n\n") + "\n"


#: The comments of quanze's own mkdocs.yml that a project's keeps, in Chinese (the files `quanze
#: init` writes are for the clerk who keeps the list).
_CONFIG_COMMENTS = {
    "# spaces, U+200B (between the words jieba cuts), Chinese punctuation, escaped < and >":
        "# 空格、U+200B（jieba 分出的词之间）、中文标点、转义的 < 和 >",
}


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
    return ["  # 首页的标题和简介中提到的发布单位（或用 intro: 写出整段简介）；",
            "  # 不写时，首页列出 content/agencies 中的各部门",
            f"  {mark}quanze:",
            f"  {given(title)}  site_title: {_yaml_text(title or '某某县应急管理局权责清单')}",
            f"  {given(title)}  publishers: {_yaml_text(publishers or '某某县应急管理局')}",
            "  #   网站由谁运营、如何联系，写在“关于本站”页面上；report_url 或 report_email：",
            "  #   在哪里报告错误；policy：网站如何编辑和更正",
            f"  {given(operator)}  operator: {_yaml_text(operator or '某某县司法局')}",
            f"  {given(contact)}  contact: {_yaml_text(contact or '电话 0000-0000000')}"]


def _yaml_text(text: str) -> str:
    """Text as a YAML scalar (quoted when YAML would read it as something else)."""
    import json

    return text if re.fullmatch(r"[\w\u3000-\u303f\uff00-\uffef·（）—]+", text) else json.dumps(text, ensure_ascii=False)


def agency_template(department: str = "", region: str = "") -> str:
    """An agency file with every field, each explained by its documentation in the model."""
    lines = ["# yaml-language-server: $schema=../../schema/agency.schema.json",
             "# 部门文件：复制到 content/agencies/<id>.yaml（文件名就是部门标识），填写后删除清单没有的字段。",
             "# `quanze import` 可以根据公布清单的 Word、Excel、PDF 或网页直接生成部门文件。", ""]
    examples = _examples(department, region)
    for name, field in Agency.model_fields.items():
        if name == "powers":
            continue
        lines += [f"# {FIELD_NOTES['agency'][name]}", f"{name}: {_placeholder(name, field, examples)}", ""]
    lines += ["# " + FIELD_NOTES["agency"]["powers"], "powers:"]
    first = True
    for name, field in Power.model_fields.items():
        lines.append(f"  # {FIELD_NOTES['power'][name]}")

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
    return f"""# {name}：权责清单

这个文件夹是一个 [quanze](https://pypi.org/project/quanze/) 项目：`content/agencies/` 中是部门公布的
权责清单（YAML 格式），`content/statutes/` 中是清单引用的法律法规，网站由它们生成。

## 下一步

```sh
quanze import 清单.docx -o content/agencies/{agency_id}.yaml --region {region or '某某省某某市某某县'}   # .docx .xlsx .html .pdf .csv 或网页文字
quanze check     # 列出所有问题，精确到文件和行
quanze serve     # 在 http://127.0.0.1:8000 预览，边改清单边看
```

然后运行 `quanze build`，网站会写到 `site/` 中（直接从磁盘打开 `site/index.html` 即可，不联网也能用，
包括搜索）。手工录入清单时，`agency-template.yaml` 列出了部门文件的每个字段及其含义。`quanze import`
会把清单引用的法规加入 `content/statutes/`（与 `quanze registry update` 相同）；`quanze import-statute`
用于加入法规的正式文本。

## 发布

`.github/workflows/site.yml` 会检查并构建每个拉取请求，并从 `main` 分支把网站发布到 GitHub Pages。
它安装的是创建这个文件夹（`quanze init`）的那个 quanze：如果当时是从 wheel 文件或文件夹安装的，
`.quanze/` 中有它的 wheel 文件，请一并提交。`.pre-commit-config.yaml` 会在每次提交前运行
`quanze check` 和 `quanze fmt`（`pip install pre-commit && pre-commit install`）。
"""


def workflow(install: str) -> str:
    """The project's CI workflow, installing quanze with the shell lines `install`."""
    lines = "".join(f"          {line}\n" if line else "\n" for line in install.splitlines())
    return WORKFLOW.replace("{install}\n", lines)


WORKFLOW = """# 每个拉取请求都检查内容并构建网站；main 分支的网站发布到 GitHub Pages。
# 拉取请求的分支用只读令牌构建，不用任何密钥，检出的代码中也不保留凭据（它的 mkdocs.yml
# 决定运行哪些 MkDocs 插件）；只有 main 分支会被发布。
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
          fetch-depth: 0  # 完整历史：页面的数据日期是其内容最后一次提交的日期
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # 与写出本文件的 quanze（`quanze init`）相同的版本
      - name: 安装 quanze
        run: |
{install}
      - name: 检查内容
        run: quanze check
      # 上一次构建的网站告诉构建哪些没有改变：只重新构建其余部分
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
# 命令中途被终止时，可能在正在写的文件旁留下的临时文件（quanze fmt、import -o 等）
.*.tmp
"""

PRE_COMMIT = """# pre-commit install：每次提交前检查内容，并保持规范的格式。
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

#: What each field of an agency file holds, as agency-template.yaml explains it (the model's own
#: documentation, in English, is the Content format reference's).
FIELD_NOTES = {
    "agency": {
        "name": "部门名称，例如 西夏区医疗保障局。",
        "aliases": "部门的其他名称（名称后括号里印的），例如 辽宁省市场监督管理局（辽宁省知识产权局）中的 辽宁省知识产权局。",
        "region": "服务的地区，从省级写起，例如 宁夏回族自治区银川市西夏区。",
        "admin_level": "行政层级：省级（省、自治区、直辖市）、市级、县级或乡级（乡镇、街道）。",
        "title": "清单公布时的标题，例如 西夏区医疗保障局行政职权事项。",
        "edition": "清单的版本或日期（已知时）：现行版本的名称，例如 2024年版。",
        "published": "现行版本的公布日期，写作 YYYY-MM-DD。",
        "document_number": "现行版本的文号。",
        "source": "清单从哪里、以什么形式找到的说明，例如 PDF 文件，附于通知之后（显示为“来源说明”；页面会根据 source_url 写明发布者和出处）。",
        "source_url": "部门发布清单的网页地址（http(s)）；页面以“原文”链接到它。",
        "source_file": "部门自己的清单文件（PDF、Word、Excel 等），作为“原始文件”随网站发布：sources/ 中的路径，例如 sources/xixia-2021.pdf。",
        "source_text": "从部门文件中提取的文字，与原始文件一起发布并注明是提取的：sources/ 中的路径，例如 sources/000_0ba25a7bb6e4bfa6.txt。",
        "contact": "部门的联系方式：地址、电话、投诉电话、网站（填写后显示在部门页面上）。",
        "notes": "编辑对整份清单的说明。",
        "powers": "事项，按公布的顺序排列。",
        "editions": "清单的历次版本，从旧到新；每个版本保留自己的页面，页面会说明改了什么。",
        "adjustments": "调整记录（增加、取消、下放、承接、合并、变更），从旧到新。",
    },
    "power": {
        "id": "固定的英文标识，在部门内唯一；页面地址是 agencies/<部门>/<id>.html。",
        "serial": "公布的序号。",
        "code": "公布的职权编码（基本编码、地方编码、字母编码或实施编码），照原样填写；`quanze check` 会核对它的格式和职权类别。",
        "name": "职权名称（事项名称、项目名称）。",
        "sub_item": "公布的子项。",
        "scope": "名称后印的范围说明，例如 （仅指医疗保险、生育保险）。",
        "category": "职权类别，从以下词中选：行政许可 … 行政裁决、其他。",
        "category_as_published": "清单印的职权类别与上面不同时，照原样填写（其他职权、行政监督检查 等）。",
        "basis": "职权依据（设定依据、实施依据）：每条一个引用，按公布的顺序。",
        "basis_note": "依据中不是条文引用的文字（照原样保留）。",
        "content": "行使内容。",
        "responsibilities": "责任事项，按顺序：立案责任、调查责任 …",
        "accountability": "追责情形，按顺序。",
        "liability": "担责方式，按顺序。",
        "responsible_body": "责任主体。",
        "implementing_body": "实施主体。",
        "remarks": "公布的备注，例如 增加。",
        "guide_url": "政务服务网上办事指南的地址：http(s)。",
        "service_code": "政务服务平台上的实施编码：6 到 64 位字母和数字。",
        "supervision": "监督方式，例如投诉电话和监督机关。",
        "remedy": "当事人的救济渠道：行政复议、行政诉讼 …",
        "editor_notes": "本站编辑的说明：对公布文字做了哪些更正、为什么。",
        "corrections": "对公布文字的更正，在原处显示并标出公布时的写法（原因写在 editor_notes 中）。",
        "unplaced": "导入时无法归入字段的源文字；编辑应把它移到所属字段或删掉。",
        "extra": "公布清单中没有对应字段的列：印的列名 -> 照原样的文字。",
    },
}
