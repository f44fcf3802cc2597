"""The file a project's mkdocs.yml names under `hooks:` for plain `mkdocs build` and `mkdocs
serve` (MkDocs loads a hook by its path). The events themselves are the builder's, in
`generator/publish/builders/mkdocs_hook.py`: this file only hands them on, so that nothing
outside the builders package knows MkDocs.
"""

from __future__ import annotations

from generator.publish.builders.mkdocs_hook import (  # noqa: F401  (the events MkDocs looks up here)
    on_config,
    on_env,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_pre_build,
    on_serve,
)
