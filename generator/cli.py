"""The `quanze` command line: a thin layer over the library.

Each command parses its options, calls one library function and prints. User errors
(`QuanzeError`) become a one-line message and exit status 1; a bug keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from . import __version__
from .content.vocab import ADMIN_LEVELS
from .errors import ContentError, QuanzeError
from .escape import for_terminal
from .i18n import LANGUAGES, _, language_in, use
from .processes import available_cpus, collect_less
from .project import Project, find_project
from .publish.builders import BUILDERS
from .publish.current import AUTO_AGENCIES


def project_of(args: argparse.Namespace) -> Project:
    """The project the command works on: --project (default: the current folder), with
    --content in place of its content folder if given."""
    project = find_project(args.project, args.content)
    args.content = project.content_dir
    return project


def cmd_build(args: argparse.Namespace) -> int:
    from .publish.current import BuildOptions, check

    if args.only and args.shard_by == "none":
        raise QuanzeError(_("--only names sub-sites of a sharded build: add --shard-by region or --shard-by agency"))
    project = project_of(args)
    options = BuildOptions(shard_by=args.shard_by, jobs=args.jobs, only=tuple(args.only or ()),
                           strict=not args.no_strict, zip_site=not args.no_zip, builder=args.builder)
    site_dir = args.site_dir.resolve() if args.site_dir else project.root / "site"
    found = check(project, site_dir, options)
    if found.current:  # (answered before the content's models, the renderer and the builder are imported)
        print(found.summary(site_dir))
        return 0
    from .publish.pipeline import build
    from .tools.site_errors import site_errors

    with site_errors(project):
        print(build(project, site_dir, options, found))
    return 0


def cmd_shards(args: argparse.Namespace) -> int:
    from .publish.pipeline import read_corpus
    from .publish.plan import changed_sites, choose, listing

    corpus = read_corpus(project_of(args))
    by = choose(corpus, args.shard_by)
    shards = listing(corpus, by)
    if args.changed and by is not None:
        from .tools.diff import changed_files, powers_at

        root = project_of(args).root
        changed = changed_files(args.changed, root)
        agencies = {Path(p).stem for p in changed if p.startswith("content/agencies/")}
        touched = set(changed_sites(corpus, by, changed, powers_at(args.changed, root, agencies)))
        shards = [s for s in shards if s["id"] in touched]
    if args.ids:
        print(json.dumps([s["id"] for s in shards]))
    elif args.json:
        print(json.dumps(shards, ensure_ascii=False, indent=2))
    else:
        for s in shards:
            weight = s["estimate"]
            print(_("{id:<24} {agencies:>5} agencies {powers:>7} powers  index {index:>6.2f} MB {files:>7} files "
                    "{size:>8.1f} MB  {title}").format(
                id=s["id"], agencies=len(s["agencies"]), powers=s["powers"], index=weight["index_bytes"] / 1e6,
                files=weight["files"], size=weight["bytes"] / 1e6, title=s["title"]))
    return 0


def cmd_assemble(args: argparse.Namespace) -> int:
    from .publish.assemble import assemble

    print(assemble(args.folders, args.site_dir))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from .publish.pipeline import serve
    from .tools.site_errors import check_address, site_errors

    project = project_of(args)
    check_address(args.dev_addr)  # before anything is built
    before = signal.signal(signal.SIGTERM, _stop)  # (a service manager, `kill`, a closed terminal's shell)
    try:
        with site_errors(project):
            serve(project, dev_addr=args.dev_addr)
    finally:
        signal.signal(signal.SIGTERM, before)
    return 0


def _stop(signum, frame) -> None:
    """SIGTERM ends a preview as Ctrl-C does: the server stops and its temporary folder is removed."""
    raise KeyboardInterrupt


def cmd_init(args: argparse.Namespace) -> int:
    from .tools.init import init_project

    name, region = args.name, args.region
    if sys.stdin.isatty() and name is None:
        name = input(_("department or government whose lists the site holds (e.g. 某某县应急管理局; empty: none): "))
    if sys.stdin.isatty() and region is None:
        region = input(_("region it serves, from province down (e.g. 某某省某某市某某县; empty: none): "))
    operator, contact = args.operator, args.contact
    if sys.stdin.isatty() and operator is None:
        operator = input(_("who runs the site, for its about page (e.g. 某某县司法局; empty: not stated): "))
    if sys.stdin.isatty() and contact is None:
        contact = input(_("how to reach them (e.g. 电话 0000-0000000; empty: not stated): "))
    print(init_project(args.folder, bare=args.bare, agency_id=args.agency, name=name, region=region,
                       operator=operator, contact=contact))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .tools.check import run_check

    report = run_check(project_of(args).content_dir, strict=args.strict)
    if args.catalogue:
        return check_catalogue(args, report)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(problem)
        print(report.summary())
    return 0 if report.ok else 1


def check_catalogue(args: argparse.Namespace, report) -> int:
    """`quanze check --catalogue ID`: the problems, then every list against the catalogue.
    Differences from the catalogue are findings: they fail the check only with --strict."""
    from .tools.catalogue import catalogue_report

    if args.format == "json":
        found = catalogue_report(report.corpus, args.catalogue)
        print(json.dumps(report.as_dict() | {"catalogue": found.as_dict(report.corpus)}, ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(problem)
        found = catalogue_report(report.corpus, args.catalogue)
        for line in found.text(report.corpus):
            print(for_terminal(line))
        print(_("{summary}; catalogue {catalogue}: {findings} findings").format(
            summary=report.summary(), catalogue=args.catalogue, findings=found.findings))
    return 0 if report.ok and not (args.strict and found.findings) else 1


def cmd_catalogue_derive(args: argparse.Namespace) -> int:
    from .content.reader import load_corpus
    from .fileio import write_atomic
    from .tools.catalogue import catalogue_yaml, derive_catalogue

    text = catalogue_yaml(derive_catalogue(load_corpus(project_of(args).content_dir), args.id, args.min_lists))
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(args.output, text)
        print(_("wrote {path}").format(path=for_terminal(str(args.output))))
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importers import check_output, import_source, is_folder, several_departments, write_agency, write_folder

    folder = args.output is not None and is_folder(args.output)
    if args.output and not folder:
        check_output(args.output, force=args.force)  # before the list is read
    meta = {"name": args.name, "region": args.region, "level": args.level, "title": args.title}
    project = project_of(args)
    result = import_source(args.source, fmt=args.format, agency_id=args.output.stem if args.output and not folder
                           else None, columns=args.columns, meta=meta, statutes_dir=project.statutes_dir)
    report = "\n".join(for_terminal(line) for line in result.report.text().splitlines())
    if result.report.powers == 0:
        print("error: " + _("{source}: no power found; nothing written (what was read follows; map a column with "
                            "--columns 'HEADER=field' or pass --format)").format(source=for_terminal(args.source)),
              file=sys.stderr)
        print(report, file=sys.stderr)
        return 1
    if result.departments and not folder:
        print(f"error: {for_terminal(several_departments(args.source, result))}", file=sys.stderr)
        print(report, file=sys.stderr)
        return 1
    if folder:
        print(report, file=sys.stderr)
        written = write_folder(args.output, result, force=args.force)
        print("\n".join(for_terminal(line) for line in written.lines), file=sys.stderr)
        print(registry_after_import(project, written.paths[0]), file=sys.stderr)
        return 0
    if not args.output:
        sys.stdout.write(result.yaml)
        print(report, file=sys.stderr)
        return 0
    replaced = write_agency(args.output, result)
    print(report, file=sys.stderr)
    if replaced:
        print(for_terminal(replaced), file=sys.stderr)
    print(registry_after_import(project, args.output), file=sys.stderr)
    return 0


def registry_after_import(project: Project, output: Path) -> str:
    """Add the statutes the imported list cites to the registry, as `quanze registry update`
    does; when it cannot, the one command that does, and why."""
    from .tools.registry_update import update_registry

    command = "quanze registry update" + (f" --project {project.root}" if project.root != Path.cwd().resolve() else "")
    if output.resolve().parent != project.agencies_dir.resolve():
        return _("the statutes it cites are not in the registry: {file} is outside {folder}; move it there and "
                 "run: {command}").format(file=for_terminal(str(output)),
                                          folder=for_terminal(str(project.agencies_dir)), command=command)
    try:
        return _("statute registry: ") + update_registry(project.content_dir).text()
    except ContentError as exc:
        return _("the statutes it cites are not in the registry yet: the content has {n} problem(s) (`quanze check` "
                 "lists them); once they are fixed, run: {command}").format(n=len(exc.problems), command=command)
    except (QuanzeError, OSError) as exc:
        return _("the statutes it cites are not in the registry yet ({why}); run: {command}").format(
            why=for_terminal(str(exc)), command=command)


def cmd_diff(args: argparse.Namespace) -> int:
    from .tools.diff import diff_report

    print(diff_report(args.base, args.head, content=project_of(args).content_dir), end="")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    from .tools.fmt import format_paths

    changed = format_paths(args.paths or [project_of(args).content_dir], check=args.check)
    for path in changed:
        print((_("would reformat {path}") if args.check else _("reformatted {path}")).format(path=path))
    return 1 if (args.check and changed) else 0


def cmd_new(args: argparse.Namespace) -> int:
    from .tools.scaffold import new_power

    print(new_power(args.agency, content=project_of(args).content_dir, power_id=args.id, name=args.name))
    return 0


def cmd_registry(args: argparse.Namespace) -> int:
    from .tools.registry_update import update_registry

    print(update_registry(project_of(args).content_dir).text())
    return 0


def cmd_import_statute(args: argparse.Namespace) -> int:
    from .law.importer import import_statute

    print(import_statute(args.file, project_of(args).content_dir, statute_id=args.id, label=args.label).text())
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .tools.schema import write_schemas

    output = args.output or (Path(args.project) if args.project else Path.cwd()) / "schema"
    for path in write_schemas(output):
        print(path)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="quanze", description=_("Publish 权责清单 as a cross-linked static site."))
    p.add_argument("--version", action="version", version=f"quanze {__version__}", help=_("print the version and exit"))
    add_project_options(p, default=None)
    common = argparse.ArgumentParser(add_help=False)  # the same options after the command: `quanze check --project X`
    add_project_options(common, default=argparse.SUPPRESS)
    p.add_argument("--lang", choices=sorted(LANGUAGES), metavar="{zh,en}",
                   help=_("language of messages and help: zh (中文) or en (English); default: the locale (LANG)"))
    common.add_argument("--lang", choices=sorted(LANGUAGES), default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))

    def command(parent, name: str, **options) -> argparse.ArgumentParser:
        return parent.add_parser(name, parents=[common], **options)

    it = command(sub, "init", help=_("start a new project: an agency file to fill, the statute registry, a CI workflow"))
    it.add_argument("folder", type=Path, help=_("the new project's folder (absent or empty)"))
    registry = it.add_mutually_exclusive_group()
    registry.add_argument("--bare", action="store_const", const=True, dest="bare",
                          help=_("start with an empty statute registry (the default with --name or --region)"))
    registry.add_argument("--default-statutes", action="store_const", const=False, dest="bare",
                          help=_("copy the statute registry of quanze's default content (medical-security lists; "
                               "the default without --name and --region)"))
    it.add_argument("--agency", metavar="ID", default="my-agency", help=_("id of the agency file (default: my-agency)"))
    it.add_argument("--name", help=_("the department or government whose lists the site holds, e.g. 某某县应急管理局 "
                                   "(asked when absent at a terminal; else the site names its agencies)"))
    it.add_argument("--region", help=_("the region it serves, from province down, e.g. 某某省某某市某某县"))
    it.add_argument("--operator", help=_("who runs the site, named on its about page, e.g. 某某县司法局 (asked at a terminal)"))
    it.add_argument("--contact", help=_("how to reach them, e.g. 电话 0000-0000000 (asked at a terminal)"))
    it.set_defaults(func=cmd_init)

    b = command(sub, "build", help=_("build the site (strict) into site/"))
    b.add_argument("--site-dir", type=Path, help=_("default: site/ of the project"))
    b.add_argument("--builder", choices=BUILDERS, default="mkdocs",
                   help=_("the static-site builder: mkdocs (Material, the default) or zensical"))
    b.add_argument("--no-strict", action="store_true", help=_("do not fail on MkDocs warnings"))
    b.add_argument("--no-zip", action="store_true", help=_("do not offer a zip of the site"))
    b.add_argument("--shard-by", choices=["auto", "none", "region", "agency"], default="auto",
                   help=_("build sub-sites per province or per agency, each with its own search (default auto: "
                          "one site up to {agencies} agencies while it stays within a deploy unit's limits, else "
                          "units by weight: a province, split by city, county and department while over them; "
                          "a sharded site has no zip)").format(agencies=AUTO_AGENCIES))
    b.add_argument("--jobs", type=int, default=available_cpus(), help=_("sub-sites built at once (default: CPU count)"))
    b.add_argument("--only", nargs="+", metavar="SHARD", help=_("build only these sub-sites (see `quanze shards`)"))
    b.set_defaults(func=cmd_build)

    sh = command(sub, "shards", help=_("list the units of a build with their estimated weight, for a CI matrix (a "
                                       "site built as one is the one unit top)"))
    sh.add_argument("--shard-by", choices=["auto", "region", "agency"], default="auto",
                    help=_("plan sub-sites per province or per agency (default auto, as `quanze build`)"))
    sh.add_argument("--json", action="store_true", help=_("JSON: id, title, agencies, powers and estimated weight "
                                                           "(search-index bytes, files, bytes) of each sub-site"))
    sh.add_argument("--ids", action="store_true", help=_("a JSON list of the sub-site ids only"))
    sh.add_argument("--changed", metavar="BASE", help=_("only the sub-sites that the changes since git revision BASE "
                                                      "touch (e.g. origin/main in a pull request)"))
    sh.set_defaults(func=cmd_shards)

    a = command(sub, "assemble", help=_("put together the units built apart (`quanze build --only UNIT --site-dir "
                                        "FOLDER`, one per CI runner) into the site one build makes"))
    a.add_argument("folders", nargs="+", type=Path, metavar="FOLDER", help=_("a folder of built units"))
    a.add_argument("--site-dir", type=Path, default=Path("site"), help=_("the site to write (default: site)"))
    a.set_defaults(func=cmd_assemble)

    s = command(sub, "serve", help=_("preview the site, rebuilding on changes"))
    s.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help=_("the address to serve on (default: 127.0.0.1:8000)"))
    s.set_defaults(func=cmd_serve)

    c = command(sub, "check", help=_("validate content/ and report every problem"))
    c.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    c.add_argument("--format", choices=["text", "json"], default="text",
                   help=_("text: one line a problem (default); json: the report as data"))
    c.add_argument("--catalogue", metavar="ID", help=_("also hold every list against content/catalogues/ID.yaml: "
                                                     "missing, extra, renamed items and mismatches (findings; "
                                                     "they fail the check only with --strict)"))
    c.set_defaults(func=cmd_check)

    ca = command(sub, "catalogue", help=_("reference catalogues (content/catalogues)"))
    casub = ca.add_subparsers(dest="what", required=True, metavar="WHAT", title=_("what"))
    cd = command(casub, "derive", help=_("derive a catalogue from the items that several lists share"))
    cd.add_argument("id", help=_("catalogue id (the file name stem)"))
    cd.add_argument("--min-lists", type=int, default=2, help=_("lists that must carry an item (default: 2)"))
    cd.add_argument("-o", "--output", type=Path, help=_("write the YAML here (default: print it)"))
    cd.set_defaults(func=cmd_catalogue_derive)

    i = command(sub, "import", help=_("import a published list (.docx, .xlsx, .html, .pdf, .csv or page text)"))
    i.add_argument("source", type=Path, help=_("the published list: a Word, Excel, PDF, HTML, CSV or text file"))
    i.add_argument("-o", "--output", type=Path, help=_("write the agency YAML here (its stem is the agency id; "
                   "default: print it); a folder (no .yaml ending) gets one file per department of a catalogue"))
    i.add_argument("--force", action="store_true", help=_("replace an existing --output file (says which powers "
                                                        "were added, removed and changed)"))
    i.add_argument("--format", choices=["auto", "docx", "xlsx", "html", "pdf", "csv", "tab", "pipe", "pdftext", "tsv"],
                   default="auto", help=_("default: told from the file's bytes and text"))
    i.add_argument("--columns", action="append", metavar="HEADER=FIELD",
                   help=_("map a printed column to a field, e.g. '权力事项=name' (repeatable; FIELD extra keeps it as printed)"))
    i.add_argument("--name", help=_("the agency's name (default: from the list's title)"))
    i.add_argument("--region", help=_("the region it serves, from province down, e.g. 宁夏回族自治区银川市西夏区"))
    i.add_argument("--level", choices=ADMIN_LEVELS, help=_("administrative level (default: from the place words of the name)"))
    i.add_argument("--title", help=_("the list's title as published (default: from the document)"))
    i.set_defaults(func=cmd_import)

    d = command(sub, "diff", help=_("Markdown change report between two git revisions"))
    d.add_argument("base", help=_("the git revision to compare with, e.g. origin/main"))
    d.add_argument("head", nargs="?", default=None, help=_("default: the working tree"))
    d.set_defaults(func=cmd_diff)

    f = command(sub, "fmt", help=_("rewrite YAML in canonical order and style"))
    f.add_argument("paths", nargs="*", type=Path, help=_("files or folders (default: the content folder)"))
    f.add_argument("--check", action="store_true", help=_("only list files that would change; exit 1 if any"))
    f.set_defaults(func=cmd_fmt)

    n = command(sub, "new", help=_("scaffold new content"))
    nsub = n.add_subparsers(dest="what", required=True, metavar="WHAT", title=_("what"))
    np_ = command(nsub, "power", help=_("append a power with every field to an agency"))
    np_.add_argument("agency", help=_("agency id"))
    np_.add_argument("--id", help=_("power id (default: next free)"))
    np_.add_argument("--name", help=_("power name"))
    np_.set_defaults(func=cmd_new)

    r = command(sub, "registry", help=_("maintain the statute registry (content/statutes)"))
    rsub = r.add_subparsers(dest="what", required=True, metavar="WHAT", title=_("what"))
    ru = command(rsub, "update", help=_("add or update a statute file for every statute the agency lists cite"))
    ru.set_defaults(func=cmd_registry)

    ist = command(sub, "import-statute", help=_("add an official statute text (Markdown) to the registry"))
    ist.add_argument("file", type=Path, help=_("the statute in Markdown: # title, issuance lines, <!-- INFO END -->, 第X条 …"))
    ist.add_argument("--id", help=_("statute id (default: the registry's id for the title)"))
    ist.add_argument("--label", help=_("name of this version (default: the year of its issuance lines or file name)"))
    ist.set_defaults(func=cmd_import_statute)

    sc = command(sub, "schema", help=_("write the JSON Schemas for agency and statute files"))
    sc.add_argument("-o", "--output", type=Path, help=_("default: schema/ of the project"))
    sc.set_defaults(func=cmd_schema)
    return p


def add_project_options(p: argparse.ArgumentParser, default) -> None:
    """--project and --content, taken before the command or after it (`default` SUPPRESS after
    it, so that an option given before is kept when it is not given again)."""
    p.add_argument("--project", type=Path, metavar="DIR", default=default,
                   help=_("the project folder (default: the current folder)"))
    p.add_argument("--content", type=Path, metavar="DIR", default=default,
                   help=_("content folder (default: content/ of the project)"))


def main(argv: list[str] | None = None) -> int:
    use(language_in(sys.argv[1:] if argv is None else argv))  # before the parser writes its help
    cli = parser()
    args = cli.parse_args(argv)
    if args.command is None:  # bare `quanze`: what it can do
        cli.print_help()
        return 0
    collect_less()
    try:
        return args.func(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("quanze: " + _("{n} error(s); nothing was written").format(n=len(exc.problems)), file=sys.stderr)
        return 1
    except QuanzeError as exc:
        print(error_text(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("quanze: " + _("interrupted"), file=sys.stderr)

        return 130
    except BrokenPipeError:  # `quanze check --format json | head`: the reader left, not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # a full disk, a read-only folder, a missing file: the system said no
        where = f": {for_terminal(exc.filename)}" if exc.filename else ""
        print(f"quanze: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


_PLACED = re.compile(r"^.+?(?::\d+)*: (?:error|warning): ")


def error_text(exc: QuanzeError) -> str:
    """A user error as printed: `quanze: error: ` before it, unless it says where and `error:` itself."""
    lines = [for_terminal(line) for line in str(exc).splitlines()] or [""]
    if lines[0].startswith("error: "):
        lines[0] = lines[0].removeprefix("error: ")
    return "\n".join(lines) if _PLACED.match(lines[0]) else "quanze: error: " + "\n".join(lines)
