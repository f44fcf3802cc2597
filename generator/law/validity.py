"""The status (时效性) of each version of a statute on a day, worked out from its dates.

A version holds from its start (entry into force, else its last amendment, publication or
adoption). On a given day it is

- 已废止 from the date it was repealed, when it was;
- 已修改 from the start of the next version, once that has come;
- 尚未生效 before its own start;
- 有效 otherwise.

The site and `quanze check` ask on the day of the build (`build_date`, SOURCE_DATE_EPOCH when
set), so a version imported before it came into force is shown in force once it has, without
importing it again; the status an import records in the file is a record of that day only.
When a version starts, and which one is in force on a day, is content/versions.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..content.dates import build_date
from ..content.model import Statute, StatuteVersion
from ..content.versions import current_version, version_start

__all__ = ["Validity", "build_date", "current_version", "validities", "validity", "version_start"]


@dataclass(frozen=True)
class Validity:
    """A version's status on a day, the date it holds from, and the instrument that made it."""

    status: str
    """有效, 已修改, 已废止 or 尚未生效."""
    since: date | None
    """The date the status holds from (for 尚未生效: the version's own date, of publication or amendment)."""
    by: str | None = None
    """The decision or order that amended or repealed the version, when the text names it."""
    until: date | None = None
    """For 尚未生效: the date the version comes into force."""

    def describe(self) -> str:
        """The status as the site prints it: 有效（自 2021-07-15）, 尚未生效（2024-07-01 起施行）…"""
        if self.until is not None:
            return f"{self.status}（{self.until.isoformat()} 起施行）"
        if self.since is None:
            return self.status
        return f"{self.status}（自 {self.since.isoformat()}{f'，依据{self.by}' if self.by else ''}）"

    def record(self) -> str:
        """The status as an import reports it: 已修改 since 2018-12-29."""
        until = f", in force from {self.until.isoformat()}" if self.until else ""
        return self.status + (f" since {self.since.isoformat()}" if self.since else "") + until


def validities(versions: list[StatuteVersion], today: date) -> list[Validity]:
    """The status of each version (oldest first) on `today`."""
    found = []
    for n, version in enumerate(versions):
        following = versions[n + 1] if n + 1 < len(versions) else None
        found.append(_validity(version, following, today))
    return found


def validity(statute: Statute, version: StatuteVersion, today: date | None = None) -> Validity:
    """The status of one version of a statute on `today` (the build date when None)."""
    versions = statute.official_versions
    position = next(n for n, v in enumerate(versions) if v is version)
    return validities(versions[position:position + 2], today or build_date())[0]


def _validity(version: StatuteVersion, following: StatuteVersion | None, today: date) -> Validity:
    start = version_start(version)
    if version.repealed and version.repealed <= today:
        return Validity("已废止", version.repealed, version.repealed_by)
    later = version_start(following) if following is not None else None
    if later and later <= today:
        return Validity("已修改", later, following.amended_by)
    if start and start > today:
        return Validity("尚未生效", _own_date(version), until=start)
    return Validity("有效", start)


def _own_date(version: StatuteVersion) -> date | None:
    """The last date of adoption, amendment or publication of a version."""
    dates = [d for d in (*version.amended, version.promulgated, version.adopted) if d]
    return max(dates) if dates else None
