"""Cross-file checks on the typed corpus: references resolve, ids unique, codes consistent.

Each check is a small function yielding Problems located through the source Document.
Errors stop a build; warnings point an editor at something that is probably wrong.

Two families of warnings need a stage above the content and are run by `quanze check`
(tools/check.py) after these: quotes against the statutes' official texts (law/check.py) and
what an import left wrong in a list (importers/check.py).
"""

from __future__ import annotations

import difflib
import functools
import itertools
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import Problem
from ..fileio import LinkedFile, NotARegularFile, open_inside, read_descriptor
from ..i18n import _
from ..project import SOURCES_FOLDER
from .codes import CODE_SHAPES, MAX_CODE_LENGTH, CodeShape, impossible, printed_type, shape_of
from .editions import label_slug
from .model import is_id
from .registry import title_key
from .traditional import simplified, traditional_characters
from .validate import shown
from .vocab import CATEGORIES, TYPE_LETTERS

if TYPE_CHECKING:
    from .corpus import Corpus, PowerRef

#: File names Windows reserves (with any extension): a page or file so named cannot be written there.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
#: Ids that would collide with pages the site writes next to power pages.
SITE_NAMES = {"index", "search", "assets", "sitemap"}

_TYPE_NAMES = {code: category.removeprefix("行政") for category, code in CATEGORIES.items()}
_CATEGORY_OF = {code: category for category, code in CATEGORIES.items()}


def file_problem(corpus: Corpus, doc_key: str, loc: tuple, severity: str, message: str, hint: str | None = None) -> Problem:
    """A problem at `loc` (a path of keys and indexes) in the content file `doc_key` (`agencies/<id>`)."""
    doc = corpus.documents.get(doc_key)
    if doc is None:
        return Problem(f"{doc_key}.yaml", 0, 0, severity, message, hint)
    line, col = doc.locate(loc)
    return Problem(doc.display, line, col, severity, message, hint)


def power_problem(corpus: Corpus, ref: PowerRef, loc: tuple, severity: str, message: str, hint: str | None = None) -> Problem:
    """A problem in one power of one agency; `loc` is relative to the power."""
    where = f"powers[{ref.index}]" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    return file_problem(corpus, f"agencies/{ref.agency_id}", ("powers", ref.index, *loc), severity,
                        f"{where}: {message}", hint)


def unsafe_name(name: str) -> str | None:
    """Why `name` cannot be a file or page name on every system, or None if it can."""
    if not is_id(name):
        return _("use lowercase ASCII letters, digits and hyphens, starting with a letter or digit")
    if name in RESERVED_NAMES:
        return _('"{name}" is a reserved device name on Windows; add a word, e.g. "{name}-1"').format(name=name)
    return None


# --- file names and ids -------------------------------------------------------------------


def check_file_names(corpus: Corpus) -> Iterator[Problem]:
    for kind, items in (("agencies", corpus.agencies), ("statutes", corpus.statutes)):
        folded: dict[str, str] = {}
        for stem in sorted(items):
            why = unsafe_name(stem)
            if why:
                yield file_problem(corpus, f"{kind}/{stem}", (), "error",
                                   _('file name "{stem}" is not a valid id (the file name is the id)').format(stem=stem),
                                   why)
            if why is None and stem in SITE_NAMES and kind == "statutes":
                yield file_problem(corpus, f"{kind}/{stem}", (), "error",
                                   _('file name "{stem}" cannot be a statute id: the site writes its own "{stem}" page '
                                     "among the statute pages").format(stem=stem),
                                   _('rename the file, e.g. "{stem}-1.yaml"').format(stem=stem))
            other = folded.setdefault(stem.casefold(), stem)
            if other != stem:
                yield file_problem(corpus, f"{kind}/{stem}", (), "error",
                                   _('file name "{stem}" differs from "{other}" only in case').format(stem=stem, other=other),
                                   _("the two collide on Windows and macOS: rename one"))


