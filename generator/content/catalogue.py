"""Reference catalogues (通用参考目录): the standard items every list of a level should carry.

`content/catalogues/<id>.yaml` holds one `Catalogue`: its title, who issued it and for which
level or region, how it was made, and its items, each with the standard code, name, category,
basis (statute ids and articles of `content/statutes/`) and the levels it applies to. The file
is read like every content file (load.py, line-numbered YAML), validated against the model
below and checked against the statute registry; `alignment.py` holds the lists against it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, ValidationError

from ..errors import Problem
from ..i18n import _
from .checks import closest_statute, statute_names, unsafe_name
from .load import Document, display_path, list_content, load_document
from .model import CODE_PATTERN, AdminLevel, Category, Citation, _Model
from .validate import _plain, shown, validate_document
from .versions import current_version
from .vocab import CATEGORIES

if TYPE_CHECKING:
    from .corpus import Corpus

KIND = "catalogues"
"""The folder of `content/` that holds the catalogues."""


class CatalogueItem(_Model):
    """One standard item (通用事项) of a catalogue: the power every list of its levels should carry."""

    code: str | None = Field(default=None, pattern=CODE_PATTERN)
    """Standard power code: ten letters or digits, the first two the type (as a power's `code`); without one the item is matched by name only."""
    name: str = Field(min_length=1)
    """Standard name of the power."""
    aliases: list[str] = []
    """Other names that count as the same item (matched like the name: punctuation, spaces and width ignored)."""
    category: Category
    """Category (职权类别) in the vocabulary: 行政许可 ... 行政裁决, 其他."""
    basis: list[Citation] = []
    """Standard legal basis: one citation per article (statute id of `content/statutes/`, article, paragraph, item)."""
    levels: list[AdminLevel] = []
    """Administrative levels the item applies to (省级, 市级, 县级); empty: every level."""
    notes: list[str] = []
    """Notes on the item: where it came from, what differs."""


class Catalogue(_Model):
    """A reference catalogue (通用参考目录): standard items, against which each list is checked. The id is the file name stem. Found in `content/catalogues/<id>.yaml`."""

    title: str = Field(min_length=1)
    """Title of the catalogue, e.g. 河南省医疗保障系统权责清单通用目录."""
    issuer: str | None = None
    """Who issued or compiled it, e.g. 河南省医疗保障局, or the editors of this site."""
    level: AdminLevel | None = None
    """Level of the issuer (省级, 市级, 县级), when an authority issued it."""
    region: str | None = None
    """Region it covers, from province down, e.g. 河南省: only the lists of agencies whose region starts with it are held against it; empty: every list."""
    description: str = Field(min_length=1)
    """How the catalogue was made: from which documents or lists, by which rule, as of when."""
    items: list[CatalogueItem] = Field(min_length=1)
    """The standard items, in the catalogue's order."""


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A power name compared across lists and catalogues: width-folded, without spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PZSC")


def covers(catalogue: Catalogue, region: str) -> bool:
    """Whether the lists of an agency of `region` are held against the catalogue."""
    return not catalogue.region or region.startswith(catalogue.region)


def applies_to(item: CatalogueItem, admin_level: str) -> bool:
    """Whether a list of `admin_level` should carry the item."""
    return not item.levels or admin_level in item.levels


# --- reading ---------------------------------------------------------------------------------

def read_catalogues(content_dir: Path, corpus: Corpus, root: Path | None = None) -> tuple[dict, list[Problem]]:
    """The catalogues of `content/catalogues/` (id -> Catalogue) that validate, and every problem
    (schema, codes, statute ids). Their documents are added to `corpus.documents`."""
    files, problems = list_content(content_dir, root, kinds=(KIND,))
    catalogues: dict[str, Catalogue] = {}
    for file in files:
        if unsafe_name(file.id):
            problems.append(Problem(file.display, 0, 0, "error", _('"{id}" cannot be a catalogue id').format(id=file.id),
                                    _("rename the file: {why}").format(why=unsafe_name(file.id))))
            continue
        doc, catalogue, found = _load(file.path, root)
        problems += found
        if doc is None:
            continue
        corpus.documents[f"{KIND}/{file.id}"] = doc
        checked = list(check_catalogue(corpus, file.id, catalogue or _salvage(doc)))
        problems += checked
        if catalogue is not None and not any(p.severity == "error" for p in checked):
            catalogues[file.id] = catalogue
    return catalogues, problems


#: path -> (mtime_ns, size, display, document, catalogue, problems): a file unchanged since the last
#: read is not parsed again, and hands out the same objects (a preview's page cache compares them).
_LOADED: dict[Path, tuple] = {}


def _load(path: Path, root: Path | None) -> tuple[Document | None, Catalogue | None, list[Problem]]:
    """The document and the catalogue (None with schema errors) of one file, and its problems."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = path.resolve()
    hit = _LOADED.get(key)
    display = display_path(path, root)
    if stat is not None and hit and hit[:3] == (stat.st_mtime_ns, stat.st_size, display):
        return hit[3], hit[4], list(hit[5])
    doc, problems = load_document(path, root)
    catalogue = None
    if doc is not None:
        catalogue, found = validate_document(doc, Catalogue)
        problems = problems + found
    if stat is not None:
        _LOADED[key] = (stat.st_mtime_ns, stat.st_size, display, doc, catalogue, list(problems))
    return doc, catalogue, problems


def _salvage(doc) -> Catalogue:
    """A catalogue whose schema errors are reported, kept for the other checks: the items that
    validate, and None in place of the others (so that each keeps its index)."""
    raw = _plain(doc.data.get("items"))
    items = []
    for item in raw if isinstance(raw, list) else []:
        try:
            items.append(CatalogueItem.model_validate(item))
        except ValidationError:
            items.append(None)
    return Catalogue.model_construct(items=items)


# --- checks ----------------------------------------------------------------------------------

def _problem(corpus: Corpus, catalogue_id: str, loc: tuple, severity: str, message: str,
             hint: str | None = None) -> Problem:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    doc = corpus.documents.get(f"{KIND}/{catalogue_id}")
    line, col = doc.locate(loc) if doc is not None else (0, 0)
    path = doc.display if doc is not None else f"{KIND}/{catalogue_id}.yaml"
    return Problem(path, line, col, severity, f"{where}: {message}", hint)


def check_catalogue(corpus: Corpus, catalogue_id: str, catalogue: Catalogue) -> Iterator[Problem]:
    """Codes unique and of the item's type, names unique, every basis a statute of the registry."""
    yield from _check_codes(corpus, catalogue_id, catalogue)
    yield from _check_names(corpus, catalogue_id, catalogue)
    yield from _check_basis(corpus, catalogue_id, catalogue)


def _check_codes(corpus: Corpus, catalogue_id: str, catalogue: Catalogue) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for n, item in enumerate(catalogue.items):
        if item is None or item.code is None:
            continue
        first = seen.setdefault(item.code.upper(), n)
        if first != n:
            yield _problem(corpus, catalogue_id, ("items", n, "code"), "error",
                           _('same code "{code}" as items[{first}] ({name})').format(
                               code=item.code, first=first, name=shown(catalogue.items[first].name)),
                           _("each standard item has its own code: correct one of the two, or merge the items"))
        expected = CATEGORIES[item.category]
        if item.code[:2] != expected and item.code[:2] in CATEGORIES.values():
            yield _problem(corpus, catalogue_id, ("items", n, "code"), "warning",
                           _('"{code}" starts with {prefix} but the category is {category} ({expected})').format(
                               code=item.code, prefix=item.code[:2], category=item.category, expected=expected),
                           _("check the code and the category against the catalogue as issued"))


def _check_names(corpus: Corpus, catalogue_id: str, catalogue: Catalogue) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for n, item in enumerate(catalogue.items):
        if item is None:
            continue
        for field, names in (("name", [item.name]), ("aliases", item.aliases)):
            for k, name in enumerate(names):
                first = seen.setdefault(name_key(name), n)
                if first != n:
                    loc = ("items", n, field) + ((k,) if field == "aliases" else ())
                    yield _problem(corpus, catalogue_id, loc, "warning",
                                   _('"{name}" is also a name of items[{first}]').format(name=shown(name), first=first),
                                   _("a power of that name would match the first of the two items only; "
                                     "keep the name on one item"))


def _check_basis(corpus: Corpus, catalogue_id: str, catalogue: Catalogue) -> Iterator[Problem]:
    names = statute_names(corpus)
    for n, item in enumerate(catalogue.items):
        for k, citation in enumerate(item.basis if item is not None else []):
            statute = corpus.statutes.get(citation.statute)
            if statute is not None:
                yield from _check_article(corpus, catalogue_id, (n, k), statute, citation)
                continue
            if f"statutes/{citation.statute}" in corpus.documents:
                continue
            sid = closest_statute(corpus, citation.title or citation.statute, names)
            hint = (_('did you mean "{id}" for {title}?').format(id=sid, title=shown(corpus.statutes[sid].title)) if sid
                    else _("add content/statutes/{id}.yaml, or cite a statute of the registry").format(
                        id=citation.statute))
            yield _problem(corpus, catalogue_id, ("items", n, "basis", k, "statute"), "error",
                           _('unknown statute "{id}"').format(id=shown(citation.statute)), hint)


def _check_article(corpus: Corpus, catalogue_id: str, at: tuple[int, int], statute, citation: Citation) -> Iterator[Problem]:
    """A cited article that the official text in force does not have (statutes without one are
    not checked: their registry holds only the articles the lists quote)."""
    current = current_version(statute)
    if current is None or citation.article is None or any(a.number == citation.article for a in current.articles):
        return
    yield _problem(corpus, catalogue_id, ("items", at[0], "basis", at[1], "article"), "warning",
                   _("{title} ({version}) has no article {article}").format(
                       title=shown(statute.title), version=current.label, article=citation.article),
                   _("check the article number against the official text"))
