"""clipper.batch: planning (one output folder per episode name), the manifest, skipping what is done,
re-running what changed, failures that leave nothing behind, and the files before/after helpers."""
import json
import os
import shutil
from pathlib import Path

import pytest

from clipper import batch
from clipper.errors import InputError, OutputError

ROOT = Path(__file__).resolve().parents[1]
HEAD = ROOT / "tests/data/episodes/lex-452-head"  # first 23 minutes of chapters/lex-452


def episode(root: Path, name: str) -> Path:
    d = root / name
    shutil.copytree(HEAD, d)
    return d


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- plan --------------------------------------------------------------------------------------


def test_plan_sends_each_episode_to_its_own_folder(tmp_path):
    a, b = episode(tmp_path / "s1", "ep-a"), episode(tmp_path / "s1", "ep-b")
    eps = batch.plan([a, b], tmp_path / "out")
    assert [(e.name, e.folder, e.out) for e in eps] == [("ep-a", a, tmp_path / "out/ep-a"), ("ep-b", b, tmp_path / "out/ep-b")]


def test_two_folders_with_one_name_is_an_error_before_anything_starts(tmp_path):
    a, b = episode(tmp_path / "season1", "pilot"), episode(tmp_path / "season2", "pilot")
    with pytest.raises(InputError, match=r"two episode folders are named 'pilot' .*season1/pilot and .*season2/pilot") as e:
        batch.plan([a, b], tmp_path / "out")
    assert "rename one" in str(e.value)
    with pytest.raises(InputError, match="given twice"):
        batch.plan([a, tmp_path / "season1/../season1/pilot"], tmp_path / "out")
    with pytest.raises(InputError, match="no such episode folder"):
        batch.plan([a, tmp_path / "nope"], tmp_path / "out")
    with pytest.raises(InputError) as e:
        batch.plan([a, a / "summary.txt"], tmp_path / "out")
    assert (e.value.path, e.value.message) == (str(a / "summary.txt"), "is a file, not an episode folder")
    with pytest.raises(InputError, match="no episode folders"):
        batch.plan([], tmp_path / "out")
    for own in (batch.MANIFEST_NAME, batch.LOCK_NAME):
        with pytest.raises(InputError, match="may not be named .*the batch's own file"):
            batch.plan([episode(tmp_path / "odd", own)], tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- runs --------------------------------------------------------------------------------------


def test_batch_runs_skips_and_reruns_what_changed(tmp_path):
    src = tmp_path / "eps"
    a, b = episode(src, "a"), episode(src, "b")
    bad = episode(src, "bad")
    (bad / "summary.txt").unlink()
    out = tmp_path / "out"
    seen, calls = [], []
    eps = batch.plan([a, b, bad], out)

    r = batch.run_batch(eps, out, jobs=2, progress=lambda s, f: calls.append(f), on_outcome=seen.append)
    assert [(o.name, o.status) for o in r.outcomes] == [("a", "done"), ("b", "done"), ("bad", "failed")]
    assert sorted(o.name for o in seen) == ["a", "b", "bad"] and calls[-1] == 1.0 and calls == sorted(calls)
    assert "no summary in the episode folder" in r.failed[0].error and "\n" not in r.failed[0].error
    # outputs are relative to the batch's folder, the report last
    assert r.outcomes[0].chapters == 4 and r.outcomes[0].outputs[-1] == "a/report.html"
    assert "a/chapters/chapters.json" in r.outcomes[0].outputs
    for name in ("a", "b"):
        assert (out / name / "report.html").is_file() and (out / name / "chapters/youtube.txt").is_file()
    assert not (out / "bad").exists()

    m = json.loads((out / "clipper-batch.json").read_text())
    assert m["manifest_version"] == 1 and set(m["episodes"]) == {"a", "b", "bad"}
    ea = m["episodes"]["a"]
    assert ea["status"] == "done" and ea["folder"] == str(a.resolve()) and ea["error"] is None
    assert ea["inputs"][str((a / "transcript.vtt").resolve())][0] == (a / "transcript.vtt").stat().st_size
    assert ea["options"]["min_chapter"] == 10.0 and "out" not in ea["options"] and "force" not in ea["options"]
    assert all((out / p).is_file() for p in ea["outputs"])
    assert m["episodes"]["bad"]["status"] == "failed" and "no summary" in m["episodes"]["bad"]["error"]

    # again: the done ones are skipped (nothing rewritten), the failed one is tried again
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != "clipper-batch.json"}
    r = batch.run_batch(eps, out, jobs=2)
    assert [o.status for o in r.outcomes] == ["skipped", "skipped", "failed"]
    assert {p: p.stat().st_mtime_ns for p in before} == before

    # a changed input, a deleted output: those episodes run again, over their own files without --force
    (b / "summary.txt").write_text((b / "summary.txt").read_text().replace("Scaling laws", "Scaling laws and data"))
    (out / "a/subtitles.srt").unlink()
    r = batch.run_batch(eps, out, jobs=2)
    assert [o.status for o in r.outcomes] == ["done", "done", "failed"]
    assert (out / "a/subtitles.srt").is_file()
    assert "Scaling laws and data" in (out / "b/chapters/youtube.txt").read_text()

    # changed options re-run everything; the same options again skip
    r = batch.run_batch(eps[:2], out, {"min_chapter": 20.0}, jobs=2)
    assert [o.status for o in r.outcomes] == ["done", "done"]
    assert json.loads((out / "clipper-batch.json").read_text())["episodes"]["a"]["options"]["min_chapter"] == 20.0
    assert [o.status for o in batch.run_batch(eps[:2], out, {"min_chapter": 20.0}).outcomes] == ["skipped", "skipped"]
    # quiet/json/force are not options that change the output
    assert [o.status for o in batch.run_batch(eps[:2], out, {"min_chapter": 20.0, "quiet": True}).outcomes] == ["skipped"] * 2
    # force redoes them
    assert [o.status for o in batch.run_batch(eps[:1], out, {"min_chapter": 20.0}, force=True).outcomes] == ["done"]
    assert set(json.loads((out / "clipper-batch.json").read_text())["episodes"]) == {"a", "b", "bad"}
    assert not [p for p in out.rglob(".*") if ".part" in p.name]


