"""schema.org descriptions (JSON-LD) of the pages search engines and other programs read as
data: a power page describes a GovernmentService, a statute page a Legislation.

The description is printed in the page's head inside `<script type="application/ld+json">`
(site_templates/overrides/main.html, from the front matter `chrome.py` writes). `script_json`
writes it so that no content can end the script or start markup: `<`, `>` and `&` are written
as \\u escapes, which JSON reads back as the same characters.
"""

from __future__ import annotations

import json

from ..content.model import Agency, Power, Statute
from ..law.validity import current_version, validity, version_start

CONTEXT = "https://schema.org"
#: A statute's status (时效性) as schema.org's LegalForceStatus.
LEGAL_FORCE = {"有效": "InForce", "已修改": "NotInForce", "已废止": "NotInForce", "尚未生效": "NotInForce"}


def script_json(value: dict) -> str:
    """JSON on one line, safe inside an HTML script element: no `<`, `>` or `&` in it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def government_service(power: Power, agency: Agency) -> dict:
    """A power as a schema.org GovernmentService: its name, its category (职权类别) as the service
    type, the agency as the provider and the agency's region as the area served."""
    service = {"@context": CONTEXT, "@type": "GovernmentService", "name": power.name, "serviceType": power.category,
               "provider": {"@type": "GovernmentOrganization", "name": agency.name},
               "areaServed": {"@type": "AdministrativeArea", "name": agency.region}}
    if power.code:
        service["identifier"] = power.code
    return service


def legislation(statute: Statute) -> dict:
    """A statute as a schema.org Legislation: its title; its document number (文号), date and
    legal force when the registry knows them (the date and force from the version in force on
    the day of the build, when it holds an official text)."""
    found = {"@context": CONTEXT, "@type": "Legislation", "name": statute.title}
    version = current_version(statute)
    number = (version.document_number if version else None) or statute.document_number
    if number:
        found["legislationIdentifier"] = number
    if version is not None:
        day = version.promulgated or version.adopted or version_start(version)
        if day:
            found["legislationDate"] = day.isoformat()
        found["legislationLegalForce"] = LEGAL_FORCE[validity(statute, version).status]
    if statute.issuer:
        found["legislationPassedBy"] = {"@type": "GovernmentOrganization", "name": statute.issuer}
    return found
