"""The second door: the events of the hook that plain `mkdocs build` and `mkdocs serve` run in a
project whose mkdocs.yml names `generator/mkdocs_hook.py` under `hooks:` (that file, which MkDocs
loads by its path, hands on these). `quanze build` and `quanze serve` do not use them.

Before MkDocs reads the docs folder, the project (the folder of mkdocs.yml) is rendered into
it by the same step a quanze build runs; `mkdocs serve` watches content/ and the project's
templates; after the build the search index is rewritten as a quanze build writes it, and
the site is packed into a zip.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ...errors import ContentError
from ...project import Project
from ..pipeline import render_docs
from ..sitedir import write_site_zip
from . import mkdocs as builder

log = logging.getLogger("mkdocs.hooks.quanze")


def project(config) -> Project:
    return Project(Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd())


def on_config(config):
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary banner is not news
    builder.cache_segmentation()
    try:
        changed = render_docs(project(config), Path(config.docs_dir))
    except ContentError as exc:  # MkDocs prints a PluginError as a clean message and stops
        raise PluginError(f"{len(exc.problems)} content error(s):\n{exc}") from None
    log.debug("quanze: %d pages written", len(changed))
    return config


_chrome = builder.SharedChrome()


def on_pre_build(config):
    _chrome.on_config(config)


def on_env(env, config, files):
    return builder.TemplateCache().on_env(env, config, files)


def on_page_markdown(markdown, page, config, files):
    return builder.HtmlPages().on_page_markdown(markdown, page, config, files)


def on_post_page(output, page, config):
    return _chrome.on_post_page(builder.HtmlPages().on_post_page(output, page, config), page, config)


def on_serve(server, config, builder):
    for folder in project(config).watched():
        server.watch(str(folder))
    return server


@event_priority(-200)  # after the offline plugin (-100) has written search/search_index.js
def on_post_build(config):
    _chrome.on_post_build(config)
    builder.finish_search_index(Path(config.site_dir))
    builder.leave_out_unused_assets(Path(config.site_dir), config)
    write_site_zip(Path(config.site_dir))
