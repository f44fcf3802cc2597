"""The language of what a user reads: English (the source) or Simplified Chinese (the catalogue
locale/zh_CN/LC_MESSAGES/quanze.mo, made from quanze.po by `pybabel compile`).

    use(language)      choose "zh" or "en" for this process (the command line's --lang, else
                       the locale as gettext reads it: LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
    _(message)         the message in the chosen language, looked up when it is called
    ngettext(s, p, n)  the same for a message that has a plural
    N_(message)        marks a module-level constant for extraction; call _() where it is used

argparse's own words (usage:, options, its error messages) go through the same catalogue.
"""

from __future__ import annotations

import argparse
import gettext
import os
from pathlib import Path

DOMAIN = "quanze"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"zh": "zh_CN", "en": None}
"""The languages a user can choose (--lang), and the catalogue of each (None: the source, English)."""

_current: gettext.NullTranslations | None = None  # chosen by the first message, unless use() was called
_language = "en"


def language_of_environment(environ=os.environ) -> str:
    """"zh" when the user's locale is Chinese, else "en": the first of LANGUAGE, LC_ALL,
    LC_MESSAGES and LANG that is set, as gettext reads them (LANGUAGE a list: zh_CN:en)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            for name in value.split(":"):  # the first language of the list quanze has
                name = name.strip().lower()
                if name.startswith("zh"):
                    return "zh"
                if name.startswith("en") or name.split(".")[0] in ("c", "posix"):
                    return "en"
            return "en"
    return "en"


def use(language: str | None = None) -> str:
    """Choose the language ("zh", "en"; None: the environment's) for every message from now on."""
    global _current, _language
    _language = language if language in LANGUAGES else language_of_environment()
    catalogue = LANGUAGES[_language]
    if catalogue is None:
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[catalogue], fallback=True)
    return _language


def language() -> str:
    """The language chosen ("zh" or "en")."""
    _translations()
    return _language


def _translations() -> gettext.NullTranslations:
    if _current is None:
        use()
    return _current


def _(message: str) -> str:
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """A message to translate later (a module-level constant): extracted, returned unchanged."""
    return message


def language_in(argv: list[str]) -> str | None:
    """The --lang the command line gives (before a lone --), read before the parser is built:
    the help texts are written in that language."""
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


# argparse's own words, looked up in this catalogue: argparse calls its module's `_` and
# `ngettext` when it writes help and errors.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"), N_("expected at least one argument"), N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("%(prog)s: error: %(message)s\n"), N_("one of the arguments %s is required"),
)
argparse._ = _
argparse.ngettext = ngettext
