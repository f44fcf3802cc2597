"""Which version of a statute holds on a day, from the dates its versions give.

A version holds from its start (`version_start`: entry into force, else its last amendment,
publication or adoption); the version in force on a day is the newest that has started
(`current_version`). `law/validity.py` builds each version's status on these; a catalogue's
check asks them here.
"""

from __future__ import annotations

from datetime import date

from .dates import build_date
from .model import Statute, StatuteVersion


def version_start(version: StatuteVersion) -> date | None:
    """The date a version holds from: entry into force, else its last amendment, publication or adoption."""
    if version.in_force:
        return version.in_force
    if version.amended:
        return version.amended[-1]
    return version.promulgated or version.adopted


def current_version(statute: Statute, today: date | None = None) -> StatuteVersion | None:
    """The version in force on `today` (the build date when None): the newest one that has
    started; the oldest when none has."""
    day = today or build_date()
    started = [v for v in statute.official_versions if (version_start(v) or date.min) <= day]
    if started:
        return started[-1]
    return statute.official_versions[0] if statute.official_versions else None
