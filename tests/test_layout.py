"""The shape of the code: no import cycle between modules (function-level imports included),
no settings read from environment variables, and the map of the modules in
docs/reference/architecture.md matches the tree."""

from __future__ import annotations

import ast
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


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that `name` imports, anywhere in its code. `from . import x`
    where x is a submodule imports x (the package itself is then already being imported)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                   for n in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
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
