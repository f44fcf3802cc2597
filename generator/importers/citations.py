"""Parse one legal-basis cell (职权依据/设定依据/实施依据) into citations.

A basis cell is a run of statute headers and article quotes::

    【法律】《中华人民共和国社会保险法》（2018 年修正）
    第八十七条 社会保险经办机构……
    第八十八条：“以欺诈……”；

A header is an optional lead, a title in 《》 and optional version notes in brackets. The
lead holds a level tag (【法律】, or a level word in [ ], ［］, 〔〕 or （）) and an enumerator
of numbered citations (1. 1、 1． （1） (1) ①), either first; a tag that names no level of
the vocabulary is read through `vocab.LEVEL_SYNONYMS` (政府规章 -> 地方政府规章) or, for
法规 and 规章, by the issuer the version note names (国务院令 -> 行政法规, a province's or
city's people's congress -> 地方性法规) or else by the title.

Each article reference (第八十七条第一款) that *starts* a quote opens one citation that
carries the header's title, level and version. A reference starts a quote
only at a boundary: the start of the cell or of a paragraph, after a sentence end or a
closing quote (。；;”"), or right after a header. References inside a quote
(违反本办法第九条规定) stay part of the text, as do titles inside a quote. A header
starts at a boundary too, or after an enumerator (一、) or issuer at the start of a line,
after a level tag or an enumerator that does not end a number or word (……第七十六条
2.《公路安全保护条例》), or after a space when a reference that starts a quote follows it
(……甲 《乙条例》第三条 丙). A reference followed by 规定, 的, 之 ... is a mention, never the
start of a quote.

Rules worth knowing:

* Text right after a header that is not an article quote (8. 对药品……, （六）拟订……) is
  the text of a citation without an article number.
* Several references before one text (第二十七条、第二十八条 ……, 第四十四条 第七十六条) give
  one citation per article; the text goes with the last of them.
* An item may be printed in brackets (第七十六条 第(二)项). Items of a document without an
  article (第66项 of a 决定, 附件第（六）项) are the quote's text, not articles.
* A title that names a form (ends in 书, 表 or 单 but not 清单, e.g. 《行政处罚决定书》) is
  not a statute and never starts a citation.
* An issuer printed before a title (自治区医疗保障局《职能配置……规定》) is part of the
  title: it names whose document it is; unless the registry knows the title without it
  and not with it (国务院《公路安全保护条例》): then the issuer is leftover.
* A title missing its 》 ends at the end of its line or at its first bracket, which
  then opens the version note; a title broken by a line (or by a page break that
  repeats the 《) is joined. HTML entities (&lt;) are decoded.
* Text before the first header, enumerators before a title (一、) and unknown level tags
  are returned as the leftover; nothing is dropped except whitespace, markup tags,
  the brackets and quotes that delimit fields (【】《》“”, a level tag's brackets and the
  separators ：；).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..content.model import Citation
from ..content.numerals import cn_to_int
from ..content.registry import Registry, default_registry
from ..content.vocab import AMBIGUOUS_LEVELS, LEVEL_SYNONYMS, LEVELS

_NUM = r"[零〇一二两三四五六七八九十百千0-9０-９]+"
_SP = r"[ \t\u3000]*"
_REF = re.compile(
    rf"(?P<di>第?){_SP}(?P<a>{_NUM}){_SP}条"
    rf"(?:{_SP}第{_SP}(?P<p>{_NUM}){_SP}款)?"
    rf"(?:{_SP}第{_SP}(?P<i>{_NUM}){_SP}项|{_SP}第?{_SP}[（(]{_SP}(?P<bi>{_NUM}){_SP}[）)]{_SP}项)?"
)
_REF_LIST_JOIN = re.compile(r"[ \t\u3000]*[、，,和及][ \t\u3000]*(?=第)")
_REF_SPACE_JOIN = re.compile(r"[ \t\u3000]+(?=第)")
_LEVEL_WORDS = frozenset([*LEVELS, *LEVEL_SYNONYMS, *AMBIGUOUS_LEVELS])
_TAG_WORDS = "|".join(sorted(_LEVEL_WORDS, key=len, reverse=True))
#: A level tag: any short text in 【】, or a level word in [ ], ［］, 〔〕 or （）.
_TAG = rf"【[^【】\n]{{1,12}}】|[\[［〔（(]{_SP}(?:{_TAG_WORDS}){_SP}[\]］〕）)]"
#: An enumerator of numbered citations: 1. 1、 1． （1） (1) ①.
_NUMBERING = r"\d{1,2}[ \t\u3000]*[.．、](?![0-9])|[（(][ \t\u3000]*\d{1,2}[ \t\u3000]*[）)]|[①-⑳]"
_LEAD = rf"(?:(?:{_TAG}|{_NUMBERING}){_SP})+"
_START = re.compile(rf"(?P<lead>{_LEAD})(?=《)|《|第{_SP}{_NUM}{_SP}条")
_LEAD_PART = re.compile(rf"{_SP}(?:(?P<tag>{_TAG})|(?P<number>{_NUMBERING}|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]))")
_TAG_WORD = re.compile(r"[【\[［〔（(][ \t\u3000]*(?P<word>.*?)[ \t\u3000]*[】\]］〕）)]")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、]|[（(](?:[一二三四五六七八九十]+|\d{1,2})[）)])[ \t\u3000]*")
_ISSUER_PREFIX = re.compile(r"[^\s，,。；;：:《》“”]{2,16}(?:局|部门|厅|部|委员会|委|政府|办公室)|国务院")
#: An enumerator and an issuer right before a title: ③国务院《…》.
_NUMBERED_ISSUER = re.compile(rf"(?P<number>{_NUMBERING}){_SP}(?:{_ISSUER_PREFIX.pattern})$")
_ENUMERATOR_NOTE = re.compile(r"[（(](?:[一二三四五六七八九十]+|[ \t\u3000]*\d{1,2}[ \t\u3000]*)[）)]")
_NATIONAL_ISSUER = re.compile(r"国务院|[部委署]令|总局令")
_LOCAL_ISSUER = re.compile(r"(?:省|自治区|市|县|州|盟)[^，,。；;]{0,30}?(?:人民代表大会|人大|人民政府|政府令)")
_LOCAL_TITLE = re.compile(r"省|自治区|市|县|州|盟")
_CONTINUATION = ("规定", "的", "之", "中", "所", "和第", "或第", "至第", "以及", "及第", "项下")
_TAGS = re.compile(r"</?(?:p|b|strong|span|br|div)\b[^<>]*>", re.IGNORECASE)
_BOUNDARY_CHARS = "。；;”\"」』"
_SPACES = " \t\u3000"
_LEVELS = set(LEVELS)
_FORM_SUFFIXES = ("书", "表", "单")
_QUOTE_END = re.compile(r"[”\"][ \t\u3000]*[；;，,]?$")
_PUNCT_ONLY = re.compile(r"[\s；;，,。、]*")
_TITLE_MAX = 200
_NOTE_MAX = 200


def parse_ref(ref: str) -> tuple[int, int | None, int | None]:
    """Article, paragraph and item of a reference: 第八十七条第一款 -> (87, 1, None)."""
    match = _REF.fullmatch(ref.strip())
    if not match:
        raise ValueError(f"not an article reference: {ref!r} (expected e.g. 第八十七条第一款)")
    return _ref_numbers(match)


def _ref_numbers(match: re.Match) -> tuple[int, int | None, int | None]:
    para, item = match.group("p"), match.group("i") or match.group("bi")
    return (cn_to_int(match.group("a")), cn_to_int(para) if para else None, cn_to_int(item) if item else None)


@dataclass
class _Header:
    title: str
    level: str | None = None
    version: str | None = None
    issuer: str = ""
    """A body printed right before the title (自治区医疗保障局《…》): part of the title unless the
    registry knows the title without it."""


@dataclass
class _Quote:
    header: _Header
    refs: list[re.Match] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def parse_basis(text: str, registry: Registry | None = None,
                notes: list[str] | None = None) -> tuple[list[dict], str | None]:
    """Citations (dicts with the fields of Citation) of one basis cell, and the leftover text.

    Titles resolve with `registry`; a note for each level tag read as another level
    (【政府规章】 -> 地方政府规章) is added to `notes` when it is given."""
    registry = registry or default_registry()
    src = _TAGS.sub(lambda m: "\n" if m.group(0).lower() in ("<p>", "<br>", "<br/>") else "", html.unescape(text or ""))
    scanner = _Scanner(src)
    quotes, leftover = scanner.run()
    _settle_issuers(quotes, registry, leftover)
    citations = [c for quote in quotes for c in _citations(quote, registry)]
    if notes is not None:
        notes.extend(dict.fromkeys(scanner.notes))
    note = _clean_text("\n".join(leftover))
    return citations, note or None


class _Scanner:
    """One pass over a cell: headers, article references and the text between them."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.quotes: list[_Quote] = []
        self.leftover: list[str] = []
        self.notes: list[str] = []
        self.header: _Header | None = None
        self.header_end = -1

    def run(self) -> tuple[list[_Quote], list[str]]:
        pos = 0
        while (start := self._next_start(pos)) is not None:
            at, end, action = start
            self._take_text(pos, at)
            pos = action(end)
        self._take_text(pos, len(self.src))
        return self.quotes, self.leftover

    # -- finding the next header or quote ----------------------------------------------
    def _next_start(self, pos: int):
        ref = _REF.match(self.src, self._skip_space(pos)) if pos == self.header_end else None
        if ref and self._opens_quote(ref):
            return ref.start(), ref.end(), lambda end: self._open_quote(ref)
        for match in _START.finditer(self.src, pos):
            found = self._candidate(match)
            if found is not None:
                return found
        return None

    def _candidate(self, match: re.Match):
        at = match.start()
        if match.group(0).startswith("第"):
            ref = _REF.match(self.src, at)
            if ref and self.header is not None and self._at_boundary(at) and self._opens_quote(ref):
                return at, ref.end(), lambda end: self._open_quote(ref)
            return None
        title_at = match.end() if match.group("lead") else at
        lead = self._lead(at, match.group("lead") or "", title_at)
        if lead is None:
            return None
        parsed = self._title(title_at)
        if parsed is None:
            return None
        return lead, title_at, lambda end: self._open_header(lead, title_at, parsed)

    def _lead(self, at: int, lead: str, title_at: int) -> int | None:
        """Where a header at `at` starts, with the tags, enumerators or issuer before its title;
        None inside text."""
        line_start = self.src.rfind("\n", 0, at) + 1
        prefix = self.src[line_start:at].strip(_SPACES)
        body = _ENUMERATOR.sub("", prefix)
        if prefix and (not body or _ISSUER_PREFIX.fullmatch(body)):
            return at - len(self.src[line_start:at].lstrip(_SPACES))
        if self._at_boundary(at) or self._strong_lead(at, lead):
            return at
        numbered = _NUMBERED_ISSUER.search(self.src, max(0, at - 24), at)
        if numbered and not lead and self._strong_lead(numbered.start(), numbered.group("number")):
            return numbered.start()
        if self.src[at - 1] in _SPACES and self._citation_follows(title_at):
            return at
        return None

    def _strong_lead(self, at: int, lead: str) -> bool:
        """A level tag, or an enumerator that is not the end of a number or word: 1.【法律】《…》."""
        parts = list(_LEAD_PART.finditer(lead))
        if any(m.group("tag") and _tag_word(m.group("tag")) in _LEVEL_WORDS for m in parts):
            return True
        return bool(parts) and bool(parts[0].group("number")) and not re.match(r"[0-9A-Za-z.．]", self.src[at - 1])

    def _citation_follows(self, title_at: int) -> bool:
        """A title with its notes and an article reference that starts a quote follow (……甲 《乙条例》第三条 丙)."""
        parsed = self._title(title_at)
        if parsed is None:
            return False
        ref = _REF.match(self.src, self._skip_space(self._versions(parsed[1])[1]))
        if ref is None or not ref.group("di") or not self._opens_quote(ref):
            return False
        return not self.src[ref.end():].lstrip(_SPACES).startswith(_CONTINUATION)

    def _at_boundary(self, at: int) -> bool:
        if at == self.header_end:
            return True
        i = at - 1
        while i >= 0 and self.src[i] in _SPACES:
            i -= 1
        return i < 0 or self.src[i] == "\n" or self.src[i] in _BOUNDARY_CHARS

    def _opens_quote(self, ref: re.Match) -> bool:
        if ref.end() >= len(self.src) or self.src[ref.end()] in _SPACES + "\n：:“\"":
            return True
        if _REF_LIST_JOIN.match(self.src, ref.end()):
            return True
        return not self.src.startswith(_CONTINUATION, ref.end())

    def _skip_space(self, pos: int) -> int:
        while pos < len(self.src) and self.src[pos] in _SPACES + "\n":
            pos += 1
        return pos

    # -- headers ---------------------------------------------------------------------
    def _title(self, at: int) -> tuple[str, int] | None:
        """The title opened at `at` (a 《) and where it ends (after 》), or None for a form."""
        close = self.src.find("》", at + 1)
        inner = self.src[at + 1:close] if close != -1 else ""
        if close == -1 or len(inner) > _TITLE_MAX or not self._title_body_ok(inner):
            end = self._unclosed_title_end(at + 1)
            raw, stop = self.src[at + 1:end], end
        else:
            raw, stop = inner, close + 1
        title = _clean_title(raw)
        if not title or _is_form(title):
            return None
        return title, stop

    @staticmethod
    def _title_body_ok(inner: str) -> bool:
        if "【" in inner:
            return False
        if re.search(rf"\n[ \t\u3000]*第[ \t\u3000]*{_NUM}[ \t\u3000]*条", inner):
            return False
        return "《" not in re.sub(r"\n[ \t\u3000]*《", "", inner)

    def _unclosed_title_end(self, at: int) -> int:
        line_end = self.src.find("\n", at)
        line_end = len(self.src) if line_end == -1 else line_end
        bracket = min((i for i in (self.src.find("（", at, line_end), self.src.find("(", at, line_end)) if i != -1),
                      default=line_end)
        return bracket

    def _open_header(self, lead: int, title_at: int, parsed: tuple[str, int]) -> int:
        title, end = parsed
        tags, issuer = self._read_lead(self.src[lead:title_at])
        version, end = self._versions(end)
        level = None
        for tag in tags:
            found = None if level else self._level(tag, title, version)
            level = level or found
            if found is None:
                self.leftover.append(tag)
        self.header = _Header(title=title, level=level, version=version, issuer=issuer)
        self.quotes.append(_Quote(header=self.header))
        self.header_end = end
        return end

    def _read_lead(self, lead: str) -> tuple[list[str], str]:
        """The level tags of a header's lead and the issuer right before its title; enumerators,
        and an issuer followed by a tag, go to the leftover."""
        tags, pos, issuer = [], 0, ""
        while pos < len(lead):
            part = _LEAD_PART.match(lead, pos)
            if part is None:
                stop = _LEAD_PART.search(lead, pos)
                issuer = lead[pos:stop.start() if stop else len(lead)].strip(_SPACES)
                pos = stop.start() if stop else len(lead)
                continue
            if issuer:
                self.leftover.append(issuer)
                issuer = ""
            if part.group("tag"):
                tags.append(part.group("tag"))
            else:
                self.leftover.append(part.group("number"))
            pos = part.end()
        return tags, issuer

    def _level(self, tag: str, title: str, version: str | None) -> str | None:
        """The level a printed tag means, or None for a tag that names no level (kept as text)."""
        word = _tag_word(tag)
        if word in _LEVELS:
            return word
        if word in LEVEL_SYNONYMS:
            level = LEVEL_SYNONYMS[word]
            self.notes.append(f"依据中的{tag}记为{level}。")
            return level
        if word not in AMBIGUOUS_LEVELS:
            return None
        national, local = AMBIGUOUS_LEVELS[word]
        notes = version or ""
        if _NATIONAL_ISSUER.search(notes) or _LOCAL_ISSUER.search(notes):
            level = national if _NATIONAL_ISSUER.search(notes) else local
            self.notes.append(f"依据中的{tag}按制定机关记为{level}。")
        else:
            level = local if _LOCAL_TITLE.search(title[:12]) else national
            self.notes.append(f"依据中的{tag}按法规名称记为{level}。")
        return level

    def _versions(self, pos: int) -> tuple[str | None, int]:
        notes = []
        while True:
            at = self._skip_space(pos)
            if at >= len(self.src) or self.src[at] not in "（(":
                break
            close = _closing_bracket(self.src, at)
            if close is None or _ENUMERATOR_NOTE.fullmatch(self.src, at, close + 1):
                break
            notes.append(_join_lines(self.src[at:close + 1]))
            pos = close + 1
        return ("".join(notes) or None), pos

    # -- quotes ----------------------------------------------------------------------
    def _open_quote(self, ref: re.Match) -> int:
        refs, end = [ref], ref.end()
        while (nxt := self._next_ref(end)) is not None:
            refs.append(nxt)
            end = nxt.end()
        self._drop_empty_header_quote()
        self.quotes.append(_Quote(header=self.header, refs=refs))
        sep = re.match(r"[ \t\u3000\n]*[：:]?", self.src[end:])
        self.header_end = -1
        return end + (sep.end() if sep else 0)

    def _next_ref(self, end: int) -> re.Match | None:
        """A reference listed right after the one ending at `end`: 第二十七条、第二十八条, 第四十四条 第七十六条."""
        join = _REF_LIST_JOIN.match(self.src, end)
        if join:
            nxt = _REF.match(self.src, join.end())
            return nxt if nxt and nxt.group("di") else None
        join = _REF_SPACE_JOIN.match(self.src, end)
        nxt = _REF.match(self.src, join.end()) if join else None
        return nxt if nxt and self._opens_quote(nxt) and not self.src.startswith(_CONTINUATION, nxt.end()) else None

    def _drop_empty_header_quote(self) -> None:
        last = self.quotes[-1] if self.quotes else None
        if last is not None and not last.refs and not "".join(last.text).strip() and last.header is self.header:
            self.quotes.pop()

    def _take_text(self, start: int, end: int) -> None:
        if start >= end:
            return
        piece = self.src[start:end]
        if self.quotes:
            self.quotes[-1].text.append(piece)
        else:
            self.leftover.append(piece)


