"""The shape of the code: the stages import only downward and no module imports in a cycle
(function-level imports included), no settings read from environment variables, and the map of
the modules in docs/reference/architecture.md matches the tree."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"

#: The only variables quanze reads: reproducible dates, the user's cache folder, and the ones
#: it passes on to the programs it runs (MkDocs' banner, Zensical's colours).
ALLOWED_VARIABLES = {"SOURCE_DATE_EPOCH", "XDG_CACHE_HOME", "NO_MKDOCS_2_WARNING", "NO_COLOR"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


#: The layers of the code, lowest first: a module imports from its own stage and the layers below
#: it, never from a layer above nor from another stage of its own layer (law and importers do not
#: import each other). The helpers are the top-level modules every stage uses; the commands (the
#: command line, its tools, `python -m generator` and the MkDocs hook) import everything, each other too.
LAYERS: list[tuple[str, ...]] = [
    ("helpers",),
    ("content",),
    ("law", "importers"),
    ("site",),
    ("opendata",),
    ("publish",),
    ("commands",),
]
#: The top-level modules (the package's own `__init__` is "generator") and the stage each is of.
TOP_LEVEL = {"generator": "helpers", "errors": "helpers", "escape": "helpers", "i18n": "helpers",
             "fileio": "helpers", "cachekey": "helpers", "project": "helpers", "processes": "helpers",
             "cli": "commands", "__main__": "commands", "mkdocs_hook": "commands"}
#: Folders of the package and their stage where it is not the folder's own name.
FOLDERS = {"tools": "commands"}
#: Imports against the layers that are still there, with why: the test fails when one is gone.
EXCEPTIONS = {
    ("generator.site.home", "generator.publish.builders.mkdocs"):
        "reads the project's own mkdocs.yml (`read_config`, MkDocs' YAML tags) for the words it sets",
}


def stage(module: str) -> str:
    """The stage a module is of: its folder under generator/, or the stage of a top-level module."""
    parts = module.split(".")
    if len(parts) == 1 or f"{parts[0]}.{parts[1]}" not in packages():
        return TOP_LEVEL[parts[-1] if len(parts) > 1 else parts[0]]
    return FOLDERS.get(parts[1], parts[1])


@functools.cache
def packages() -> frozenset[str]:
    """The folders of the package, as modules (generator.content, ...)."""
    return frozenset(name for name, path in modules().items() if path.name == "__init__.py")


def layer(stage_name: str) -> int:
    return next(n for n, names in enumerate(LAYERS) if stage_name in names)


def backward(graph: dict[str, set[str]], stage_of=stage) -> list[str]:
    """Every import of `graph` (module -> the modules it imports) that goes against the layers,
    as a sentence naming the importing module, the imported one and the rule."""
    order = " < ".join(", ".join(names) for names in LAYERS)
    found = []
    for importer in sorted(graph):
        for imported in sorted(graph[importer]):
            above, below = stage_of(importer), stage_of(imported)
            if above != below and layer(below) >= layer(above):
                found.append(f"{importer} ({above}) imports {imported} ({below}): a stage imports only from "
                             f"the layers below its own ({order})")
    return found


def imports(name: str, path: Path, known: dict[str, Path], typing_too: bool = False) -> set[str]:
    """The modules of the package that `name` imports, anywhere in its code (`typing_too`: the
    imports for type annotations only, under `if TYPE_CHECKING:`, as well). `from . import x`
    where x is a submodule imports x (the package itself is then already being imported)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                   for n in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in typing_only and not typing_too:
            continue  # imports for type annotations only: not run
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in known]
            found.update(submodules or ([target] if target in known else []))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
    found.discard(name)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle():
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    assert sum(len(v) for v in graph.values()) > 100  # the graph was read
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_stages_import_only_downward():
    """Every import between stages, function-level and type-only ones included, goes down the layers."""
    known = modules()
    graph = {name: imports(name, path, known, typing_too=True) for name, path in known.items()}
    for importer, imported in EXCEPTIONS:
        assert imported in graph[importer], f"{importer} no longer imports {imported}: remove it from EXCEPTIONS"
        graph[importer].discard(imported)
    assert {stage(name) for name in known} == {name for names in LAYERS for name in names}
    assert backward(graph) == []


def test_the_layer_check_finds_an_import_upward():
    graph = {"generator.content.checks": {"generator.law.check", "generator.errors"},
             "generator.law.importer": {"generator.importers.columns", "generator.content.model"},
             "generator.site.pages": {"generator.opendata.paths", "generator.site.paths"},
             "generator.tools.docs": {"generator.cli"}, "generator.errors": {"generator.escape"}}
    stages = {"generator.importers.columns": "importers", "generator.opendata.paths": "opendata"}
    found = backward(graph, lambda module: stages.get(module) or stage(module))
    assert found == [
        "generator.content.checks (content) imports generator.law.check (law): a stage imports only from the "
        "layers below its own (helpers < content < law, importers < site < opendata < publish < commands)",
        "generator.law.importer (law) imports generator.importers.columns (importers): a stage imports only from "
        "the layers below its own (helpers < content < law, importers < site < opendata < publish < commands)",
        "generator.site.pages (site) imports generator.opendata.paths (opendata): a stage imports only from the "
        "layers below its own (helpers < content < law, importers < site < opendata < publish < commands)",
    ]


def test_one_module_reads_source_date_epoch():
    """The build date, the pages' data date, the zip's times and the build's fingerprint all ask
    content/dates.py (`source_date_epoch`, `build_date`)."""
    readers = {path.relative_to(ROOT).as_posix() for path in modules().values()
               if re.search(r"(?:environ(?:\.get)?\(?\[?|getenv\()\s*[\"']SOURCE_DATE_EPOCH", path.read_text("utf-8"))}
    assert readers == {"generator/content/dates.py"}


def test_no_settings_come_from_environment_variables():
    read = set()
    for path in modules().values():
        source = path.read_text("utf-8")
        read |= set(re.findall(r"environ(?:\.get)?\(?\[?\s*[\"']([A-Z0-9_]+)[\"']", source))
        read |= set(re.findall(r"getenv\(\s*[\"']([A-Z0-9_]+)[\"']", source))
        read |= set(re.findall(r"setdefault\(\s*[\"']([A-Z0-9_]+)[\"']", source))
    assert read, "the scan found no variable at all: the pattern is broken"
    assert read <= ALLOWED_VARIABLES, sorted(read - ALLOWED_VARIABLES)


def test_the_architecture_page_names_every_module_and_only_modules_that_exist():
    section = (ROOT / "docs" / "reference" / "architecture.md").read_text("utf-8")
    named = set(re.findall(r"generator/[\w/]+\.py", section))
    folders = {f"{m}" for m in re.findall(r"`(generator/[\w/]+)/`", section)}
    for path in named:
        assert (ROOT / path).is_file(), f"docs/reference/architecture.md names {path}, which does not exist"
    for module, path in modules().items():
        relative = path.relative_to(ROOT).as_posix()
        short = path.name
        in_folder = f"`{short}`" in section and any(relative.startswith(f + "/") for f in folders)
        assert relative in named or in_folder or path.name == "__init__.py" or path.name == "__main__.py", \
            f"docs/reference/architecture.md does not name {relative}"