def test_files_not_written_by_the_batch_are_not_overwritten(tmp_path):
    a = episode(tmp_path / "eps", "a")
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a/report.html").write_text("someone else's report")
    (r,) = batch.run_batch(batch.plan([a], out), out).outcomes
    assert r.status == "failed" and "--force" in r.error
    assert tree(out / "a") == {"report.html": b"someone else's report"}  # left as it was
    (r,) = batch.run_batch(batch.plan([a], out), out, force=True).outcomes
    assert r.status == "done" and (out / "a/report.html").read_text().startswith("<!DOCTYPE html>")


def test_an_output_the_user_edited_is_not_overwritten_by_a_rerun(tmp_path):
    """QA: a re-run with other options replaced an edited subtitles.srt without --force. The batch's own
    earlier files are replaced (the run log knows them), an edited one fails that episode, as `run` does."""
    a, b = episode(tmp_path / "eps", "a"), episode(tmp_path / "eps", "b")
    out = tmp_path / "out"
    eps = batch.plan([a, b], out)
    assert [o.status for o in batch.run_batch(eps, out, jobs=2).outcomes] == ["done", "done"]
    edited = out / "a/subtitles.srt"
    edited.write_text(edited.read_text() + "EDIT\n")
    kept = tree(out / "a")

    r = batch.run_batch(eps, out, {"min_chapter": 12.0}, jobs=2)
    assert [o.status for o in r.outcomes] == ["failed", "done"]  # b: its own unchanged files, replaced
    assert r.failed[0].error == f"{edited}: changed since an earlier run wrote it; use --force to overwrite it"
    assert tree(out / "a") == kept  # nothing of a's was touched
    m = json.loads((out / "clipper-batch.json").read_text())["episodes"]
    assert m["a"]["status"] == "failed" and m["b"]["options"]["min_chapter"] == 12.0

    (r,) = batch.run_batch(eps[:1], out, {"min_chapter": 12.0}, force=True).outcomes
    assert r.status == "done" and not edited.read_text().endswith("EDIT\n")


def test_an_episode_failing_partway_leaves_its_folder_as_it_found_it(tmp_path):
    """A report template that breaks after the chapter files and subtitles were written: the episode
    fails with its one-line error, and the files it had written are removed again."""
    a, b = episode(tmp_path / "eps", "a"), episode(tmp_path / "eps", "b")
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "report.html.j2").write_text("<p>\n{{ data.no_such_field }}\n")
    (a / "clipper.toml").write_text(f'templates = "{tpl}"\n')
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a/notes.txt").write_text("kept")
    r = batch.run_batch(batch.plan([a, b], out), out, jobs=2)
    assert [o.status for o in r.outcomes] == ["failed", "done"]
    assert r.outcomes[0].error.startswith(f"{tpl / 'report.html.j2'}:2: template error")
    assert tree(out / "a") == {"notes.txt": b"kept"}  # no chapters/, no subtitles left behind
    # fixed, it runs (no --force needed: nothing of the failed run is left)
    (a / "clipper.toml").unlink()
    r = batch.run_batch(batch.plan([a, b], out), out, jobs=2)
    assert [o.status for o in r.outcomes] == ["done", "skipped"]


