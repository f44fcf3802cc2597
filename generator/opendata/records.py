"""The shapes of the JSON files, declared once: the JSON Schema (`api/schema.json`) is
generated from these classes, and the files are written through them.

An agency's JSON is its content file as a JSON object (every field, empty ones included)
with its id; a power's JSON is the power with the id and name of its agency; the corpus is
every agency and statute; the index lists every agency, power and statute with the URLs of
its page and data, relative to the index file.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..content.model import Agency, Power, Statute


class AgencyRecord(Agency):
    """One agency's list (`agencies/<id>/data/<id>.json`, and each item of the corpus's `agencies`)."""

    id: str
    """The agency's id: the name of its content file."""


class PowerRecord(Power):
    """One power (`agencies/<agency>/data/powers/<id>.json`)."""

    agency: str
    """Id of the agency whose list holds the power."""
    agency_name: str
    """Name of that agency."""


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
    """URL of its JSON, relative to the index."""


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


class IndexRecord(BaseModel):
    """What the site holds and where (`api/index.json`)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    date: str
    """Date of the build (YYYY-MM-DD; SOURCE_DATE_EPOCH when set)."""
    home: str
    """URL of the home page, relative to the index."""
    corpus: str
    """URL of the corpus JSON, relative to the index."""
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


RECORDS: list[type[BaseModel]] = [CorpusRecord, AgencyRecord, PowerRecord, IndexRecord]
"""The top-level shapes, one per kind of file, in the order the schema lists them."""
