"""An agency's whole list as one document: every power in published order, with its basis (the
articles quoted), responsibilities, accountability and liability; printable on A4."""

from __future__ import annotations

from markupsafe import Markup

from ..content.corpus import PowerRef
from ..law.resolve import list_date
from .context import Site
from .lists import lead_and_items
from .pages import citation_context, cited_statutes, contact_context
from .paths import Link, agency_path, full_list_path, power_path
from .templates import ExternalLink


def full_list_inputs(site: Site, agency_id: str) -> tuple:
    """What the page shows: the agency and the statutes it cites (their titles, levels and versions,
    and the build date when one has an official text: what has changed since the list is worked out
    on the day of the build)."""
    agency = site.corpus.agencies[agency_id]
    return (agency, *cited_statutes(site.corpus, agency.powers))


def full_list_context(site: Site, agency_id: str) -> dict:
    agency = site.corpus.agencies[agency_id]
    path = full_list_path(agency_id)
    when = list_date(agency)
    powers = []
    for index, power in enumerate(agency.powers):
        ref = PowerRef(agency_id, agency, power, index)
        powers.append({
            "power": power, "anchor": Markup(f"p-{power.id}"), "number": power.serial or str(index + 1),
            "category": power.category_as_published or power.category,
            "page": Link("本项职权的页面", site.link(path, power_path(ref.agency_id, power.id))),
            "basis": [citation_context(site, path, c, when=when) for c in power.basis],
            "accountability": lead_and_items(power.accountability), "liability": lead_and_items(power.liability),
            "guide": ExternalLink("政务服务网办事指南", power.guide_url) if power.guide_url else None,
        })
    return {"agency": agency, "powers": powers, "contact": contact_context(agency),
            "by_category": Link("按类别排列的职权表", site.link(path, agency_path(agency_id))),
            "print": Link("打印本清单", site.link(path, path))}
