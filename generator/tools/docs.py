"""The "Commands" reference, generated from the command line's own parser.

`python -m generator.tools.docs` writes `docs/reference/commands.md` from `generator.cli.parser()`:
each command's help line, its usage and a row for each argument with its help text, so the
reference says what `quanze COMMAND --help` says. `python -m generator.tools.docs --check` exits 1
when the page is stale; `tests/test_docs.py` fails then too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from ..cli import parser as cli_parser
from ..i18n import use

#: Where the reference lives, relative to the repository.
TARGET = Path("docs/reference/commands.md")
#: Options every command takes, before or after its name: documented once at the top.
COMMON = {"project", "content", "lang", "help"}
#: Usage lines are wrapped at this width whatever the terminal's (argparse reads $COLUMNS).
WIDTH = 96

INTRO = """\
# Commands

Generated from the parser in `generator/cli.py` by `python -m generator.tools.docs`; edit the
parser's help texts, not this page. `quanze COMMAND --help` prints the same.

`quanze` is also `python -m generator`. Every command works on the project in the current folder;
three options, given before or after the command, say otherwise:

{common}

`quanze --version` prints the version; `quanze` alone prints the list of commands.
"""


def subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(name, help line, parser) of each command under `parser`, in the order they were added.

    The help line given to `add_parser` is kept only on argparse's pseudo-actions of the
    subparsers action (`_get_subactions`, the same in Python 3.11 to 3.13)."""
    for action in parser._actions:
        if isinstance(action.choices, dict) and hasattr(action, "_get_subactions"):
            for pseudo in action._get_subactions():
                yield pseudo.dest, pseudo.help or "", action.choices[pseudo.dest]


def usage(parser: argparse.ArgumentParser) -> str:
    """The command's usage line as `--help` prints it, wrapped at WIDTH."""
    formatter = argparse.HelpFormatter(parser.prog, width=WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return formatter.format_help().strip()


def argument_name(action: argparse.Action) -> str:
    """`folder`, `--name NAME`, `-o, --output OUTPUT`, `--format {text,json}` ..."""
    if not action.option_strings:
        return action.metavar or action.dest
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    if action.metavar:
        value = action.metavar
    elif action.choices:
        value = "{" + ",".join(action.choices) + "}"
    else:
        value = action.dest.upper()
    return ", ".join(action.option_strings) + " " + value


def cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def arguments_table(parser: argparse.ArgumentParser, skip: set[str]) -> list[str]:
    """A row per argument of `parser` but those in `skip` and the subcommands."""
    rows = [f"| `{cell(argument_name(a))}` | {cell(a.help or '')} |" for a in parser._actions
            if a.dest not in skip and a.help != argparse.SUPPRESS and not isinstance(a.choices, dict)]
    return ["| argument | meaning |", "| --- | --- |", *rows, ""] if rows else []


def command_sections(parser: argparse.ArgumentParser, path: str = "quanze") -> list[str]:
    """The sections of every command under `parser`, nested commands after their parent's line."""
    lines: list[str] = []
    for name, help_line, sub in subcommands(parser):
        full = f"{path} {name}"
        nested = list(subcommands(sub))
        if nested:
            lines += command_sections(sub, full)
            continue
        lines += [f"## {full}", "", cell(help_line[:1].upper() + help_line[1:]) + ".", "",
                  "```text", usage(sub), "```", "", *arguments_table(sub, COMMON)]
    return lines


def commands_markdown() -> str:
    """The whole "Commands" page, in English (the reference's language, the messages' source)."""
    use("en")
    top = cli_parser()
    common = "\n".join(arguments_table(top, {"help", "version"})).strip()
    return INTRO.format(common=common) + "\n" + "\n".join(command_sections(top)).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.tools.docs",
                                     description=f"Write {TARGET} from the command line's parser.")
    parser.add_argument("--check", action="store_true", help="only say whether the page is current; exit 1 if not")
    parser.add_argument("--output", type=Path, default=TARGET, help=f"default: {TARGET}")
    args = parser.parse_args(argv)
    text = commands_markdown()
    current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
    if args.check:
        print(f"{args.output}: {'up to date' if current == text else 'stale: run python -m generator.tools.docs'}")
        return 0 if current == text else 1
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {'up to date' if current == text else 'updated'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