def _tag_word(tag: str) -> str:
    """The word of a level tag without its brackets and spaces: 〔 法律 〕 -> 法律."""
    match = _TAG_WORD.fullmatch(tag.strip(_SPACES))
    return match.group("word") if match else tag


def _closing_bracket(src: str, at: int) -> int | None:
    depth = 0
    for i in range(at, min(len(src), at + _NOTE_MAX)):
        if src[i] in "（(":
            depth += 1
        elif src[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return None


def _join_lines(text: str) -> str:
    """Undo line wrapping: drop line breaks and the spaces around them."""
    return re.sub(r"[ \t\u3000]*\n[\s]*", "", text).strip()


def _clean_title(raw: str) -> str:
    return _join_lines(re.sub(r"\n[ \t\u3000]*《", "\n", raw)).strip(_SPACES)


def _is_form(title: str) -> bool:
    """A document form named in a procedure (行政处罚决定书, 登记表), not a statute."""
    return title.endswith(_FORM_SUFFIXES) and not title.endswith("清单")


def _clean_text(text: str) -> str:
    lines = [line.strip(_SPACES) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _quote_text(pieces: list[str]) -> str | None:
    """The text of a quote without its separator, enclosing quotes and trailing semicolon."""
    text = _clean_text("".join(pieces)).lstrip("：:" + _SPACES + "\n")
    if text.startswith(("“", "\"")):
        text = _QUOTE_END.sub("", text[1:])
    elif "“" not in text:
        text = _QUOTE_END.sub("", text)
    text = text.strip()
    return None if _PUNCT_ONLY.fullmatch(text) else text


def _settle_issuers(quotes: list[_Quote], registry: Registry, leftover: list[str]) -> None:
    """An issuer printed before a title is part of it (whose document it is), unless the registry
    knows the title alone and not with the issuer (国务院《公路安全保护条例》): then it is leftover."""
    for header in {id(q.header): q.header for q in quotes}.values():
        if not header.issuer:
            continue
        whole = header.issuer + header.title
        if registry.resolve(whole) is None and registry.resolve(header.title) is not None:
            leftover.append(header.issuer)
        else:
            header.title = whole
        header.issuer = ""


def _citations(quote: _Quote, registry: Registry) -> list[dict]:
    header = quote.header
    base = {"statute": registry.statute_id(header.title), "title": header.title,
            "level": header.level, "version": header.version}
    text = _quote_text(quote.text)
    if not quote.refs:
        return [_compact({**base, "text": text})]
    out, unread = [], []
    for n, ref in enumerate(quote.refs):
        last = n == len(quote.refs) - 1
        try:
            article, paragraph, item = _ref_numbers(ref)
        except ValueError:  # a numeral no one can read (第八八八十七条): kept as text, not as an article
            unread.append(_join_lines(ref.group(0)))
            continue
        out.append(_compact({**base, "ref": _join_lines(ref.group(0)), "article": article,
                             "paragraph": paragraph, "item": item, "text": text if last else None}))
    if unread:
        kept = "；".join(unread) + ("\n" + text if text else "")
        if out and "text" not in out[-1]:
            out[-1]["text"] = kept
        else:
            out.append(_compact({**base, "text": kept}))
    return out


def _compact(data: dict) -> dict:
    ordered = {key: data.get(key) for key in Citation.model_fields}
    return {key: value for key, value in ordered.items() if value is not None}