def check_power_ids_unique(corpus: Corpus) -> Iterator[Problem]:
    for agency_id, agency in sorted(corpus.agencies.items()):
        seen: dict[str, int] = {}
        for index, power in enumerate(agency.powers):
            key = power.id.casefold()
            if key in seen:
                yield file_problem(corpus, f"agencies/{agency_id}", ("powers", index, "id"), "error",
                                   _('powers[{index}].id: duplicate id "{id}" (also powers[{other}])').format(
                                       index=index, id=power.id, other=seen[key]),
                                   _("give each power of an agency its own id"))
            seen.setdefault(key, index)


def check_power_ids_safe(corpus: Corpus) -> Iterator[Problem]:
    for ref in corpus.powers():
        power_id = ref.power.id
        why = unsafe_name(power_id)
        if why is None and power_id in SITE_NAMES:
            why = _('the site writes its own "{id}" page there; add a word, e.g. "{id}-1"').format(id=power_id)
        if why:
            yield power_problem(corpus, ref, ("id",), "error", _('"{id}" cannot be used as a page name').format(id=power_id), why)


# --- codes ---------------------------------------------------------------------------------


def check_codes(corpus: Corpus) -> Iterator[Problem]:
    """Codes are kept as printed: an error for what cannot be a code, a warning for a code of no
    known shape (once per form in a list), and the type a code names checked against the category."""
    for refs in _by_agency(corpus):
        unknown: dict[str, list[PowerRef]] = {}
        for ref in refs:
            code = ref.power.code
            if code is None:
                continue
            why = impossible(code)
            if why:
                yield power_problem(corpus, ref, ("code",), "error", _('"{value}" {why}').format(value=shown(code), why=why),
                                    _impossible_hint(code))
                continue
            half = unicodedata.normalize("NFKC", code)
            if half != code:
                yield power_problem(corpus, ref, ("code",), "warning",
                                    _('"{code}" has full-width characters').format(code=shown(code)),
                                    _('write it in half-width characters: "{code}"').format(code=shown(half)))
            shape = shape_of(half)
            if shape is None:
                unknown.setdefault(_form(half), []).append(ref)
            else:
                yield from _type_code(corpus, ref, half, shape)
        for group in unknown.values():
            yield _unknown_shape(corpus, group)


def _impossible_hint(code: str) -> str:
    joined = "".join(c for c in code if not c.isspace() and unicodedata.category(c) != "Cc")
    if joined and len(joined) <= MAX_CODE_LENGTH:
        return _('write "{code}"').format(code=shown(joined))
    return _("copy the code from the published list, or remove the field")


def _form(code: str) -> str:
    """A code's form: each digit as 9, each letter as A (111004001 -> 999999999)."""
    return re.sub(r"[A-Za-z]", "A", re.sub(r"[0-9]", "9", code))


def _unknown_shape(corpus: Corpus, group: list[PowerRef]) -> Problem:
    first, more = group[0], len(group) - 1
    also = _(" (as are {more} more codes of this list, e.g. powers[{index}])").format(
        more=more, index=group[1].index) if more else ""
    known = ", ".join(f"{_(shape.name)} {shape.example}" for shape in CODE_SHAPES)
    return power_problem(corpus, first, ("code",), "warning",
                         _('"{code}" has no known code shape{also}').format(code=shown(first.power.code), also=also),
                         _("check it against the published list; known shapes: {known}").format(known=known))


def _type_code(corpus: Corpus, ref: PowerRef, code: str, shape: CodeShape) -> Iterator[Problem]:
    category, printed = ref.power.category, printed_type(code, shape)
    expected = CATEGORIES[category]
    if printed is None or printed == expected:
        return
    if shape.typed_by == "letters":
        letters, wanted = TYPE_LETTERS[_CATEGORY_OF[printed]], TYPE_LETTERS[category]
        found = _("has {letters} ({type}) but the category is {category} ({wanted})").format(
            letters=letters, type=_TYPE_NAMES[printed], category=category, wanted=wanted)
    else:
        found = _("starts with {printed} ({type}) but the category is {category} ({expected})").format(
            printed=printed, type=_TYPE_NAMES[printed], category=category, expected=expected)
    yield power_problem(corpus, ref, ("code",), "warning", _('{shape} "{code}" {found}').format(
                            shape=_(shape.name), code=shown(code), found=found),
                        _("check the code and the category against the published list"))