def test_a_moved_episode_folder_runs_again(tmp_path):
    a = episode(tmp_path / "old", "a")
    out = tmp_path / "out"
    assert batch.run_batch(batch.plan([a], out), out).outcomes[0].status == "done"
    moved = tmp_path / "new" / "a"
    moved.parent.mkdir()
    shutil.copytree(a, moved)
    (r,) = batch.run_batch(batch.plan([moved], out), out).outcomes
    assert r.status == "failed" and "--force" in r.error  # another folder's output: not ours to replace


# --- manifest and helpers ----------------------------------------------------------------------


def test_a_broken_manifest_is_an_input_error_with_its_line(tmp_path):
    m = tmp_path / "clipper-batch.json"
    m.write_text('{\n  "episodes": {\n    "a": \n}\n')
    with pytest.raises(InputError, match="not valid JSON.*remove it") as e:
        batch.read_manifest(m)
    assert e.value.line == 4
    m.write_text('{"something": "else"}\n')
    with pytest.raises(InputError, match="not a clipper batch manifest"):
        batch.read_manifest(m)
    assert batch.read_manifest(tmp_path / "none.json")["episodes"] == {}


def test_snapshot_and_restore(tmp_path):
    root = tmp_path / "out"
    ep = root / "ep"
    (ep / "keep").mkdir(parents=True)
    (ep / "keep/old.txt").write_text("old")
    before = batch.snapshot(ep)
    assert before == {"keep", os.path.join("keep", "old.txt")}
    (ep / "keep/new.txt").write_text("new")
    (ep / "chapters/deep").mkdir(parents=True)
    (ep / "chapters/deep/x.json").write_text("{}")
    assert batch.restore(ep, before, root) == 2  # files removed (folders are not counted)
    assert tree(ep) == {os.path.join("keep", "old.txt"): b"old"} and not (ep / "chapters").exists()
    # a folder that did not exist before goes away entirely; the batch root never does
    fresh = root / "fresh"
    (fresh / "chapters").mkdir(parents=True)
    (fresh / "chapters/a.txt").write_text("a")
    assert batch.restore(fresh, frozenset(), root) == 1
    assert not fresh.exists() and root.is_dir()
    assert batch.restore(root / "never-made", frozenset(), root) == 0


# --- one batch per output folder ---------------------------------------------------------------


def test_a_second_batch_into_the_same_folder_stops_before_doing_anything(tmp_path):
    out = tmp_path / "out"
    eps = batch.plan([episode(tmp_path / "eps", "a")], out)
    with batch.exclusive(out):  # as a batch running in another process would hold it
        lock = out / batch.LOCK_NAME
        assert lock.read_text() == str(os.getpid())
        with pytest.raises(InputError, match=rf"another clipper batch \(process {os.getpid()}\) is writing into "
                                             r"this folder.*--out") as e:
            batch.run_batch(eps, out, jobs=1)
        assert e.value.path == str(out)
        assert sorted(p.name for p in out.iterdir()) == [batch.LOCK_NAME]  # no manifest, no episode folder
    assert not lock.exists()  # released and removed
    r = batch.run_batch(eps, out, jobs=1)
    assert [o.status for o in r.outcomes] == ["done"] and not lock.exists()


def test_the_lock_is_taken_in_another_process_too(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pathlib; from clipper import batch\n"
         "with batch.exclusive(pathlib.Path(sys.argv[1])):\n print('held', flush=True); sys.stdin.read()", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match=rf"process {holder.pid}"):
            with batch.exclusive(out):
                pass
    finally:
        holder.communicate("", timeout=30)
    with batch.exclusive(out):  # free again once the other batch has finished
        pass


def test_a_batch_output_that_is_a_file_is_an_input_error(tmp_path):
    f = tmp_path / "out"
    f.write_text("mine")
    with pytest.raises(InputError, match="not a folder"):
        batch.run_batch(batch.plan([episode(tmp_path / "eps", "a")], f), f)
    assert f.read_text() == "mine"


