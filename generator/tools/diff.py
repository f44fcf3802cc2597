"""`quanze diff BASE [HEAD]`: a Markdown change report of content/ between two git revisions.

Reads content/ at each revision straight from git (`git ls-tree`, `git cat-file`; HEAD
omitted: the working tree), loads both sides as plain data and reports, for reviewers:
agencies added or removed; per changed agency the powers added, removed, renamed, moved and
changed (old → new for short fields, a unified diff for long texts), citations added or
removed; statutes changed. Every text from content is escaped: content is data.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.dates import run_git
from ..content.load import MAX_FILE_BYTES, list_content, parse_yaml, read_text
from ..content.validate import _plain
from ..errors import Problem, QuanzeError
from ..escape import for_terminal
from ..i18n import _

KINDS = ("agencies", "statutes")
SHORT = 80
#: Power fields reported on their own lines (the rest are compared field by field).
IDENTITY = ("id", "name", "serial", "basis")


# --- reading content at a revision -------------------------------------------------------------


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = run_git(args, cwd, stdin=stdin)
    except FileNotFoundError as exc:
        raise QuanzeError(_("git is not installed; `quanze diff` reads revisions with git")) from exc
    if done.returncode != 0:
        raise QuanzeError(f"git {' '.join(args[:2])}: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def repo_paths(content: Path) -> tuple[Path, str]:
    """The repository's top folder and content/'s path inside it."""
    cwd = Path.cwd()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    except QuanzeError as exc:
        raise QuanzeError(_("not inside a git repository ({cwd}); `quanze diff` compares git revisions").format(cwd=cwd)) from exc
    try:
        rel = (cwd / content).resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise QuanzeError(_("{content} is not inside the git repository at {top}").format(content=content, top=top)) from None
    return top, rel


def changed_files(base: str, project: Path) -> list[str]:
    """Paths (relative to the project folder) changed between revision `base` and the working
    tree, untracked files included."""
    top = Path(_git(["rev-parse", "--show-toplevel"], project).decode().strip()).resolve()
    rev = verify(base, top)
    prefix = Path(project).resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    names = _git(["diff", "--no-ext-diff", "--no-textconv", "--name-only", "-z", rev, "--", "."], Path(project)).decode("utf-8", "replace").split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name", "."],
                  Path(project)).decode("utf-8", "replace").split("\0")
    return sorted({n.removeprefix(prefix) for n in names if n and n.startswith(prefix)})


def powers_at(base: str, project: Path, agency_ids: set[str]) -> dict[str, set[tuple[str, str]]]:
    """(code, name) of every power of these agencies at revision `base` (an agency the revision
    does not have, or cannot be read, has none)."""
    import yaml

    top = Path(_git(["rev-parse", "--show-toplevel"], project).decode().strip()).resolve()
    rel = (Path(project).resolve() / "content").relative_to(top).as_posix()
    found: dict[str, set[tuple[str, str]]] = {a: set() for a in agency_ids}
    for path, text in files_at(verify(base, top), top, rel).items():
        agency_id = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if agency_id not in found or not isinstance(text, str) or "/agencies/" not in path:
            continue
        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            continue
        for power in (data or {}).get("powers") or [] if isinstance(data, dict) else []:
            if isinstance(power, dict):
                found[agency_id].add((str(power.get("code") or ""), str(power.get("name") or "")))
    return found


def verify(rev: str, top: Path) -> str:
    if rev.startswith("-"):
        raise QuanzeError(_("unknown revision {rev}").format(rev=repr(rev)))
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top).decode().strip()
    except QuanzeError:
        raise QuanzeError(_("unknown revision {rev} (a branch, tag or commit: e.g. origin/main, HEAD~1)").format(
            rev=repr(rev))) from None


def files_at(rev: str, top: Path, rel: str) -> dict[str, str | Problem]:
    """path -> text of every YAML file of content/ at a revision. The size of each blob is
    known before it is read (`git ls-tree -l`, as `git cat-file -s` gives it): a blob over
    MAX_FILE_BYTES, or one that is not a plain file (a symbolic link), is not read at all."""
    listing = _git(["ls-tree", "-r", "-l", "-z", rev, "--", *(f"{rel}/{k}" for k in KINDS)], top)
    texts: dict[str, str | Problem] = {}
    wanted = []
    for entry in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, sha, size = meta.split()
        if not path.endswith((".yaml", ".yml")) or kind != "blob":
            continue
        shown = for_terminal(path)
        if mode not in ("100644", "100755"):
            texts[path] = Problem(shown, 0, 0, "error", _("a symbolic link, not a file: not read"),
                                  _("content files are plain YAML files"))
        elif int(size) > MAX_FILE_BYTES:
            texts[path] = Problem(shown, 1, 1, "error", _("file is {size} bytes, more than the limit of {limit}: not read").format(
                                      size=size, limit=MAX_FILE_BYTES), _("split the content into several files"))
        else:
            wanted.append((path, sha))
    out = _git(["cat-file", "--batch"], top, "".join(f"{sha}\n" for _, sha in wanted).encode())
    pos = 0
    for path, _sha in wanted:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        texts[path] = decoded(out[header_end + 1: header_end + 1 + size], for_terminal(path))
        pos = header_end + 1 + size + 1
    return texts


def decoded(raw: bytes, display: str) -> str | Problem:
    """UTF-8 text of a blob (BOM dropped, CRLF folded), or where it does not decode."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        return Problem(display, line, col, "error", _("not UTF-8: byte 0x{byte:02x} cannot be decoded").format(byte=raw[exc.start]),
                       _("save the file as UTF-8"))