# --- duplicates and order --------------------------------------------------------------------


def _by_agency(corpus: Corpus) -> Iterator[list[PowerRef]]:
    """The powers of each agency, agencies in id order."""
    for _agency, refs in itertools.groupby(corpus.powers(), key=lambda r: r.agency_id):
        yield list(refs)


def check_duplicate_powers(corpus: Corpus) -> Iterator[Problem]:
    for refs in _by_agency(corpus):
        by_code: dict[tuple, int] = {}
        by_name: dict[tuple, int] = {}
        for ref in refs:
            power = ref.power
            if power.code:
                first = by_code.setdefault((power.code, power.sub_item), ref.index)
                if first != ref.index:
                    yield power_problem(corpus, ref, ("code",), "error",
                                        _('same code "{code}" as powers[{first}]').format(code=shown(power.code), first=first),
                                        _("remove the duplicate, or give it its sub-item (sub_item)"))
                    continue
            first = by_name.setdefault((power.name, power.sub_item), ref.index)
            if first != ref.index:
                yield power_problem(corpus, ref, ("name",), "warning", _("same name as powers[{first}]").format(first=first),
                                    _("remove the duplicate, or give it its sub-item (sub_item)"))


def check_serials(corpus: Corpus) -> Iterator[Problem]:
    for refs in _by_agency(corpus):
        previous: int | None = None
        for ref in refs:
            serial = unicodedata.normalize("NFKC", ref.power.serial or "").strip()
            if not (serial.isdecimal() and len(serial) < 10):
                continue
            number = int(serial)
            repeated = number == previous and ref.power.sub_item
            new_group = number == 1  # lists grouped by category number each group from 1
            if previous is not None and number != previous + 1 and not (repeated or new_group):
                yield power_problem(corpus, ref, ("serial",), "warning",
                                    _('serial "{serial}" follows "{previous}"').format(serial=serial, previous=previous),
                                    _('expected "{next}": renumber, or record the gap in editor_notes').format(next=previous + 1))
            previous = number


# --- citations -----------------------------------------------------------------------------


def _statute_known(corpus: Corpus, statute_id: str) -> bool:
    """True for statutes in the corpus, and for files that exist but failed validation."""
    return statute_id in corpus.statutes or f"statutes/{statute_id}" in corpus.documents


def statute_names(corpus: Corpus) -> dict[str, str]:
    """Every id, title key and alias key of the registry -> statute id."""
    names: dict[str, str] = {}
    for sid, statute in sorted(corpus.statutes.items()):
        names.setdefault(sid, sid)
        for title in (statute.title, *statute.aliases):
            names.setdefault(title_key(title), sid)
    return names


SIMILAR_TITLES = 0.6
"""How alike (difflib's ratio, 中华人民共和国 left out) a title or id must be to another to be
suggested for it: 社会保险发 is 社会保险法 (0.8), 公路法 is not 社会保险法 (0.25)."""


def closest_statute(corpus: Corpus, wanted: str, names: dict[str, str] | None = None) -> str | None:
    """The id of the statute whose title or alias (for a title), or id (for an id), is really
    like `wanted`; None when none is."""
    names = statute_names(corpus) if names is None else names
    wanted = wanted[:200]
    key = title_key(wanted) or wanted
    if key in names:
        return names[key]
    alike = [name for name in names if _is_title(name) == _is_title(key)]  # titles with titles, ids with ids
    close = difflib.get_close_matches(key, alike, n=1, cutoff=SIMILAR_TITLES)
    return names[close[0]] if close else None


