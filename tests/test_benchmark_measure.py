"""The benchmarks' measuring helpers: nothing deleted while builds are measured."""

from __future__ import annotations

from pathlib import Path

from benchmarks.measure import Trash, file_system


def test_the_trash_moves_folders_aside_and_deletes_them_only_when_emptied(tmp_path):
    site = tmp_path / "site-1000-quanze"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("x", encoding="utf-8")
    kept_inode = (site / "a" / "index.html").stat().st_ino
    again = tmp_path / "other" / "site-1000-quanze"  # (the same name from another folder)
    again.mkdir(parents=True)
    trash = Trash(tmp_path / ".trash")
    trash.put(site)
    trash.put(again)
    trash.put(tmp_path / "missing")  # (nothing there: nothing to do)
    assert not site.exists() and not again.exists()
    moved = sorted((tmp_path / ".trash").iterdir())
    assert len(moved) == 2
    assert (moved[0] / "a" / "index.html").stat().st_ino == kept_inode  # moved, not copied and deleted
    trash.empty()
    assert not (tmp_path / ".trash").exists()


def test_a_folder_it_cannot_move_is_deleted_at_the_end(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    trash = Trash(tmp_path / ".trash")
    monkeypatch.setattr(Path, "rename", lambda self, target: (_ for _ in ()).throw(OSError(18, "cross-device")))
    trash.put(cache)
    assert cache.exists()  # (left where it is till the end)
    trash.empty()
    assert not cache.exists()


def test_the_file_system_of_a_folder_is_named_by_its_longest_mount_point(tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/vda / ext4 rw 0 0\ntmpfs /var/tmp/fast tmpfs rw 0 0\n", encoding="utf-8")
    real = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: real(mounts, *a, **k)
                        if str(self) == "/proc/mounts" else real(self, *a, **k))
    assert file_system(Path("/var/tmp/fast/site")) == {"type": "tmpfs", "mount": "/var/tmp/fast"}
    found = file_system(Path("/var/tmp/other"))
    assert found["type"] == "ext4" and found["mount"] == "/"
    assert found["journal"] == any(Path("/proc/fs/jbd2").glob("vda-*"))


def test_the_disk_a_folder_takes_is_counted_as_du_counts_it(tmp_path):
    import shutil
    import subprocess

    from benchmarks.measure import folder_bytes, folder_disk_bytes

    site = tmp_path / "site"
    for n in range(5):
        (site / f"a{n}").mkdir(parents=True)
        (site / f"a{n}" / "index.html").write_bytes(b"x" * (100 + n))
    (site / "a0" / "again.html").hardlink_to(site / "a0" / "index.html")  # (counted once, as du does)
    assert folder_bytes(site) == 610
    assert folder_disk_bytes(site) >= folder_bytes(site)
    if shutil.which("du"):  # (GNU du: the same blocks)
        du = subprocess.run(["du", "-s", "--block-size=1", str(site)], capture_output=True, text=True)
        if du.returncode == 0:
            assert folder_disk_bytes(site) == int(du.stdout.split()[0])
