"""The content model, declared once.

`content/agencies/<agency-id>.yaml` holds one `Agency`; `content/statutes/<statute-id>.yaml`
holds one `Statute`. The file name stem is the id. The JSON Schema and the README's
"Content format" section are generated from these classes (see `schema.py`), so every
field carries its documentation as an attribute docstring.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from .codes import describe as describe_codes
from .vocab import ADMIN_LEVELS, CATEGORIES, LEVELS

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
"""An id: lowercase ASCII letters, digits and hyphens. In a pydantic `pattern` and in JSON Schema
`$` is the end of the text; Python's `re` lets `$` match before a final newline, so Python code
tests an id with `is_id` (a full match), never `re.match(ID_PATTERN, …)`."""
CODE_PATTERN = r"^[0-9A-Za-z]{10}$"
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f-\x9f<>\"'`\\{}|^]+$"
"""An http(s) address: no spaces, control characters (C0, DEL, C1), quotes, angle brackets or braces
(a browser would encode them)."""
_ID = re.compile(ID_PATTERN)


def is_id(value: str) -> bool:
    """`value` is an id, as a whole (a final newline too is refused)."""
    return _ID.fullmatch(value) is not None


PHONE_PATTERN = r"^[+(（]?[0-9０-９][0-9０-９ \-－—()（）+、,，;；/转]{0,59}$"
"""Phone numbers as agencies print them: digits, spaces, hyphens, parentheses, +, 转 (extension),
and 、 , ; / between several numbers; never letters or markup."""
SERVICE_CODE_PATTERN = r"^[0-9A-Za-z]{6,64}$"
"""An implementation code (实施编码) of the government service platform: letters and digits."""
CORRECTION_FIELD_PATTERN = r"^(name|basis\[[0-9]{1,4}\]\.title)$"
"""The texts a correction can mark: the power's name, or the statute title of one citation."""

# The vocabularies are declared once, in vocab.py; the model takes them from there.
Category = Literal[tuple(CATEGORIES)]  # 行政许可 ... 行政裁决, 其他
Level = Literal[tuple(LEVELS)]  # 法律 ... 规范性文件, 其他
AdminLevel = Literal[tuple(ADMIN_LEVELS)]  # 省级, 市级, 县级, 乡级
Status = Literal["有效", "已修改", "已废止", "尚未生效"]
DivisionKind = Literal["编", "分编", "章", "节", "其他"]
Day = date  # a field named `date` would hide the type
AdjustmentKind = Literal["增加", "取消", "下放", "承接", "合并", "变更"]

MAX_NUMBER = 9999
"""Largest article, paragraph or item number: the longest code (民法典) has 1,260 articles."""
Number = Annotated[StrictInt, Field(ge=1, le=MAX_NUMBER)]
"""A number of an article (条), paragraph (款) or item (项): an integer, never true/false or text."""


