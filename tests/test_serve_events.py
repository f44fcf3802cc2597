"""Which file events the preview server rebuilds on: one save is one rebuild, however the editor
writes it, and the preview's own output and editors' temporary files are no edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from generator.publish.builders.mkdocs import relevant

ROOT = Path("/p/content")
IGNORED = [Path("/p/content/.build")]


@pytest.mark.parametrize("event", [
    FileModifiedEvent("/p/content/agencies/a.yaml"),
    FileCreatedEvent("/p/content/agencies/new.yaml"),
    FileDeletedEvent("/p/content/agencies/a.yaml"),
    FileMovedEvent("/p/content/agencies/.a.yaml.x1.tmp", "/p/content/agencies/a.yaml"),  # written, renamed into place
    FileMovedEvent("/p/content/agencies/a.yaml", "/p/content/agencies/b.yaml"),            # a file renamed
])
def test_edits(event):
    assert relevant(event, ROOT, IGNORED)


@pytest.mark.parametrize("event", [
    DirModifiedEvent("/p/content/agencies"),
    FileOpenedEvent("/p/content/agencies/a.yaml"),                     # the rebuild reading the content
    FileClosedNoWriteEvent("/p/content/agencies/a.yaml"),
    FileClosedEvent("/p/content/agencies/a.yaml"),                     # (its modification is the edit)
    FileCreatedEvent("/p/content/agencies/.a.yaml.swp"),               # vim
    FileModifiedEvent("/p/content/agencies/.a.yaml.swx"),
    FileCreatedEvent("/p/content/agencies/4913"),                      # vim's test of the folder
    FileCreatedEvent("/p/content/agencies/a.yaml~"),                   # backups
    FileMovedEvent("/p/content/agencies/a.yaml", "/p/content/agencies/a.yaml~"),  # the old copy put aside
    FileCreatedEvent("/p/content/agencies/#a.yaml#"),                  # emacs
    FileCreatedEvent("/p/content/agencies/.#a.yaml"),
    FileCreatedEvent("/p/content/agencies/a.yaml___jb_tmp___"),        # JetBrains' safe write
    FileMovedEvent("/p/content/agencies/a.yaml", "/p/content/agencies/a.yaml___jb_old___"),
    FileCreatedEvent("/p/content/agencies/.a.yaml.k2j3.tmp"),          # quanze's own atomic writes
    FileModifiedEvent("/p/content/.build/docs/index.md"),              # the preview's output
    FileModifiedEvent("/p/content/.git/index"),
    FileModifiedEvent("/p/content/agencies/__pycache__/x.pyc"),
    FileModifiedEvent("/elsewhere/a.yaml"),
])
def test_no_edits(event):
    assert not relevant(event, ROOT, IGNORED)


def test_a_save_through_a_temporary_file_is_one_rebuild(tmp_path):
    """What an editor's save does on disk, seen by the file-system observer: the events it lets
    through all come within the server's wait, so MkDocs' loop runs one build for them."""
    import threading
    import time

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    content = tmp_path / "content" / "agencies"
    content.mkdir(parents=True)
    target = content / "a.yaml"
    target.write_text("name: 一\n", "utf-8")
    seen, every, lock = [], [], threading.Lock()
    sentinel = tmp_path / "content" / "after-the-save.txt"

    def note(event) -> None:
        with lock:
            every.append(event)
            if relevant(event, tmp_path / "content", []):
                seen.append(event)

    def sentinel_seen() -> bool:
        with lock:
            return any(Path(e.src_path) == sentinel for e in every)

    handler = FileSystemEventHandler()
    handler.on_any_event = note
    observer = Observer()
    observer.schedule(handler, str(tmp_path / "content"), recursive=True)
    observer.start()
    try:
        (content / "4913").write_text("", "utf-8")
        (content / "4913").unlink()
        (content / ".a.yaml.swp").write_text("swap", "utf-8")
        temporary = content / ".a.yaml.tmp"
        temporary.write_text("name: 二\n", "utf-8")
        temporary.replace(target)
        (content / ".a.yaml.swp").unlink()
        sentinel.write_text("", "utf-8")  # events come in order: once this one is seen, the save's have come
        deadline = time.monotonic() + 10
        while not sentinel_seen() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert sentinel_seen(), "the observer reported nothing within 10 s"
    finally:
        observer.stop()
        observer.join()
    names = [Path(getattr(e, "dest_path", "") or e.src_path).name for e in seen]
    assert [name for name in names if name != sentinel.name] == ["a.yaml"]
