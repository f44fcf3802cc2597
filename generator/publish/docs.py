"""Docs folders: the rendered pages and the assets of one sub-site, written where MkDocs (or
another builder) reads them. Files are written only when their bytes changed, so a builder's
dirty build (a preview) renders only what an edit touched; files no page claims are removed."""

from __future__ import annotations

import os
from pathlib import Path

from ..content.checks import SourceFileRefused, read_source_file, source_file_error
from ..content.corpus import Corpus
from ..content.load import list_content, load_document
from ..errors import ContentError
from ..fileio import read_folder
from ..project import PACKAGED_TEMPLATES, Project
from ..site.pages import original_path
from ..site.paths import Layout


def original_files(corpus: Corpus, layout: Layout, content_dir: Path) -> dict[str, bytes]:
    """Each agency's original file (`source_file`), at its place in the assembled site beside the
    agency's page: the bytes read through the descriptor that was checked, once per build. A
    file that no longer passes the checks (swapped for a link since the content was read) is
    refused at its line (in the agency's file in `content_dir`), as `quanze check` refuses it."""
    if corpus.project is None:
        return {}
    files, problems = {}, []
    for agency_id in sorted(corpus.agencies):
        source_file = corpus.agencies[agency_id].source_file
        if source_file is None:
            continue
        try:
            files[layout.place(original_path(agency_id, source_file))] = read_source_file(corpus.project, source_file)
        except SourceFileRefused as refused:
            problems.append(source_file_error(with_document(corpus, content_dir, agency_id), agency_id, refused))
    if problems:
        raise ContentError(problems)
    return files


def asset_files(project: Project) -> dict[str, bytes]:
    """The site's assets (styles, scripts) by path in the docs folder: quanze's own, each replaced
    by the project's file of the same path (read through no link: see own_templates)."""
    files = {"assets/" + path: data for path, data in packaged_templates("assets").items()}
    files.update({"assets/" + path: data for path, data in own_templates(project, "assets").items()})
    return dict(sorted(files.items()))


def own_templates(project: Project, kind: str) -> dict[str, bytes]:
    """The project's own files of one kind (`site_templates/pages`, `overrides` or `assets`), by
    path there: a symbolic link or a hard-linked file among them is refused with one line naming
    it, since it could show a file from outside the project (`/etc/shadow`) as part of the site."""
    folder = project.templates_dir / kind
    if folder not in project.template_dirs(kind):
        return {}
    return read_folder(project.root, f"{folder.parent.name}/{kind}")


def packaged_templates(kind: str) -> dict[str, bytes]:
    """quanze's own files of one kind, by path there."""
    folder = PACKAGED_TEMPLATES / kind
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def with_document(corpus: Corpus, content_dir: Path, agency_id: str) -> Corpus:
    """The corpus holding the located document of an agency's file (a fast load keeps none), so
    that an error found after the content was read is shown at its line."""
    if f"agencies/{agency_id}" not in corpus.documents:
        files, _ = list_content(content_dir)
        for file in files:
            if file.kind == "agencies" and file.id == agency_id:
                document, _ = load_document(file.path)
                if document is not None:
                    corpus.documents[f"agencies/{agency_id}"] = document
    return corpus


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly these bytes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


#: docs folder -> path -> the text last written there by this process (a preview server
#: writes the same docs folder after each edit: pages rendered from a cache are the very
#: same objects, and are not even compared with the file).
_WRITTEN: dict[Path, dict[str, str | bytes]] = {}


def write_docs(files: dict[str, str | bytes], docs_dir: Path) -> list[str]:
    """Make `docs_dir` hold exactly `files` (path -> text or bytes); return the paths written."""
    docs_dir = Path(docs_dir)
    last = _WRITTEN.setdefault(docs_dir.resolve(), {})
    written = []
    base = str(docs_dir) + os.sep
    for path, data in sorted(files.items()):
        if last.get(path) is data and os.path.isfile(base + path):
            continue  # the very bytes written there by the previous render in this process
        if write_if_changed(docs_dir / path, data.encode("utf-8") if isinstance(data, str) else data):
            written.append(path)
        last[path] = data
    for path in set(last) - set(files):
        del last[path]
    remove_stale(docs_dir, set(files))
    return written


def remove_stale(docs_dir: Path, keep: set[str]) -> None:
    """Delete the files of `docs_dir` not in `keep` (paths relative to it), then empty folders.
    Names starting with a dot (.gitignore and the like) belong to the folder, not the site."""
    for folder, dirs, files in os.walk(docs_dir, topdown=False):
        relative = os.path.relpath(folder, docs_dir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files:
            if not name.startswith(".") and prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.path.basename(folder).startswith(".") and not os.listdir(folder):
            os.rmdir(folder)
