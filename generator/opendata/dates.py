"""The one date the data files carry: the build date, SOURCE_DATE_EPOCH if set, else today (UTC)."""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.datetime.now(tz=dt.timezone.utc).date()
