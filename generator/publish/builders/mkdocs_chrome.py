"""What Material prints into every page and only a script reads, served once a site as a cached
script rather than repeated in every page.

Two parts of Material's page are the same on every page of a site but for the way up to its
root, and do nothing without scripts: the search dialog (its form, buttons, icons and result
list, about 1.7 KB) and the `__config` JSON (the search interface's words and the theme's
features, about 0.8 KB). On a site of many short pages they are a fifth of each page.

Here they leave the page for one script of the site, `assets/javascripts/quanze-chrome.<digest>.js`,
loaded where the JSON was, before Material's bundle: it puts the JSON back, with the site's root
found from its own address, and fills the search dialog left empty in the page. The digest
names the script's content, so a browser's cached copy is never stale. A page is changed only
when both parts are found and are those of the site's first page (its own way up aside); any
other page keeps them, so a theme whose pages differ is left as it is.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

#: Material's JSON (base.html, block `config`): escaped for HTML by Jinja's `tojson`, so no `<` inside.
_CONFIG = re.compile(r'<script id="__config" type="application/json">([^<]*)</script>')
#: Material's search dialog (partials/search.html); its content ends at the matching `</div>`.
_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_DIV = re.compile(r"<div[\s>]|</div>")

FOLDER = "assets/javascripts"
ENABLED = True
"""False to keep both parts in every page (tests compare the two)."""


class Chrome:
    """The chrome shared by the pages of one site (`page` for each rendered page, in order; then
    `write` into the built site)."""

    def __init__(self) -> None:
        self.shared: tuple[dict, str] | None = None  # the JSON without its base, the dialog's content
        self.name: str | None = None  # the script's file name

    def page(self, html: str) -> str:
        """The page with its JSON and search dialog left to the site's script, when they are the site's."""
        found = _parts(html)
        if found is None:
            return html
        config_span, base, config, dialog_span, dialog = found
        if self.shared is None:
            self.shared = (config, dialog)
            self.name = f"quanze-chrome.{hashlib.sha256(self.script().encode()).hexdigest()[:8]}.js"
        elif (config, dialog) != self.shared:
            return html
        src = posixpath.normpath(posixpath.join(base, FOLDER, self.name))
        (dialog_start, dialog_end), (config_start, config_end) = dialog_span, config_span
        return "".join([html[:dialog_start], html[dialog_end:config_start], f'<script src="{src}"></script>',
                        html[config_end:]])

    def script(self) -> str:
        """The script that gives a page back what `page` took."""
        config, dialog = self.shared
        values = {"CONFIG": _js(config), "DIALOG": _js(dialog)}
        return re.sub(r"\b(CONFIG|DIALOG)\b", lambda match: values[match.group(1)], _SCRIPT)

    def write(self, site_dir: Path) -> None:
        """Write the script into the built site, when a page uses it."""
        if self.name is None:
            return
        path = Path(site_dir) / FOLDER / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.script(), encoding="utf-8")


def _js(value) -> str:
    """A JSON value as JavaScript, U+2028 and U+2029 escaped (older engines end a string there)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _parts(html: str):
    """(the JSON's span, the page's way up, the JSON without it, the dialog's content span, the
    content) or None when the page has not both, one dialog before the JSON, or a JSON whose search
    worker is not under the way up."""
    start = html.find(_DIALOG)
    if start < 0 or html.find(_DIALOG, start + 1) >= 0:
        return None
    inner = start + len(_DIALOG)
    depth, end = 1, None
    for match in _DIV.finditer(html, inner):
        depth += 1 if match.group(0) != "</div>" else -1
        if depth == 0:
            end = match.start()
            break
    config = _CONFIG.search(html, end) if end is not None else None
    if config is None or _CONFIG.search(html, config.end()) is not None:
        return None
    try:
        value = json.loads(config.group(1))
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("base"), str) or not isinstance(value.get("search"), str):
        return None
    base = value.pop("base")
    prefix = "" if base in ("", ".") else base.rstrip("/") + "/"
    if not value["search"].startswith(prefix) or "://" in value["search"]:
        return None
    search = posixpath.normpath(value["search"][len(prefix):])
    if search.startswith(("..", "/")) or search == ".":
        return None
    value["search"] = search
    return (config.start(), config.end()), base, value, (inner, end), html[inner:end]


#: The script: the way up is the way from this script's folder (assets/javascripts) to the root.
_SCRIPT = """\
/* The search dialog and the theme's settings this site's pages share (quanze). */
(function () {
  "use strict";
  var script = document.currentScript, root = new URL("../../", script.src);
  var config = CONFIG;
  config.base = root.href;
  config.search = new URL(config.search, root).href;
  var json = document.createElement("script");
  json.id = "__config";
  json.type = "application/json";
  json.textContent = JSON.stringify(config);
  script.parentNode.insertBefore(json, script);
  var dialog = document.querySelector('[data-md-component="search"]');
  if (dialog && !dialog.firstChild) dialog.innerHTML = DIALOG;
})();
"""
