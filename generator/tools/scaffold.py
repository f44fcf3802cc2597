"""`quanze new power AGENCY`: append a power with every field, ready to fill in.

The new power has the next serial number, a free id and every field of the model in
canonical order; the fields a power must have (name, category) are left empty, so the
file validates only once an editor has filled them. The file's comments are kept.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content.checks import SITE_NAMES, unsafe_name
from ..content.ids import power_id as id_from_name
from ..content.load import display_path, load_document
from ..content.model import Power
from ..errors import ContentError, QuanzeError
from ..fileio import write_atomic
from ..i18n import _
from .fmt import formatted, stored_text

#: Empty values of the fields a new power starts with (None is written as an empty value).
PLACEHOLDERS = {"name": "", "category": ""}


def agency_path(agency_id: str, content: Path) -> Path:
    path = Path(content) / "agencies" / f"{agency_id}.yaml"
    if path.is_file():
        return path
    known = sorted(p.stem for p in (Path(content) / "agencies").glob("*.yaml"))
    close = difflib.get_close_matches(agency_id, known, n=1)
    hint = (_('did you mean "{name}"?').format(name=close[0]) if close
            else _("agencies: {list}").format(list=", ".join(known) or _("none yet")))
    raise QuanzeError(_("no agency {id}: {path} does not exist ({hint})").format(
        id=repr(agency_id), path=display_path(path), hint=hint))


def next_serial(powers: list) -> str:
    numbers = [int(p["serial"]) for p in powers if isinstance(p, dict) and str(p.get("serial") or "").isdigit()]
    return str(max(numbers, default=0) + 1)


def free_id(powers: list, wanted: str | None, name: str | None, serial: str) -> str:
    taken = {str(p.get("id")) for p in powers if isinstance(p, dict)}
    if wanted is not None:
        why = unsafe_name(wanted) or (_('"{id}" is the name of a page the site writes').format(id=wanted) if wanted in SITE_NAMES else None)
        if why:
            raise QuanzeError(_("--id {id} cannot be used: {why}").format(id=repr(wanted), why=why))
        if wanted in taken:
            raise QuanzeError(_("--id {id} is taken in this agency (give another, or leave --id out)").format(id=repr(wanted)))
        return wanted
    if name:
        return id_from_name(name, None, taken)
    candidate, n = f"power-{serial}", 2
    while candidate in taken:
        candidate, n = f"power-{serial}-{n}", n + 1
    return candidate


def blank_power(power_id: str, serial: str, name: str | None) -> CommentedMap:
    """A power with every field in model order: empty, except id, serial and name."""
    power = CommentedMap()
    for field, info in Power.model_fields.items():
        if field in PLACEHOLDERS:
            power[field] = PLACEHOLDERS[field]
        elif info.annotation is not None and getattr(info.annotation, "__origin__", None) is list:
            power[field] = CommentedSeq()
        elif info.annotation is not None and getattr(info.annotation, "__origin__", None) is dict:
            power[field] = CommentedMap()
        else:
            power[field] = None
    power.update({"id": power_id, "serial": serial})
    if name:
        power["name"] = name
    return power


def new_power(agency_id: str, content: Path, power_id: str | None = None, name: str | None = None) -> str:
    """Append a new power to an agency file; return what was done and what to fill in."""
    path = agency_path(agency_id, content)
    doc, problems = load_document(path)
    if doc is None:
        raise ContentError(problems)
    powers = doc.data.setdefault("powers", CommentedSeq())
    if not isinstance(powers, list):
        raise QuanzeError(_("{path}: powers is not a list; fix it before adding a power").format(path=doc.display))
    serial = next_serial(powers)
    new_id = free_id(powers, power_id, name, serial)
    powers.append(blank_power(new_id, serial, name))
    text = formatted(doc, stored_text(path))
    write_atomic(path, text)
    line = text.splitlines().index(f"- id: {new_id}") + 1 if f"- id: {new_id}" in text.splitlines() else 0
    if name:
        said = _("{path}:{line}: added power {id} (serial {serial}). Fill in category: it is empty, so the file "
                 "does not validate until you do. Fill the other fields the list gives; empty ones may stay empty.")
    else:
        said = _("{path}:{line}: added power {id} (serial {serial}). Fill in name and category: they are empty, so "
                 "the file does not validate until you do. Fill the other fields the list gives; empty ones may stay "
                 "empty.")
    return said.format(path=doc.display, line=line, id=new_id, serial=serial)