def files_in_tree(top: Path, rel: str) -> dict[str, str | Problem]:
    """The working tree's content files, listed and read as `quanze check` does (regular files
    only, links kept inside the project, bounded reads)."""
    files, problems = list_content(top / rel, top)
    texts: dict[str, str | Problem] = {p.path: p for p in problems if p.severity == "error"}
    for file in files:
        text, trouble = read_text(file.path, file.display)
        texts[file.path.relative_to(top).as_posix()] = text if text is not None else trouble[0]
    return texts


@dataclass
class Side:
    """Content at one revision: plain data by kind and id, and files that could not be read."""

    label: str
    items: dict[str, dict[str, Any]] = field(default_factory=lambda: {k: {} for k in KINDS})
    unreadable: dict[str, str] = field(default_factory=dict)


def load_side(label: str, texts: dict[str, str | Problem]) -> Side:
    side = Side(label)
    for path, text in sorted(texts.items()):
        kind, stem = Path(path).parent.name, Path(path).stem
        if kind not in KINDS:
            continue  # a file in a subfolder is not content
        if isinstance(text, Problem):
            side.unreadable[path] = str(text)
            continue
        data, problems = parse_yaml(text.removeprefix("\ufeff").replace("\r\n", "\n"), for_terminal(path))
        if problems or not isinstance(data, dict):
            side.unreadable[path] = str(problems[0]) if problems else _("{path}: not a mapping").format(path=path)
            continue
        side.items[kind][stem] = _plain(data)
    return side


# --- Markdown --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


def md(value: Any) -> str:
    """Content text made inert in Markdown: one line, specials escaped, no mentions or HTML."""
    text = " ".join(str(value).split()) if value is not None else "(empty)"
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub("[&<>@]", lambda m: _ENTITIES[m.group()], text) or "(empty)"


def code(value: Any) -> str:
    """An id or key as inline code; escaped text when it could break out of the code span."""
    text = str(value)
    if re.fullmatch(r"[^`\s&<>@]+", text):
        return f"`{text}`"
    return md(text)