def _is_title(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def check_citations_resolve(corpus: Corpus) -> Iterator[Problem]:
    names = statute_names(corpus)
    for ref in corpus.powers():
        for n, citation in enumerate(ref.power.basis):
            if _statute_known(corpus, citation.statute):
                continue
            sid = closest_statute(corpus, citation.title or citation.statute, names)
            if sid is None and citation.title:
                sid = closest_statute(corpus, citation.statute, names)
            hint = (_('did you mean "{id}" for {title}?').format(id=sid, title=shown(corpus.statutes[sid].title))
                    if sid else _("add content/statutes/{id}.yaml, or run `quanze registry update`").format(
                        id=citation.statute))
            yield power_problem(corpus, ref, ("basis", n, "statute"), "error",
                                _('unknown statute "{id}"').format(id=citation.statute), hint)


def check_articles_exist(corpus: Corpus) -> Iterator[Problem]:
    numbers: dict[str, set] = {}  # statute id -> the numbers of its articles
    for ref in corpus.powers():
        for n, citation in enumerate(ref.power.basis):
            statute = corpus.statutes.get(citation.statute)
            if statute is None or citation.article is None or not statute.articles or statute.official_versions:
                continue
            known = numbers.get(citation.statute)
            if known is None:
                known = numbers[citation.statute] = {a.number for a in statute.articles}
            if citation.article not in known:
                yield power_problem(corpus, ref, ("basis", n, "article"), "warning",
                                    _("{title} has no article {article} in the registry").format(
                                        title=shown(statute.title), article=citation.article),
                                    _("check the article number, or add it to content/statutes/{id}.yaml").format(
                                        id=citation.statute))


def _statute_keys(statute) -> set[str]:
    return {title_key(t) for t in (statute.title, *statute.aliases)}


def check_citation_titles(corpus: Corpus) -> Iterator[Problem]:
    """A citation's printed title is a title or alias of the statute it names."""
    names = statute_names(corpus)
    keys = {statute_id: _statute_keys(statute) for statute_id, statute in corpus.statutes.items()}
    for ref in corpus.powers():
        for n, citation in enumerate(ref.power.basis):
            statute = corpus.statutes.get(citation.statute)
            if statute is None or not citation.title or title_key(citation.title) in keys[citation.statute]:
                continue
            odd = traditional_characters(citation.title)
            other = names.get(title_key(citation.title))
            if odd and title_key(simplified(citation.title)) in keys[citation.statute]:
                hint = _("it has Traditional characters {chars}: write {title}").format(
                    chars=", ".join(odd), title=shown(simplified(citation.title)))
            elif other and other != citation.statute:
                hint = _('it is the title of "{other}": cite that statute, or correct the title').format(other=other)
            else:
                hint = _("if the list printed it so, add it to aliases in content/statutes/{id}.yaml").format(
                    id=citation.statute)
            yield power_problem(corpus, ref, ("basis", n, "title"), "warning",
                                _('{printed} is not a title of "{id}" ({title})').format(
                                    printed=shown(citation.title), id=citation.statute, title=shown(statute.title)), hint)


def _traditional(corpus: Corpus, doc_key: str, loc: tuple, where: str, text: str | None) -> Iterator[Problem]:
    odd = traditional_characters(text or "")
    if odd:
        yield file_problem(corpus, doc_key, loc, "warning",
                           _("{where}: {text} has Traditional characters ({chars})").format(
                               where=where, text=shown(text), chars=", ".join(odd)),
                           _("write it in Simplified characters: {text}").format(text=shown(simplified(text))))


def check_traditional_titles(corpus: Corpus) -> Iterator[Problem]:
    """Names and titles pasted in Traditional characters (the lists and the registry are Simplified)."""
    for sid, statute in sorted(corpus.statutes.items()):
        yield from _traditional(corpus, f"statutes/{sid}", ("title",), "title", statute.title)
        for n, alias in enumerate(statute.aliases):
            yield from _traditional(corpus, f"statutes/{sid}", ("aliases", n), f"aliases[{n}]", alias)
    for agency_id, agency in sorted(corpus.agencies.items()):
        for field in ("name", "title"):
            yield from _traditional(corpus, f"agencies/{agency_id}", (field,), field, getattr(agency, field, None))
    for ref in corpus.powers():
        yield from _traditional(corpus, f"agencies/{ref.agency_id}", ("powers", ref.index, "name"),
                                f"powers[{ref.index}].name", ref.power.name)


_TRAILING = "。；;，,：:、.！!？? "


@functools.lru_cache(maxsize=65536)  # the same quotes recur in every list that cites the article
def quote_key(text: str) -> str:
    """A quoted text with the differences that don't matter removed: width, spaces, final punctuation."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return text.rstrip(_TRAILING)


def _common_ends(ours: str, theirs: str) -> tuple[int, int]:
    """Lengths of the common prefix and (not overlapping it) the common suffix: linear time."""
    prefix = len(os.path.commonprefix([ours, theirs]))
    limit = min(len(ours), len(theirs)) - prefix
    suffix = len(os.path.commonprefix([ours[::-1], theirs[::-1]]))
    return prefix, min(suffix, limit)


def _clip(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[:width] + "…"


def short_diff(ours: str, theirs: str, context: int = 8) -> str:
    """The differing stretch of two texts with a little context: `…a[b → c]d…`."""
    prefix, suffix = _common_ends(ours, theirs)
    if prefix == len(ours) == len(theirs):
        return ""
    lead = ("…" if prefix > context else "") + ours[max(0, prefix - context):prefix]
    tail_start = len(ours) - suffix
    tail = ours[tail_start:tail_start + context] + ("…" if suffix > context else "")
    mine, other = ours[prefix:tail_start], theirs[prefix:len(theirs) - suffix]
    return f"{lead}[{_clip(mine) or '∅'} → {_clip(other) or '∅'}]{tail}"


def check_quoted_texts(corpus: Corpus) -> Iterator[Problem]:
    registered: dict[str, dict] = {}  # statute id -> article number -> the quote keys of its texts
    seen: dict[str, str] = {}  # a quote -> its key (lists quote the same articles alike)
    for ref in corpus.powers():
        for n, citation in enumerate(ref.power.basis):
            statute = corpus.statutes.get(citation.statute)
            if statute is None or citation.article is None or not citation.text or statute.official_versions:
                continue
            articles = registered.get(citation.statute)
            if articles is None:
                articles = registered[citation.statute] = {}
                for article in statute.articles:
                    articles.setdefault(article.number, []).extend(quote_key(t.text) for t in article.texts)
            keys = articles.get(citation.article)
            if not keys:
                continue
            ours = seen.get(citation.text)
            if ours is None:
                ours = seen[citation.text] = quote_key(citation.text)
            if any(ours == k or ours in k for k in keys):
                continue
            theirs = max(keys, key=lambda k: sum(_common_ends(ours, k)))
            yield power_problem(corpus, ref, ("basis", n, "text"), "warning",
                                _("the quote of {title} article {article} differs from the registry: {diff}").format(
                                    title=shown(statute.title), article=citation.article, diff=short_diff(ours, theirs)),
                                _("update the quote if the list used an outdated wording, or add this wording to "
                                  "content/statutes/{id}.yaml").format(id=citation.statute))


# --- editions and adjustments ----------------------------------------------------------------


def check_editions(corpus: Corpus) -> Iterator[Problem]:
    """Edition labels (and the URLs made from them) unique, dates in order, power ids unique within
    an edition, and every adjustment naming a power of some edition."""
    for agency_id, agency in sorted(corpus.agencies.items()):
        key = f"agencies/{agency_id}"
        # (a list without editions makes no slug: pinyin's dictionary, a third of a second to load, stays unread)
        seen: dict[str, int | None] = {label_slug(agency.edition or "现行版"): None} if agency.editions else {}
        for n, edition in enumerate(agency.editions):
            slug = label_slug(edition.label)
            if slug in seen:
                other = _("the current edition (`edition`)") if seen[slug] is None else f"editions[{seen[slug]}]"
                yield file_problem(corpus, key, ("editions", n, "label"), "error",
                                   _('editions[{n}].label: "{label}" names the same page as {other}').format(
                                       n=n, label=shown(edition.label), other=other),
                                   _("give each edition its own label, e.g. its year: 2021年版"))
            seen.setdefault(slug, n)
            ids: dict[str, int] = {}
            for i, power in enumerate(edition.powers):
                if power.id in ids:
                    yield file_problem(corpus, key, ("editions", n, "powers", i, "id"), "error",
                                       _('editions[{n}].powers[{i}].id: duplicate id "{id}" (also powers[{other}])').format(
                                           n=n, i=i, id=power.id, other=ids[power.id]),
                                       _("give each power of an edition its own id; the same power keeps its id in "
                                         "every edition"))
                ids.setdefault(power.id, i)
        dates = [(e.published, ("editions", n, "published"), f"editions[{n}].published")
                 for n, e in enumerate(agency.editions)] + [(agency.published, ("published",), "published")]
        dated = [d for d in dates if d[0] is not None]
        for (before, _at_before, before_name), (after, loc, name) in zip(dated, dated[1:]):
            if after <= before:
                yield file_problem(corpus, key, loc, "error", _("{name}: {after} is not after {before_name} ({before})").format(
                                       name=name, after=after, before_name=before_name, before=before),
                                   _("editions are listed oldest first, the current one (the agency's own fields) last"))
        known = {p.id: None for e in agency.editions for p in e.powers} | {p.id: None for p in agency.powers} \
            if agency.adjustments else {}
        for n, adjustment in enumerate(agency.adjustments):
            for i, power_id in enumerate(adjustment.powers):
                if power_id not in known:
                    near = difflib.get_close_matches(power_id, list(known), n=1)
                    yield file_problem(corpus, key, ("adjustments", n, "powers", i), "error",
                                       _('adjustments[{n}].powers[{i}]: no power "{id}" in any edition').format(
                                           n=n, i=i, id=shown(power_id)),
                                       _('did you mean "{near}"?').format(near=near[0]) if near
                                       else _("use the id of a power of this list"))
            labels = {e.label for e in agency.editions} | {agency.edition or "现行版"}
            if adjustment.edition is not None and adjustment.edition not in labels:
                yield file_problem(corpus, key, ("adjustments", n, "edition"), "error",
                                   _('adjustments[{n}].edition: no edition "{label}"').format(
                                       n=n, label=shown(adjustment.edition)),
                                   _("use the label of an edition: ") + "、".join(sorted(labels)))


# --- corrections shown in place ----------------------------------------------------------------


def corrected_text(power, field: str) -> str | None:
    """The text of a power a correction names (`name`, `basis[N].title`), or None if there is none."""
    if field == "name":
        return power.name
    number = int(field[len("basis["):field.index("]")])
    return power.basis[number].title if number < len(power.basis) else None


def check_corrections(corpus: Corpus) -> Iterator[Problem]:
    for ref in corpus.powers():
        for n, correction in enumerate(ref.power.corrections):
            text = corrected_text(ref.power, correction.field)
            where = ("corrections", n)
            if text is None:
                yield power_problem(corpus, ref, (*where, "field"), "error",
                                    _('"{field}" names no text of this power').format(field=correction.field),
                                    _("this power has {n} citation(s), numbered from 0; a citation without a title takes the "
                                      "registry's and cannot be corrected here").format(n=len(ref.power.basis)))
            elif text.count(correction.corrected) != 1:
                found = text.count(correction.corrected)
                yield power_problem(corpus, ref, (*where, "corrected"), "error",
                                    _('"{words}" occurs {found} times in {field} ("{text}"), it must occur once').format(
                                        words=shown(correction.corrected, 30), found=found, field=correction.field,
                                        text=shown(text, 40)),
                                    _("write the corrected words as the field holds them, with a character or two around "
                                      "them if they occur more than once"))
            elif correction.corrected == correction.published:
                yield power_problem(corpus, ref, where, "error",
                                    _("the published and the corrected words are the same"),
                                    _("write in `published` the words as the list printed them"))


# --- original source files ----------------------------------------------------------------

MAX_SOURCE_BYTES = 50 * 1024 * 1024
"""Largest original file published with a site (a scanned list of a large agency is a few MB)."""
#: Kinds of original file published as they are (extension -> name shown); never a page or a script.
SOURCE_TYPES = {".txt": "TXT", ".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".xls": "XLS", ".xlsx": "XLSX",
                ".csv": "CSV", ".ofd": "OFD", ".wps": "WPS", ".et": "ET"}


def _bytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else _("{size} bytes").format(size=size)


class SourceFileRefused(Exception):
    """An agency's `source_file` that is not published: why (after the quoted value), and a hint."""

    def __init__(self, why: str, hint: str) -> None:
        super().__init__(why)
        self.why, self.hint = why, hint


def read_source_file(project: Path, value: str) -> bytes:
    """The bytes of an original file as they are published: read through the descriptor that was
    checked (see open_source_file), so they are the bytes of the file that passed the checks, even
    if its name was given to another file since. Raises SourceFileRefused."""
    descriptor = open_source_file(project, value)
    try:
        data = read_descriptor(descriptor, MAX_SOURCE_BYTES)
    finally:
        os.close(descriptor)
    if len(data) > MAX_SOURCE_BYTES:  # (it grew after it was checked)
        raise _too_big(len(data))
    return data


def open_source_file(project: Path, value: str) -> int:
    """A descriptor of the original file `value` names, open for reading, after every check: a
    path in sources/, of a kind published as it is, a regular file with one hard link reached
    through no symbolic link (a link could publish `.git/config` or `/etc/passwd`), within the size
    bound. Raises SourceFileRefused; the caller closes the descriptor."""
    path = PurePosixPath(value)
    if "\\" in value or path.is_absolute() or (value[1:2] == ":") or ".." in path.parts:
        raise SourceFileRefused(_("must be a path relative to the project, without .."),
                                _("write it as sources/<file name>"))
    if len(path.parts) < 2 or path.parts[0] != SOURCES_FOLDER:
        raise SourceFileRefused(_("is not in the project's {folder}/ folder").format(folder=SOURCES_FOLDER),
                                _("put the file in {folder}/ and write sources/<file name>").format(folder=SOURCES_FOLDER))
    if path.suffix.lower() not in SOURCE_TYPES:
        raise SourceFileRefused(_('"{kind}" files are not published as they are').format(
                                    kind=shown(path.suffix or path.name, 20)),
                                _("publish a text, PDF, Word or Excel file ({kinds}); save a web page as PDF").format(
                                    kinds=", ".join(SOURCE_TYPES)))
    descriptor = _open_checked(project, "/".join(path.parts))
    size = os.fstat(descriptor).st_size
    if size > MAX_SOURCE_BYTES:
        os.close(descriptor)
        raise _too_big(size)
    return descriptor


def _open_checked(project: Path, relative: str) -> int:
    try:
        return open_inside(project, relative)
    except LinkedFile as linked:
        if linked.links:
            raise SourceFileRefused(_("has {n} hard links").format(n=linked.links),
                                    _("a hard link can be a file from outside the project: copy the file into "
                                      "sources/")) from None
        where = (_("is a symbolic link") if linked.path == relative
                 else _('is reached through a symbolic link ("{path}")').format(path=linked.path))
        raise SourceFileRefused(where, _("put the file itself in sources/, not a link to it")) from None
    except NotARegularFile:
        raise SourceFileRefused(_("is not a regular file"), _("name a file, not a folder or a device")) from None
    except OSError:
        raise SourceFileRefused(_("no such file"), _("check the name against the files in {folder}/").format(
            folder=SOURCES_FOLDER)) from None


def _too_big(size: int) -> SourceFileRefused:
    return SourceFileRefused(_("is {size}, more than the {limit} a site publishes").format(
                                 size=_bytes(size), limit=_bytes(MAX_SOURCE_BYTES)),
                             _("publish a smaller copy (a PDF of the text) or leave source_file empty"))



SOURCE_FIELDS = ("source_file", "source_text")
"""The fields of an agency naming a file of sources/ the site publishes: the agency's own file and
the text extracted from it. Both are read under the same rules (`open_source_file`)."""


def source_file_error(corpus: Corpus, agency_id: str, refused: SourceFileRefused,
                      field: str = "source_file") -> Problem:
    """The error at an agency's `source_file` (or `source_text`) line."""
    value = getattr(corpus.agencies[agency_id], field) or ""
    return file_problem(corpus, f"agencies/{agency_id}", (field,), "error",
                        f"{field}: " + _('"{value}" {why}').format(value=shown(value), why=refused.why), refused.hint)


def check_source_files(corpus: Corpus) -> Iterator[Problem]:
    if corpus.project is None:
        return
    for agency_id in sorted(corpus.agencies):
        for field in SOURCE_FIELDS:
            value = getattr(corpus.agencies[agency_id], field)
            if value is None:
                continue
            try:
                os.close(open_source_file(corpus.project, value))
            except SourceFileRefused as refused:
                yield source_file_error(corpus, agency_id, refused, field)


CHECKS = [
    check_file_names, check_power_ids_unique, check_power_ids_safe, check_codes, check_duplicate_powers,
    check_serials, check_citations_resolve, check_citation_titles, check_articles_exist, check_quoted_texts,
    check_traditional_titles, check_editions, check_corrections,
    check_source_files,
]


def check_corpus(corpus: Corpus) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(corpus))
    return problems


