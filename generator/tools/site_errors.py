"""A build's and a preview's failures as one line a user can act on, at the edge where the
command line calls them: an address the preview cannot listen on (refused before anything is
built), a page template of the project that does not parse, a setting MkDocs refuses.

MkDocs reports a refused setting as `Config value 'theme': ...` (checked against MkDocs 1.6);
`config_error` places it at the setting's line of the project's mkdocs.yml.
"""

from __future__ import annotations

import contextlib
import errno
import re
from pathlib import Path

from ..errors import Problem, QuanzeError
from ..i18n import _
from ..project import Project


def check_address(dev_addr: str) -> None:
    """Refuse an address the preview server could not listen on (taken, or not this machine's)."""
    import socket

    host, _colon, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise QuanzeError(_("--dev-addr {address}: expected HOST:PORT, e.g. --dev-addr 127.0.0.1:8000").format(
            address=dev_addr))
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host.strip("[]"), int(port),
                                                                 type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
            probe.bind(address)
    except OSError as exc:
        why = (_("is in use (a preview already running?)") if exc.errno == errno.EADDRINUSE
               else _("cannot be used: {why}").format(why=exc.strerror or exc))
        raise QuanzeError(_("{address} {why}; give another address with --dev-addr, e.g. --dev-addr {other}").format(
            address=dev_addr, why=why, other=f"{host}:{int(port) + 1}")) from None


@contextlib.contextmanager
def site_errors(project: Project):
    """A page template that does not parse, or a MkDocs setting MkDocs refuses, as one line at its
    file and line."""
    import jinja2

    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = _shown(Path(exc.filename)) if exc.filename else exc.name
        raise QuanzeError(str(Problem(str(where), exc.lineno or 0, 0, "error",
                                      _("template syntax: {message}").format(message=exc.message))),

                          ) from None
    except QuanzeError as exc:
        raise config_error(exc, project.config_file) from None


_CONFIG_VALUE = re.compile(r"^(?:error: )?Config value '([^']+)': (.*)$")


def config_error(exc: QuanzeError, config_file: Path) -> QuanzeError:
    """MkDocs' own report of a setting it refuses ("Config value 'theme': ..." and "Aborted with
    a configuration error!"), as one line at the setting in the configuration file."""
    found = [_CONFIG_VALUE.match(line) for line in str(exc).splitlines()]
    if not any(found):
        return exc
    lines = _key_lines(config_file)
    problems = [str(Problem(str(_shown(config_file)), lines.get(m.group(1).split(".")[0], 0), 0, "error",
                            f"{m.group(1)}: {m.group(2)}")) for m in found if m]
    return QuanzeError("\n".join(problems))


def _key_lines(config_file: Path) -> dict[str, int]:
    """Top-level key of a YAML file -> its line (1-based)."""
    return {m.group(1): n for n, line in enumerate(config_file.read_text("utf-8", "replace").splitlines(), 1)
            if (m := re.match(r"([A-Za-z_][\w-]*)\s*:", line))}


def _shown(path: Path) -> Path:
    """A path as a user names it: relative to the current folder when inside it."""
    path = Path(path).resolve()
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