def fenced(lines: list[str], lang: str = "diff") -> list[str]:
    """A fenced block longer than any run of backticks inside, so content cannot close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{lang}", *lines, fence]


def text_diff(old: str, new: str) -> list[str]:
    """A compact unified diff of two texts, split into sentences so a change stands out."""
    def parts(text: str) -> list[str]:
        return [p for p in re.split(r"(?<=[。；;！？\n])", text or "") if p.strip()]
    lines = difflib.unified_diff(parts(old), parts(new), lineterm="", n=1)
    return [line.rstrip("\n") for line in list(lines)[2:]]


def _is_long(value: Any) -> bool:
    return isinstance(value, (list, dict)) or (isinstance(value, str) and (len(value) > SHORT or "\n" in value))


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}: {v}" for k, v in value.items()) + "\n"
    return "" if value is None else str(value)


def field_changes(old: dict, new: dict, skip: tuple = ()) -> list[str]:
    """Markdown lines for every field that differs between two mappings."""
    lines = []
    for key in [k for k in dict.fromkeys([*old, *new]) if k not in skip]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if _is_long(before) or _is_long(after):
            lines += [f"- {code(key)}:", *("  " + line for line in fenced(text_diff(_as_text(before), _as_text(after))))]
        else:
            lines.append(f"- {code(key)}: {md(before)} → {md(after)}")
    return lines


# --- comparing powers --------------------------------------------------------------------------------


def citation_label(c: dict) -> str:
    parts = [f"《{c.get('title') or c.get('statute')}》"]
    if c.get("ref"):
        parts.append(str(c["ref"]))
    elif c.get("article"):
        parts.append(f"第{c['article']}条" + (f"第{c['paragraph']}款" if c.get("paragraph") else "")
                     + (f"第{c['item']}项" if c.get("item") else ""))
    return "".join(parts)


def _citation_key(c: dict) -> tuple:
    return (c.get("statute"), c.get("article"), c.get("paragraph"), c.get("item"))


def citation_changes(old: list, new: list) -> list[str]:
    before = {_citation_key(c): c for c in old if isinstance(c, dict)}
    after = {_citation_key(c): c for c in new if isinstance(c, dict)}
    lines = ["- " + _("citation added: {citation}").format(citation=md(citation_label(after[k]))) for k in after if k not in before]
    lines += ["- " + _("citation removed: {citation}").format(citation=md(citation_label(before[k]))) for k in before if k not in after]
    for key in (k for k in after if k in before and before[k] != after[k]):
        changes = field_changes(before[key], after[key], skip=("statute", "article", "paragraph", "item"))
        lines += ["- " + _("citation {citation}:").format(citation=md(citation_label(after[key]))), *("  " + line for line in changes)]
    return lines


def _powers(agency: dict) -> list[dict]:
    powers = agency.get("powers") or []
    return [p for p in powers if isinstance(p, dict)] if isinstance(powers, list) else []


def match_powers(old: list[dict], new: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs of the same power (same id; else same code), then removed and added powers."""
    by_id = {p.get("id"): p for p in new}
    pairs = [(p, by_id[p.get("id")]) for p in old if p.get("id") in by_id]
    paired = {id(b) for _, b in pairs} | {id(a) for a, _ in pairs}
    rest_old = [p for p in old if id(p) not in paired]
    rest_new = [p for p in new if id(p) not in paired]
    by_code = {p.get("code"): p for p in rest_new if p.get("code")}
    for p in list(rest_old):
        q = by_code.pop(p.get("code"), None) if p.get("code") else None
        if q is not None:
            pairs.append((p, q))
            rest_old.remove(p)
            rest_new.remove(q)
    return pairs, rest_old, rest_new


def moved(old: list[dict], new: list[dict], pairs: list[tuple[dict, dict]]) -> set[int]:
    """ids (Python) of new powers whose serial or place among the other powers changed."""
    order_old = [id(b) for a in old for (x, b) in pairs if x is a]
    order_new = [id(b) for b in new if any(b is y for _, y in pairs)]
    matcher = difflib.SequenceMatcher(None, order_old, order_new, autojunk=False)
    kept = {order_new[j] for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)}
    out = {id(b) for a, b in pairs if a.get("serial") != b.get("serial")}
    return out | (set(order_new) - kept)


def label(power: dict) -> str:
    return f"{code(power.get('id'))} {md(power.get('name'))}"


@dataclass
class Counts:
    added: int = 0
    removed: int = 0
    renamed: int = 0
    moved: int = 0
    changed: int = 0


def agency_section(old: dict, new: dict, counts: Counts) -> list[str]:
    """Markdown lines describing how one agency changed (empty when it did not)."""
    old_powers, new_powers = _powers(old), _powers(new)
    pairs, removed, added = match_powers(old_powers, new_powers)
    moves = moved(old_powers, new_powers, pairs)
    lines = field_changes(old, new, skip=("powers",))
    lines = ["**" + _("List") + "**", "", *lines, ""] if lines else []
    if added:
        lines += ["**" + _("Powers added") + "**", "", *(f"- {label(p)}" for p in added), ""]
    if removed:
        lines += ["**" + _("Powers removed") + "**", "", *(f"- {label(p)}" for p in removed), ""]
    renamed = [(a, b) for a, b in pairs if a.get("name") != b.get("name") or a.get("id") != b.get("id")]
    if renamed:
        lines += ["**" + _("Powers renamed") + "**", "",
                  *(f"- {label(a)} → {label(b)}" for a, b in renamed), ""]
    moved_pairs = [(a, b) for a, b in pairs if id(b) in moves]
    if moved_pairs:
        lines += ["**" + _("Powers moved") + "**", "",
                  *("- " + _("{power}: serial {old} → {new} (place {old_place} → {new_place})").format(
                      power=label(b), old=md(a.get('serial')), new=md(b.get('serial')),
                      old_place=old_powers.index(a) + 1, new_place=new_powers.index(b) + 1)
                    for a, b in moved_pairs), ""]
    changed = []
    for a, b in pairs:
        detail = field_changes(a, b, skip=IDENTITY) + citation_changes(a.get("basis") or [], b.get("basis") or [])
        if detail:
            changed += [f"- {label(b)}", *("  " + line for line in detail)]
    if changed:
        lines += ["**" + _("Powers changed") + "**", "", *changed, ""]
    counts.added += len(added)
    counts.removed += len(removed)
    counts.renamed += len(renamed)
    counts.moved += len(moved_pairs)
    counts.changed += sum(1 for line in changed if line.startswith("- "))
    return lines