#: The checks that read one agency at a time (its powers and the statutes they cite), nothing of
#: the other agencies.
PER_AGENCY = [check_power_ids_safe, check_citations_resolve, check_citation_titles, check_articles_exist,
              check_quoted_texts, check_corrections]


class CheckMemo:
    """What the per-agency checks found in each agency, kept by the agency's digest while the
    statutes have the same digests: a preview that reads one edited file again checks that one
    agency again, and every other check over the whole corpus as always."""

    def __init__(self) -> None:
        self.statutes: tuple = ()
        self.found: dict[str, tuple[str, list[Problem]]] = {}

    def problems(self, corpus: Corpus) -> list[Problem]:
        """The problems of `check_corpus(corpus)`, the per-agency ones grouped by agency."""
        from .corpus import Corpus  # (corpus.py imports nothing of this module; this one types with it)

        statutes = tuple((statute_id, statute.digest) for statute_id, statute in sorted(corpus.statutes.items()))
        if statutes != self.statutes:
            self.statutes, self.found = statutes, {}
        problems: list[Problem] = []
        for check in CHECKS:
            if check not in PER_AGENCY:
                problems.extend(check(corpus))
        for agency_id in sorted(corpus.agencies):
            agency = corpus.agencies[agency_id]
            hit = self.found.get(agency_id)
            if hit is None or hit[0] != agency.digest:
                alone = Corpus({agency_id: agency}, corpus.statutes, corpus.documents, project=corpus.project)
                hit = self.found[agency_id] = (agency.digest, [p for check in PER_AGENCY for p in check(alone)])
            problems.extend(hit[1])
        for agency_id in set(self.found) - set(corpus.agencies):
            del self.found[agency_id]
        return problems