class _Model(BaseModel):
    """Every model is frozen once validated: nothing after the loader changes the content (a
    changed copy is a new model, `model_copy(update=...)`), so that what was made from a model
    stays what that model makes."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    def __setstate__(self, state: dict) -> None:
        """A model unpickled (from the model store, or from the process that parsed it) with
        each of its texts one object with its equals (`shared_text`), as the loader makes them."""
        values = state.get("__dict__")  # (the unpickled state's own dict: changed in place)
        if values:
            for key, value in values.items():
                kind = type(value)
                if kind is str:
                    values[key] = sys.intern(value)
                elif kind is list or kind is dict:
                    values[key] = shared_texts(value)
        super().__setstate__(state)


def shared_text(text: str) -> str:
    """`text`, as the one object of that value the process holds (`sys.intern`): a list repeats
    its responsibility steps, accountability and quotes in hundreds of powers, and the lists of
    a province repeat each other's; 3,400 medical security bureaus held 1.3 million strings of
    12,730 values after a load."""
    return sys.intern(text)


def shared_texts(value: list | dict):
    """A model's list or mapping with its texts shared (`shared_text`; a nested model shares its
    own when it is unpickled)."""
    kind = type(value)
    if kind is list and value and type(value[0]) is str:
        return [sys.intern(item) if type(item) is str else item for item in value]
    if kind is dict and value:
        return {key: sys.intern(item) if type(item) is str else item for key, item in value.items()}
    return value


class Document(_Model):
    """A file of the content folder (an agency's list, a statute), known by a digest of its content."""

    @functools.cached_property
    def digest(self) -> str:
        """A digest of the content, which caches key on: the loader gives the digest of the file's
        bytes (`stamp`); a model made otherwise gets one of its JSON on first use. Two documents
        with the same digest have the same content."""
        return "json:" + hashlib.sha256(f"{type(self).__name__}\0{self.model_dump_json()}".encode()).hexdigest()

    def model_copy(self, *, update=None, deep: bool = False):
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("digest", None)  # (a copy with changes is other content)
        return copied


def stamp(document: Document, digest: str) -> None:
    """Give a document just validated from a file the digest of that file (its bytes, name and
    kind: the model is made from those alone), instead of one of its JSON."""
    document.__dict__["digest"] = "file:" + digest


class Citation(_Model):
    """One article (or the whole) of one statute that a power rests on (职权依据)."""

    statute: str = Field(pattern=ID_PATTERN)
    """Id of the statute in the registry (`content/statutes/<id>.yaml`)."""
    title: str | None = None
    """The statute's title as the list printed it, without 《》 (e.g. 社会保险法)."""
    level: Level | None = None
    """The level tag as published, without 【】 (法律, 行政法规, 部门规章 ...)."""
    version: str | None = None
    """The version or issuance note as published, e.g. （2018 年修正）."""
    ref: str | None = None
    """The article reference as published, e.g. 第八十七条第一款."""
    article: Number | None = None
    """Article number (条): 第八十七条 -> 87."""
    paragraph: Number | None = None
    """Paragraph number (款) within the article: 第一款 -> 1."""
    item: Number | None = None
    """Item number (项) within the article or paragraph: 第六项 -> 6."""
    text: str | None = None
    """The quoted text of the article as the list printed it."""


class Responsibility(_Model):
    """One step of the responsibility procedure (责任事项)."""

    step: str | None = None
    """Name of the step, e.g. 立案责任; empty when the source gives none."""
    text: str
    """What the step requires."""


class Correction(_Model):
    """A correction the editors made to the published text: the page shows the corrected words
    and marks them with the form the list printed (原文作…)."""

    field: str = Field(pattern=CORRECTION_FIELD_PATTERN)
    """Which text of the power: `name`, or `basis[N].title` (the statute title of citation N, counted from 0)."""
    published: str = Field(min_length=1)
    """The words as the list printed them, e.g. 卫《生."""
    corrected: str = Field(min_length=1)
    """The words the field holds instead; they occur exactly once in the field's text, e.g. 卫生."""
    note: str | None = None
    """Why, or where the published form stands (shown with the mark)."""


class Power(_Model):
    """One administrative power (职权/事项) of an agency, with every column the list has."""

    id: str = Field(pattern=ID_PATTERN)
    """Stable ASCII id, unique within the agency; the page is `agencies/<agency>/<id>.html`."""
    serial: str | None = None
    """Serial number (序号) as published."""
    code: str | None = Field(default=None, description=describe_codes())
    """Power code as published; its description is made from the shapes in `codes.py`."""
    name: str = Field(min_length=1)
    """Name of the power (职权名称/事项名称/项目名称)."""
    sub_item: str | None = None
    """Sub-item (子项) as published."""
    scope: str | None = None
    """Scope note printed with the name, e.g. （仅指医疗保险、生育保险）."""
    category: Category
    """Category (职权类别) in the vocabulary: 行政许可 ... 行政裁决, 其他."""
    category_as_published: str | None = None
    """The category as the list worded it when that differs (其他职权, 行政监督检查 ...)."""
    basis: list[Citation] = []
    """Legal basis (职权依据/设定依据/实施依据): one citation per article, in published order."""
    basis_note: str | None = None
    """Text of the legal basis that is not an article quote (kept as published)."""
    content: str | None = None
    """What the power covers (行使内容)."""
    responsibilities: list[Responsibility] = []
    """Responsibility steps (责任事项) in order: 立案责任, 调查责任 ..."""
    accountability: list[str] = []
    """Situations that trigger accountability (追责情形), in order."""
    liability: list[str] = []
    """Forms of liability (担责方式), in order."""
    responsible_body: str | None = None
    """Responsible body (责任主体)."""
    implementing_body: str | None = None
    """Implementing body (实施主体)."""
    remarks: str | None = None
    """Remarks (备注) as published, e.g. 增加."""
    guide_url: str | None = Field(default=None, pattern=URL_PATTERN, max_length=2000)
    """Address of the service guide (办事指南) on the government service platform (政务服务网): http(s)."""
    service_code: str | None = Field(default=None, pattern=SERVICE_CODE_PATTERN)
    """Implementation code (实施编码) on the government service platform: 6 to 64 letters and digits."""
    supervision: str | None = None
    """How the exercise of the power is supervised (监督方式), e.g. the complaint line and the supervising body."""
    remedy: str | None = None
    """Remedies open to the person concerned (救济渠道): administrative reconsideration, litigation ..."""
    editor_notes: list[str] = []
    """Notes by the editors of this site: corrections made to the published text and why."""
    corrections: list[Correction] = []
    """Corrections of the published text, shown in place with the published form marked (and explained in `editor_notes`)."""
    unplaced: str | None = None
    """Source text an importer could not place in a field; an editor should move it or drop it."""
    extra: dict[str, str] = {}
    """Columns of the published list that map to no field: printed column name -> text as printed."""


class Edition(_Model):
    """An earlier edition of an agency's list, kept whole: its label, date, document number and powers.
    The agency's own fields are the current edition."""

    label: str = Field(min_length=1)
    """Name of the edition, unique in the agency, e.g. 2021年版; its page is at a URL made from it."""
    published: date | None = None
    """Date the edition was published (公布), YYYY-MM-DD."""
    document_number: str | None = None
    """Document number (文号) of the edition, e.g. 西医保发〔2021〕12号."""
    title: str | None = None
    """The edition's title as published, when it differs from the current one."""
    source: str | None = None
    """Where this edition was taken from (document, file or address)."""
    notes: list[str] = []
    """Notes by the editors about this edition."""
    powers: list[Power] = []
    """The powers of this edition, in published order; ids are matched with the next edition's."""


class Adjustment(_Model):
    """One recorded adjustment (调整) of the list: a power added, cancelled, delegated, taken over,
    merged or changed."""

    date: Day | None = None
    """Date of the adjustment (YYYY-MM-DD); empty when the list does not say."""
    document_number: str | None = None
    """Document number (文号) of the decision, e.g. 宁政发〔2023〕5号."""
    kind: AdjustmentKind
    """Kind of adjustment: 增加, 取消, 下放 (delegated down), 承接 (taken over from above), 合并 or 变更."""
    powers: list[str] = Field(min_length=1)
    """Ids of the powers concerned, in the current edition or an earlier one."""
    reason: str | None = None
    """Why, as the decision or the list says it."""
    edition: str | None = None
    """Label of the edition the adjustment took effect in, when known (empty: the current one)."""


class Contact(_Model):
    """How to reach the agency (联系方式), as it publishes it."""

    address: str | None = None
    """Address (地址)."""
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    """Phone number (联系电话), e.g. 0951-5021234; several separated by 、."""
    complaint_phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    """Complaint and report line (投诉举报电话), e.g. 12393."""
    website: str | None = Field(default=None, pattern=URL_PATTERN, max_length=2000)
    """Website (网站): an http(s) address."""


class Agency(Document):
    """One agency's published list. The id is the file name stem."""

    name: str = Field(min_length=1)
    """Name of the agency, e.g. 西夏区医疗保障局."""
    aliases: list[str] = []
    """Other names it bears, printed in brackets after its name, e.g. 辽宁省知识产权局 of 辽宁省市场监督管理局（辽宁省知识产权局）."""
    region: str
    """Region it serves, from province down, e.g. 宁夏回族自治区银川市西夏区."""
    admin_level: AdminLevel
    """Administrative level: 省级 (a province or municipality), 市级, 县级 or 乡级 (a township or street office)."""
    title: str
    """The list's title as published, e.g. 西夏区医疗保障局行政职权事项."""
    edition: str | None = None
    """Edition or date of the list where known: the label of the current edition, e.g. 2024年版."""
    published: date | None = None
    """Date the current edition was published (公布), YYYY-MM-DD."""
    document_number: str | None = None
    """Document number (文号) of the current edition."""
    source: str | None = None
    """A note on where and in what form the list was found, e.g. PDF 文件，附于通知之后 (shown as 来源说明; the page says who published it and where from `source_url`)."""
    source_url: str | None = Field(default=None, pattern=URL_PATTERN, max_length=2000)
    """Address of the page where the agency published the list (http(s)); the page links it as 原文."""
    source_file: str | None = None
    """The agency's own file of the list (PDF, Word, Excel ...), published with the site as 原始文件: a path in `sources/`, e.g. `sources/xixia-2021.pdf`."""
    source_text: str | None = None
    """The text extracted from the agency's file, published beside it and labelled as extracted: a path in `sources/`, e.g. `sources/000_0ba25a7bb6e4bfa6.txt`."""
    contact: Contact | None = None
    """How to reach the agency: address, phone, complaint line, website (shown on its pages when given)."""
    notes: list[str] = []
    """Notes by the editors about the list as a whole."""
    powers: list[Power] = []
    """The powers, in published order."""
    editions: list[Edition] = []
    """Earlier editions of the list, oldest first; each keeps its page, and a page says what changed."""
    adjustments: list[Adjustment] = []
    """Adjustment records (增加, 取消, 下放, 承接, 合并, 变更), oldest first."""


class ArticleText(_Model):
    """One wording of an article as some list quoted it."""

    text: str
    """The wording."""
    sources: list[str] = []
    """Agency ids whose lists quote this wording."""


class Article(_Model):
    """One article (条) of a statute."""

    number: Number
    """Article number: 第八十七条 -> 87."""
    texts: list[ArticleText] = []
    """The article's text; several wordings when lists quote different versions."""


class Point(_Model):
    """One point (目) of an item: a line 1．…, 1. … or （1）… under an item （一）…."""

    number: Number
    """Point number: 1． -> 1."""
    marker: str = Field(min_length=1)
    """The marker as printed, e.g. 1． or （1）."""
    text: str
    """The point's text, without its marker."""


class Item(_Model):
    """One item (项) of a paragraph: a line （一）… of the official text."""

    number: Number
    """Item number: （三） -> 3."""
    text: str
    """The item's text, without its （三） marker."""
    points: list[Point] = []
    """Its points (目), in order."""
    paragraphs: list[str] = []
    """Further paragraphs of the item, when it has several (printed on lines of their own after it)."""


class Paragraph(_Model):
    """One paragraph (款) of an article in the official text."""

    text: str
    """The paragraph's text (for the first paragraph, without the 第X条 label)."""
    items: list[Item] = []
    """Its items (项), in order."""
    table: list[str] = []
    """Rows of a table printed in the paragraph, as Markdown table lines (`| 项目 | 标准 |`)."""


class OfficialArticle(_Model):
    """One article (条) of an official text, whole."""

    number: Number
    """Article number: 第八十七条 -> 87."""
    suffix: Number | None = None
    """For an article an amendment inserted after another: 第八十七条之一 -> 1 (its number is 87)."""
    paragraphs: list[Paragraph] = Field(min_length=1)
    """Its paragraphs (款), in order; the first starts the article."""


class Division(_Model):
    """A heading of an official text: part (编), sub-part (分编), chapter (章), section (节), or an
    unnumbered heading such as 附则 (其他)."""

    kind: DivisionKind
    """Which heading: 编, 分编, 章, 节, or 其他 for an unnumbered one (placed at the level of chapters)."""
    number: Number
    """Its number: 第三章 -> 3 (an unnumbered heading: its rank among the unnumbered ones)."""
    title: str = ""
    """Its title, e.g. 基本医疗保险."""
    first_article: Number
    """Number of the first article under it."""
    text: list[str] = []
    """Text printed under the heading before its first article, line by line."""


class Annex(_Model):
    """An annex (附件, 附表, 附录) printed after the articles: its heading and its lines as printed."""

    title: str = Field(min_length=1)
    """Its heading, e.g. 附件：示例收费标准."""
    lines: list[str] = []
    """Its text line by line (tables as Markdown table lines)."""


class Footnote(_Model):
    """A note printed with the official text (`[^1]: …` or `注：…`), not part of any article."""

    mark: str = ""
    """Its mark in the text, e.g. 1 for [^1]; empty for a note printed without one."""
    text: str = Field(min_length=1)
    """The note's text."""


class StatuteVersion(_Model):
    """One version of a statute's official text, with its dates and status."""

    label: str = Field(min_length=1)
    """Short name of the version, unique in the statute: the year it was adopted or last amended, e.g. 2018."""
    title: str | None = None
    """Title of this version when it differs from the statute's."""
    issuer: str | None = None
    """Issuing or adopting body of this version, e.g. 全国人民代表大会常务委员会."""
    document_number: str | None = None
    """Document number of this version, e.g. 国务院令第735号."""
    adopted: date | None = None
    """Date the statute was adopted (通过) or first issued."""
    amended: list[date] = []
    """Dates of the amendments (修正, 修订) this version includes, oldest first."""
    promulgated: date | None = None
    """Date this version was promulgated (公布)."""
    in_force: date | None = None
    """Date this version entered or enters into force (施行); empty when the text does not say."""
    repealed: date | None = None
    """Date the statute was repealed (废止), if it was."""
    amended_by: str | None = None
    """The instrument of this version's last amendment when its history names one, e.g. 《关于修改〈中华人民共和国公司法〉的决定》."""
    repealed_by: str | None = None
    """The instrument that repealed the statute when its history names one, e.g. 示例部令第30号."""
    status: Status = "有效"
    """Validity (时效性) on the day of the import, as a record: the site and `quanze check` work it out again from the dates on the day of the build."""
    status_since: date | None = None
    """The date the recorded status holds from."""
    history: list[str] = []
    """The issuance and amendment lines as printed above the text."""
    source: str | None = None
    """The file the text was imported from."""
    notes: list[str] = []
    """Notes by the editors about this text: corrections made to it and why."""
    preamble: list[str] = []
    """Text before the first article (序言), paragraph by paragraph."""
    divisions: list[Division] = []
    """Parts, chapters and sections, in order."""
    articles: list[OfficialArticle] = []
    """Every article, in order."""
    annexes: list[Annex] = []
    """Annexes printed after the articles (附件, 附表), in order."""
    footnotes: list[Footnote] = []
    """Notes printed with the text (`[^1]: …`, `注：…`), in order."""


class Statute(Document):
    """One statute (law, regulation, rule or normative document). The id is the file name stem."""

    title: str = Field(min_length=1)
    """Canonical title, e.g. 中华人民共和国社会保险法."""
    aliases: list[str] = []
    """Other titles the lists use: short titles, other brackets (〈〉 or <>), broken lines."""
    level: Level
    """Level of legal source."""
    issuer: str | None = None
    """Issuing body, e.g. 全国人民代表大会常务委员会."""
    document_number: str | None = None
    """Document number where known, e.g. 国务院令第735号."""
    versions: list[str] = []
    """Version or issuance notes the lists print, e.g. （2018 年修正）."""
    articles: list[Article] = []
    """Cited articles with the wordings the lists quote (each marked with the lists quoting it), by number."""
    official_versions: list[StatuteVersion] = []
    """Official texts, one per version, oldest first (written by `quanze import-statute`)."""