def statute_section(old: dict, new: dict) -> list[str]:
    def articles(s: dict) -> dict:
        items = s.get("articles") or []
        return {a.get("number"): a for a in items if isinstance(a, dict)} if isinstance(items, list) else {}
    before, after = articles(old), articles(new)
    lines = field_changes(old, new, skip=("articles",))
    lines += ["- " + _("article {number} added").format(number=md(n)) for n in after if n not in before]
    lines += ["- " + _("article {number} removed").format(number=md(n)) for n in before if n not in after]
    for n in (n for n in after if n in before and before[n] != after[n]):
        old_texts = [t.get("text") for t in before[n].get("texts") or [] if isinstance(t, dict)]
        new_texts = [t.get("text") for t in after[n].get("texts") or [] if isinstance(t, dict)]
        lines += ["- " + _("article {number}:").format(number=md(n)), *("  " + line for line in fenced(text_diff(
            "\n".join(map(str, old_texts)) + "\n", "\n".join(map(str, new_texts)) + "\n")))]
    return lines


# --- the report ----------------------------------------------------------------------------------------


def report(base: Side, head: Side) -> str:
    old_a, new_a = base.items["agencies"], head.items["agencies"]
    old_s, new_s = base.items["statutes"], head.items["statutes"]
    counts = Counts()
    body: list[str] = []
    added = sorted(set(new_a) - set(old_a))
    removed = sorted(set(old_a) - set(new_a))
    if added:
        body += ["## " + _("Agencies added"), "", *("- " + _("{name} ({id}): {n} powers").format(
            name=md(new_a[a].get('name')), id=code(a), n=len(_powers(new_a[a]))) for a in added), ""]
    if removed:
        body += ["## " + _("Agencies removed"), "", *(f"- {md(old_a[a].get('name'))} ({code(a)})" for a in removed), ""]
    changed_agencies = 0
    for agency_id in sorted(set(old_a) & set(new_a)):
        section = agency_section(old_a[agency_id], new_a[agency_id], counts)
        if section:
            changed_agencies += 1
            body += [f"## {md(new_a[agency_id].get('name'))} ({code(agency_id)})", "", *section]
    statutes = _statute_lines(old_s, new_s)
    body += statutes
    unreadable = {**base.unreadable, **head.unreadable}
    if unreadable:
        body += ["## " + _("Files that could not be read"), "", *(f"- {md(p)}" for p in sorted(unreadable.values())), ""]
    summary = _("Agencies: {added} added, {removed} removed, {changed} changed · "
                "Powers: {powers_added} added, {powers_removed} removed, {renamed} renamed, "
                "{moved} moved, {powers_changed} changed · "
                "Statutes: {statutes_added} added, {statutes_removed} removed, {statutes_changed} changed").format(
        added=len(added), removed=len(removed), changed=changed_agencies, powers_added=counts.added,
        powers_removed=counts.removed, renamed=counts.renamed, moved=counts.moved, powers_changed=counts.changed,
        statutes_added=_count(statutes, _(": added")), statutes_removed=_count(statutes, _(": removed")),
        statutes_changed=_count(statutes, ")"))
    title = "# " + _("Content changes: {base} → {head}").format(base=code(base.label), head=code(head.label))
    if not body:
        return f"{title}\n\n" + _("No changes to the content.") + "\n"
    return "\n".join([title, "", summary, "", *body]).rstrip("\n") + "\n"


def _count(lines: list[str], ending: str) -> int:
    return sum(1 for line in lines if line.startswith("### ") and line.endswith(ending))


def _statute_lines(old: dict, new: dict) -> list[str]:
    lines = []
    for sid in sorted(set(old) | set(new)):
        name = md((new.get(sid) or old.get(sid) or {}).get("title"))
        if sid not in old:
            lines += [f"### {name} ({code(sid)})" + _(": added"), ""]
        elif sid not in new:
            lines += [f"### {name} ({code(sid)})" + _(": removed"), ""]
        elif old[sid] != new[sid]:
            lines += [f"### {name} ({code(sid)})", "", *statute_section(old[sid], new[sid]), ""]
    return ["## " + _("Statutes"), "", *lines] if lines else []


def diff_report(base: str, head: str | None = None, content: Path = Path("content")) -> str:
    """The Markdown change report of content/ between `base` and `head` (None: the working tree)."""
    top, rel = repo_paths(Path(content))
    base_commit = verify(base, top)
    old = load_side(base, files_at(base_commit, top, rel))
    if head is None:
        new = load_side(_("working tree"), files_in_tree(top, rel))
    else:
        new = load_side(head, files_at(verify(head, top), top, rel))
    return report(old, new)
