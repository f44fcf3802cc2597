"""The statute registry: which statute a published title means.

Lists print one law under many titles (中华人民共和国社会保险法, 社会保险法, a title broken
by a PDF line, 〈〉 or <> for inner quotes, full-width or half-width brackets). A title is
first normalised (`title_key`); the registry maps the key of every canonical title and
alias to a statute id. Unknown titles get a pinyin id derived from the key, so every
variant of one title yields one id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_NATIONAL = "中华人民共和国"
_INNER_QUOTES = str.maketrans({"〈": "", "〉": "", "<": "", ">": "", "《": "", "》": "", "＜": "", "＞": "",
                               "“": "", "”": "", "\"": "", "'": "", "‘": "", "’": ""})
_SPACE = re.compile(r"\s+")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


@lru_cache(maxsize=65_536)
def title_key(title: str) -> str:
    """Normalised form of a title used to match variants of one statute (the lists cite the same
    few titles thousands of times: each is worked out once)."""
    text = unicodedata.normalize("NFKC", title)
    text = _SPACE.sub("", text).translate(_INNER_QUOTES)
    text = text.replace("(", "（").replace(")", "）")
    while _TRAILING_NOTE.search(text) and not text.endswith("法）"):
        stripped = _TRAILING_NOTE.sub("", text)
        if not stripped:
            break
        text = stripped
    return text.replace(_NATIONAL, "")


def infer_level(title: str) -> str:
    """Level of legal source guessed from a title, for titles no list tagged."""
    key = title_key(title)
    local = key.startswith(("宁夏", "内蒙古", "河南", "山西", "自治区", "省")) or re.match(r"^[\u4e00-\u9fff]{2,4}[省市]", key)
    if key.endswith(("通知", "意见", "目录", "规范", "规范（试行）", "细则")) or "关于" in key or "编制规定" in key:
        return "规范性文件"
    if key.endswith("法") and not key.endswith("办法"):
        return "法律"
    if key.endswith("条例"):
        return "地方性法规" if local else "行政法规"
    if key.endswith(("办法", "规定", "暂行办法", "暂行规定")):
        return "地方政府规章" if local else "部门规章"
    return "其他"


@lru_cache(maxsize=4096)
def slug(title: str, max_length: int = 48) -> str:
    """A stable ASCII id for a title: pinyin syllables of its key, hyphens between words."""
    import jieba
    from pypinyin import Style, lazy_pinyin  # (a fifth of a second to import: only where a slug is made)

    jieba.setLogLevel(60)
    words = []
    for word in jieba.cut(title_key(title) or title, HMM=False):
        syllables = [s for s in lazy_pinyin(word, style=Style.NORMAL, errors=lambda x: list(x)) if s]
        token = re.sub(r"[^a-z0-9]", "", "".join(syllables).lower())
        if token:
            words.append(token)
    # A long title keeps its first words and its last (办法, 细则, 通知), so that titles
    # sharing a long beginning still get different ids.
    head, last = words[:-1], words[-1:]
    while len("-".join(head + last)) > max_length and head:
        head.pop()
    return "-".join(head + last)[:max_length].strip("-") or "statute"


@dataclass
class Registry:
    """Title key -> statute id, from content/statutes."""

    ids: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    #: (title, id that keeps it, id that also claims it): one title claimed by two statute files.
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def from_dir(cls, statutes_dir: Path) -> Registry:
        """The registry of a statutes folder, read as `quanze check` reads it (the files it
        lists, each bounded and refused on tags, aliases, duplicate keys ...); ContentError
        with every problem when a file cannot be read."""
        from ..errors import ContentError
        from .load import list_content

        registry = cls()
        files, problems = list_content(Path(statutes_dir).parent)
        problems = [p for p in problems if p.severity == "error" and "statutes" in Path(p.path).parts]
        for file in (f for f in files if f.kind == "statutes"):
            names, found = _names(file.path)
            problems += found
            if names is not None:
                registry.add(file.id, names[0], list(names[1:]))
        if problems:
            raise ContentError(problems)
        return registry

    def add(self, statute_id: str, title: str, aliases: list[str]) -> None:
        self.titles[statute_id] = title
        for name in [title, *aliases]:
            if name:
                owner = self.ids.setdefault(title_key(name), statute_id)
                if owner != statute_id:
                    self.conflicts.append((name, owner, statute_id))

    def resolve(self, title: str) -> str | None:
        """The id of the statute a published title means, or None if unknown."""
        return self.ids.get(title_key(title))

    def statute_id(self, title: str) -> str:
        """The registry's id for a title, or the id it would get as a new statute."""
        return self.resolve(title) or slug(title)


_NAMES: dict[tuple[str, bytes], tuple[tuple[str, ...] | None, tuple]] = {}
"""(display path, digest of the text) -> (title and aliases, problems): a statute file is parsed
once per process for each text it has (an import of many texts reads the registry before each)."""


def _names(path: Path) -> tuple[tuple[str, ...] | None, list]:
    """The title and aliases of a statute file (None with the problems when it cannot be read)."""
    from .load import display_path, load_document, read_text

    display = display_path(path)
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    key = (display, hashlib.sha256(text.encode("utf-8")).digest())
    if key not in _NAMES:
        doc, found = load_document(path)
        names = None if doc is None else (_text(doc.data.get("title")),
                                          *(_text(a) for a in _list(doc.data.get("aliases"))))
        if len(_NAMES) >= 65_536:
            _NAMES.clear()
        _NAMES[key] = (names, tuple(found))
    names, found = _NAMES[key]
    return names, list(found)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


_ACTIVE: ContextVar[Registry | None] = ContextVar("registry", default=None)


@contextmanager
def using(registry: Registry):
    """Make `registry` the one importers resolve titles with, for the duration of an import."""
    token = _ACTIVE.set(registry)
    try:
        yield registry
    finally:
        _ACTIVE.reset(token)


def default_registry() -> Registry:
    """The registry of the import in progress (see `using`); outside one, the registry of
    content/statutes under the current directory (empty if there is none)."""
    active = _ACTIVE.get()
    if active is not None:
        return active
    path = Path("content/statutes")
    return Registry.from_dir(path) if path.is_dir() else Registry()
