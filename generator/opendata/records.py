"""The shapes of the JSON files, declared once: the JSON Schema (`api/schema.json`) is
generated from these classes, and the files are written through them.

An agency's JSON is its content file as a JSON object (every field, empty ones included)
with its id, every power in full (a power has no file of its own: its data is at its JSON
Pointer in its agency's JSON, `#/powers/<position>`); the corpus is every agency and statute
(in a sharded build split into one file per sub-site and one of the statutes); the index lists
every agency, power and statute with the URLs of its page and data, relative to the index file.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..content.model import Agency, Statute


class AgencyRecord(Agency):
    """One agency's list (`agencies/<id>/data/<id>.json`, and each item of the corpus's `agencies`)."""

    id: str
    """The agency's id: the name of its content file."""


class StatuteRecord(Statute):
    """One statute of the registry, with every official text it holds."""

    id: str
    """The statute's id: the name of its content file."""


class CorpusRecord(BaseModel):
    """Every agency and statute (`api/corpus.json`)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    date: str
    """Date of the build (YYYY-MM-DD; SOURCE_DATE_EPOCH when set)."""
    agencies: list[AgencyRecord]
    """Every agency, in id order."""
    statutes: list[StatuteRecord]
    """Every statute, in id order."""


class ProvinceRecord(BaseModel):
    """The agencies of one sub-site of a sharded build (`api/provinces/<id>.json.gz`, gzip-compressed): a province's,
    or with `--shard-by agency` one agency's. A sharded build has these instead of the corpus."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    date: str
    """Date of the build (YYYY-MM-DD; SOURCE_DATE_EPOCH when set)."""
    province: str
    """Id of the sub-site (its folder in the site)."""
    title: str
    """Name of the sub-site (the province's full name, or the agency's)."""
    agencies: list[AgencyRecord]
    """Its agencies, in id order."""


class StatutesRecord(BaseModel):
    """Every statute (`api/statutes.json`, in a sharded build; one site has them in the corpus)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    date: str
    """Date of the build (YYYY-MM-DD; SOURCE_DATE_EPOCH when set)."""
    statutes: list[StatuteRecord]
    """Every statute, in id order."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class AgencyEntry(_Entry):
    """An agency in the index."""

    id: str
    """Id of the agency."""
    name: str
    """Name of the agency."""
    region: str
    """Region it serves."""
    admin_level: str
    """省级, 市级 or 县级."""
    title: str
    """The list's title as published."""
    powers: int
    """How many powers its list holds."""
    page: str
    """URL of its page, relative to the index."""
    data: dict[str, str]
    """URLs of its list as csv, xlsx and json, relative to the index."""


class PowerEntry(_Entry):
    """A power in the index."""

    agency: str
    """Id of its agency."""
    id: str
    """Id of the power within its agency."""
    code: str | None
    """Power code as published."""
    name: str
    """Name of the power."""
    category: str
    """Category (职权类别)."""
    page: str
    """URL of its page, relative to the index."""
    data: str
    """URL of its data, relative to the index: its agency's JSON with the power's JSON Pointer
    (RFC 6901) as the fragment, its position in the list from 0 (`…/xixia.json#/powers/3`)."""


class StatuteEntry(_Entry):
    """A statute in the index."""

    id: str
    """Id of the statute."""
    title: str
    """Canonical title."""
    level: str
    """Level of legal source."""
    page: str
    """URL of its page, relative to the index."""


class ProvinceEntry(_Entry):
    """A sub-site's agencies file in the index (sharded builds)."""

    id: str
    """Id of the sub-site."""
    title: str
    """Name of the sub-site."""
    agencies: int
    """How many agencies it holds."""
    powers: int
    """How many powers their lists hold."""
    url: str
    """URL of its file (`ProvinceRecord`, gzip-compressed), relative to the index."""
    bytes: int
    """Size of that file in bytes (compressed)."""
    sha256: str
    """SHA-256 of that file, hexadecimal."""


class IndexRecord(BaseModel):
    """What the site holds and where (`api/index.json`)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    date: str
    """Date of the build (YYYY-MM-DD; SOURCE_DATE_EPOCH when set)."""
    home: str
    """URL of the home page, relative to the index."""
    corpus: str | None
    """URL of the corpus JSON, relative to the index (null in a sharded build: see `provinces`)."""
    schema_url: str
    """URL of the JSON Schema of these files, relative to the index."""
    feed: str
    """URL of the Atom feed of changes, relative to the index."""
    agencies: list[AgencyEntry]
    """Every agency, in id order."""
    powers: list[PowerEntry]
    """Every power, agencies in id order, powers in published order."""
    statutes: list[StatuteEntry]
    """Every statute, in id order."""
    pages: list[str]
    """URL of every page of the site, sorted."""
    provinces: list[ProvinceEntry] | None = None
    """Sharded builds only: each sub-site's agencies file, in sub-site order (the corpus split)."""
    statute_data: str | None = None
    """Sharded builds only: URL of the statutes file (`StatutesRecord`), relative to the index."""


RECORDS: list[type[BaseModel]] = [CorpusRecord, ProvinceRecord, StatutesRecord, AgencyRecord, IndexRecord]
"""The top-level shapes, one per kind of file, in the order the schema lists them."""