def test_an_output_folder_made_for_nothing_is_removed_again(tmp_path):
    out = tmp_path / "new" / "out"
    with batch.exclusive(out):
        assert sorted(p.name for p in out.iterdir()) == [batch.LOCK_NAME]
    assert not (tmp_path / "new").exists()  # both folders it made, empty again, are gone
    with batch.exclusive(out):
        (out / "a").mkdir()
    assert sorted(p.name for p in out.iterdir()) == ["a"]  # not empty: kept
    (out / "a").rmdir()
    with batch.exclusive(out):
        pass
    assert out.is_dir()  # it was there before: kept, even empty


def test_an_output_folder_that_cannot_be_made_is_an_output_error(tmp_path):
    notes = tmp_path / "notes"
    notes.write_text("mine")
    eps = batch.plan([episode(tmp_path / "eps", "a")], notes / "out")
    with pytest.raises(OutputError) as e:
        batch.run_batch(eps, notes / "out")
    assert str(e.value) == f"{notes / 'out'}: cannot write: {notes} is a file, not a folder"


def test_a_read_only_output_folder_is_an_output_error(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        try:
            with batch.exclusive(ro / "out"):
                pass
        except OutputError as e:
            assert str(e) == f"{ro / 'out'}: cannot write: Permission denied"
        else:
            if os.geteuid() == 0:
                pytest.skip("running as root: the read-only folder was written anyway")
            raise AssertionError("a read-only folder was written")
        with pytest.raises(OutputError, match=f"{ro}: cannot write: Permission denied"):
            with batch.exclusive(ro):  # the folder exists; the lock file cannot be made in it
                pass
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


# --- input fingerprints: content, not size and time ------------------------------------------------


def test_an_edit_of_the_same_length_with_its_time_put_back_runs_again(tmp_path):
    """QA: the fingerprint was size + mtime, so an edit of the same length with `touch -r` restoring the
    time was skipped as "inputs and options unchanged". Text inputs are hashed whole; a touch alone is no change."""
    a = episode(tmp_path / "eps", "a")
    out = tmp_path / "out"
    eps = batch.plan([a], out)
    assert [o.status for o in batch.run_batch(eps, out, jobs=1).outcomes] == ["done"]
    summary = a / "summary.txt"
    st = summary.stat()
    text = summary.read_text()
    assert "Scaling laws" in text
    summary.write_text(text.replace("Scaling laws", "Scaling LAWS"))  # same length
    os.utime(summary, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r: the time put back
    assert (summary.stat().st_size, summary.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert [o.status for o in batch.run_batch(eps, out, jobs=1).outcomes] == ["done"]
    assert "Scaling LAWS" in (out / "a/chapters/youtube.txt").read_text()
    os.utime(summary)  # only touched: the same bytes, nothing to redo
    assert [o.status for o in batch.run_batch(eps, out, jobs=1).outcomes] == ["skipped"]
    entry = json.loads((out / batch.MANIFEST_NAME).read_text())["episodes"]["a"]["inputs"][str(summary.resolve())]
    assert entry[0] == st.st_size and entry[1].startswith("blake2b:") and len(entry) == 2


def test_a_manifest_of_the_old_size_and_time_format_means_run_again(tmp_path):
    a = episode(tmp_path / "eps", "a")
    out = tmp_path / "out"
    eps = batch.plan([a], out)
    batch.run_batch(eps, out, jobs=1)
    m = json.loads((out / batch.MANIFEST_NAME).read_text())
    inputs = m["episodes"]["a"]["inputs"]
    for p in inputs:  # as clipper wrote it before: [size, mtime_ns]
        inputs[p] = [Path(p).stat().st_size, Path(p).stat().st_mtime_ns]
    (out / batch.MANIFEST_NAME).write_text(json.dumps(m))
    assert [o.status for o in batch.run_batch(eps, out, jobs=1).outcomes] == ["done"]
    assert [o.status for o in batch.run_batch(eps, out, jobs=1).outcomes] == ["skipped"]


def test_audio_is_fingerprinted_by_size_time_and_its_first_and_last_mib(tmp_path):
    import subprocess

    from clipper.ffmpeg import resolve

    audio = tmp_path / "episode.wav"  # 30 s of 44.1 kHz 16-bit noise: about 2.6 MB
    subprocess.run([resolve(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "anoisesrc=duration=30:sample_rate=44100:seed=7", "-ac", "1", str(audio)], check=True)
    size = audio.stat().st_size
    assert size > 2 * batch.HASH_CHUNK
    fp, whole = batch.file_fingerprint(audio, whole=False), batch.file_fingerprint(audio)
    assert whole[0] == size and whole[1].startswith("blake2b:")
    assert fp[:2] == [size, audio.stat().st_mtime_ns] and fp[2].startswith("blake2b-ends:")

    def edit(at: int) -> list:
        st = audio.stat()
        with open(audio, "r+b") as f:
            f.seek(at)
            byte = f.read(1)
            f.seek(at)
            f.write(bytes([byte[0] ^ 0xFF]))
        os.utime(audio, ns=(st.st_atime_ns, st.st_mtime_ns))
        return batch.file_fingerprint(audio, whole=False)

    assert edit(size - 10) != fp  # the last MiB, same size and time: seen
    assert edit(size - 10) == fp  # put back
    assert edit(100) != fp  # the first MiB (the header)
    edit(100)
    assert edit(size // 2) == fp  # the middle: the compromise, not seen with the same size and time
    assert batch.file_fingerprint(audio) != whole  # (a text input is hashed whole: seen)
    with pytest.raises(InputError) as e:
        batch.file_fingerprint(tmp_path / "gone.wav", whole=False)
    assert e.value.path == str(tmp_path / "gone.wav") and e.value.message.startswith("cannot read")


def test_a_changed_template_runs_the_episode_again(tmp_path):
    """QA: with `templates = "..."` in clipper.toml (or --templates), an edited chapters.youtube.j2 was skipped as
    "inputs and options unchanged" and youtube.txt stayed stale. Every file of the templates folder in use (a
    relative path against the episode's clipper.toml, as `run` resolves it) is an input: an edit, a new or a
    removed template runs again; a touch alone does not."""
    a = episode(tmp_path / "eps", "a")
    tpl = tmp_path / "eps/tpl"  # "../tpl" from the episode's clipper.toml, wherever the batch is started
    tpl.mkdir()
    youtube = tpl / "chapters.youtube.j2"
    youtube.write_text((ROOT / "templates/chapters.youtube.j2").read_text() + "FIRST TEMPLATE\n")
    (a / "clipper.toml").write_text('templates = "../tpl"\n')
    out = tmp_path / "out"
    eps = batch.plan([a], out)
    status = lambda **kw: [o.status for o in batch.run_batch(eps, out, jobs=1, **kw).outcomes]  # noqa: E731
    assert status() == ["done"]
    text = (out / "a/chapters/youtube.txt").read_text()
    assert text.endswith("FIRST TEMPLATE\n") and "0:00 " in text
    assert status() == ["skipped"]

    st = youtube.stat()
    youtube.write_text(youtube.read_text().replace("FIRST", "OTHER"))  # same length, time put back
    os.utime(youtube, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert status() == ["done"]
    assert (out / "a/chapters/youtube.txt").read_text().endswith("OTHER TEMPLATE\n")
    os.utime(youtube)  # only touched
    assert status() == ["skipped"]
    inputs = json.loads((out / batch.MANIFEST_NAME).read_text())["episodes"]["a"]["inputs"]
    assert inputs[str(youtube.resolve())][1].startswith("blake2b:")

    (tpl / "partials").mkdir()
    (tpl / "partials/footer.j2").write_text("a footer\n")  # a new file, in a sub-folder too
    assert status() == ["done"]
    assert status() == ["skipped"]
    (tpl / "partials/footer.j2").unlink()  # removed
    assert status() == ["done"]
    assert status() == ["skipped"]

    # --templates on the command line beats clipper.toml, and its folder is fingerprinted instead
    other = tmp_path / "other"
    shutil.copytree(tpl, other)
    assert status(given={"templates": str(other)}) == ["done"]
    assert status(given={"templates": str(other)}) == ["skipped"]
    (other / "chapters.youtube.j2").write_text((ROOT / "templates/chapters.youtube.j2").read_text() + "CLI\n")
    youtube.write_text("{{ broken\n")  # the folder not in use: no effect on this run
    assert status(given={"templates": str(other)}) == ["done"]
    assert (out / "a/chapters/youtube.txt").read_text().endswith("CLI\n")
    assert status(given={"templates": str(other)}) == ["skipped"]


def test_template_files_are_every_file_of_the_folder_and_none_without_one(tmp_path):
    (tmp_path / "t/sub").mkdir(parents=True)
    for name in ("t/b.j2", "t/a.j2", "t/sub/c.j2"):
        (tmp_path / name).write_text(name)
    assert batch.template_files(tmp_path / "t") == [tmp_path / "t/a.j2", tmp_path / "t/b.j2", tmp_path / "t/sub/c.j2"]
    assert batch.template_files(None) == [] and batch.template_files(tmp_path / "missing") == []
