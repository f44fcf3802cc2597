"""What `quanze check` says about a list an import left wrong: an agency without powers, an empty
region or title, text the import could not place, a category printed in words the vocabulary
does not know, a name that is a page's breadcrumb or a row of column headers (`columns.yaml`).

All warnings: the content is valid, but probably not what the published list says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..content.checks import file_problem, power_problem, unsafe_name
from ..content.validate import shown
from ..content.vocab import canonical_category
from ..errors import Problem
from ..i18n import _
from .columns import lookup, normalise, table

if TYPE_CHECKING:
    from ..content.corpus import Corpus

_BREADCRUMB = re.compile(r"当前位置|您的位置|首页\s*[>＞›»]|索引号|^[\s|｜>＞]*$")


def _looks_like_header(text: str) -> bool:
    words = [w for w in re.split(r"[\s|｜]+", text.strip()) if w]
    return bool(words) and (normalise(text) in table() or (len(words) >= 2 and all(lookup(w) for w in words)))


def check_imported_lists(corpus: Corpus) -> Iterator[Problem]:
    """What an import that went wrong leaves behind: no powers, unplaced text, empty or header-like values."""
    for agency_id in sorted(corpus.agencies):
        agency, key = corpus.agencies[agency_id], f"agencies/{agency_id}"
        for name in ("region", "title"):
            value = getattr(agency, name, None)  # an agency with schema errors may lack it: reported there
            if isinstance(value, str) and not value.strip():
                yield file_problem(corpus, key, (name,), "warning", _("{name} is empty").format(name=name),
                                   _("write it as published (quanze import sets it with --{name})").format(name=name))
        if not getattr(agency, "powers", None) and unsafe_name(agency_id) is None:  # a refused file: reported there
            yield file_problem(corpus, key, ("powers",), "warning", _("the agency lists no power"),
                               _("import the list again (quanze import SOURCE) or add its powers"))
        name = getattr(agency, "name", None)
        if isinstance(name, str) and (_BREADCRUMB.search(name) or _looks_like_header(name)):
            yield file_problem(corpus, key, ("name",), "warning",
                               _("name \"{name}\" looks like a page's breadcrumb or a table header").format(
                                   name=shown(name)), _("write the agency's name (an import sets it with --name)"))
    for ref in corpus.powers():
        power = ref.power
        if not all(isinstance(getattr(power, f, None), str) for f in ("name", "category")):
            continue  # a power with schema errors: reported by the validator
        if getattr(power, "unplaced", None):
            yield power_problem(corpus, ref, ("unplaced",), "warning", _("text the import could not place"),
                                _("move it into the field it belongs to, or drop it, then remove unplaced"))
        printed = getattr(power, "category_as_published", None)
        if power.category == "其他" and printed and canonical_category(printed) is None \
                and not printed.startswith(("其他", "其它")):
            yield power_problem(corpus, ref, ("category",), "warning",
                                _('category 其他, but the list printed "{printed}"').format(printed=shown(printed)),
                                _("choose the category that wording means"))
        if _BREADCRUMB.search(power.name) or _looks_like_header(power.name):
            yield power_problem(corpus, ref, ("name",), "warning",
                                _('name "{name}" looks like a table header or a breadcrumb').format(name=shown(power.name)),
                                _("the import read a header row as a power: remove it or write the name"))
