"""`clipper batch` end to end: the table, --json, --quiet, exit statuses, and Ctrl-C (to the batch alone,
or to the whole process group as a terminal sends it) keeping every finished episode and nothing else."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clipper.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
HEAD = ROOT / "tests/data/episodes/lex-452-head"  # first 23 minutes of chapters/lex-452 (~0.5 s to run)
EXAMPLE = ROOT / "chapters/lex-452"  # the whole episode (~3 s to run)


def episode(root: Path, name: str, source: Path = HEAD) -> Path:
    d = root / name
    shutil.copytree(source, d)
    return d


def test_table_exit_status_and_rerun(tmp_path):
    a, b = episode(tmp_path / "eps", "a"), episode(tmp_path / "eps", "b")
    bad = episode(tmp_path / "eps", "bad")
    (bad / "transcript.vtt").write_bytes(b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n")
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(a), str(b), str(bad), "-o", str(out), "-j", "2"])
    assert r.exit_code == 1  # one episode failed; the others still finished
    lines = r.stdout.splitlines()
    assert lines[0] == f"done        a: 4 chapters, {lines[0].split(', ')[1]}, {out / 'a/report.html'}"
    assert lines[1].startswith("done        b: 4 chapters")
    assert lines[2].startswith(f"failed      bad: error: {bad / 'transcript.vtt'}:3: ")  # the file and line
    assert r.stderr.strip() == f"3 episodes: 2 done, 1 failed (manifest {out / 'clipper-batch.json'})"

    r = runner.invoke(app, ["batch", str(a), str(b), "-o", str(out)])
    assert r.exit_code == 0
    assert r.stdout.splitlines() == ["skipped     a: done before; inputs and options unchanged",
                                     "skipped     b: done before; inputs and options unchanged"]


def test_json_and_quiet(tmp_path):
    a, bad = episode(tmp_path / "eps", "a"), episode(tmp_path / "eps", "bad")
    (bad / "summary.txt").unlink()
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(a), str(bad), "-o", str(out), "--json", "--min-chapter", "15"])
    assert r.exit_code == 1 and r.stderr == ""
    d = json.loads(r.stdout)
    assert d["counts"] == {"done": 1, "skipped": 0, "failed": 1, "interrupted": 0}
    assert d["manifest"] == str(out / "clipper-batch.json")
    ea, eb = d["episodes"]
    # paths as the text output and run --json give them (QA: they were relative to OUT, "a/report.html")
    assert ea["status"] == "done" and ea["outputs"][-1] == str(out / "a/report.html") and ea["chapters"] == 4
    assert all(Path(p).is_file() for p in ea["outputs"])
    assert eb["status"] == "failed" and "no summary" in eb["error"]
    manifest = json.loads((out / "clipper-batch.json").read_text())
    assert manifest["episodes"]["a"]["options"]["min_chapter"] == 15.0  # the run option reached the episode

    r = runner.invoke(app, ["batch", str(a), "-o", str(out), "--quiet", "--min-chapter", "15"])
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    r = runner.invoke(app, ["batch", str(a), str(bad), "-o", str(out), "-q", "--min-chapter", "15"])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("error: bad: ") and r.stderr.count("\n") == 1


def test_usage_errors_exit_2_and_write_nothing(tmp_path):
    one, two = episode(tmp_path / "s1", "pilot"), episode(tmp_path / "s2", "pilot")
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(one), str(two), "-o", str(out)])
    assert r.exit_code == 2 and "two episode folders are named 'pilot'" in r.stderr and r.stderr.count("\n") == 1
    r = runner.invoke(app, ["batch", str(one), str(tmp_path / "missing"), "-o", str(out)])
    assert r.exit_code == 2 and "no such episode folder" in r.stderr
    r = runner.invoke(app, ["batch", str(one), "-o", str(out), "--jobs", "0"])
    assert r.exit_code == 2
    assert not out.exists()


def _start(args: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "clipper", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kw)


def _wait_for_done(manifest: Path, name: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if json.loads(manifest.read_text())["episodes"].get(name, {}).get("status") == "done":
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    raise AssertionError(f"{name} never finished: {proc.poll()}")


@pytest.mark.parametrize("group", [False, True], ids=["to-the-batch", "to-the-process-group"])
def test_ctrl_c_keeps_finished_episodes_and_nothing_else(tmp_path, group):
    """One worker: the short episode finishes, Ctrl-C comes while the long one runs, the third never starts."""
    eps = tmp_path / "eps"
    first, long, third = episode(eps, "first"), episode(eps, "long", EXAMPLE), episode(eps, "third")
    out = tmp_path / "out"
    proc = _start(["batch", str(first), str(long), str(third), "-o", str(out), "-j", "1"], start_new_session=group)
    _wait_for_done(out / "clipper-batch.json", "first", proc)
    t0 = time.monotonic()
    if group:
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the batch and its workers all get it
    else:
        proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    stopped_in = time.monotonic() - t0
    stderr = stderr.decode()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.rstrip().endswith("interrupted: no partial output was left under a final name")
    assert stopped_in < 10  # the long episode was stopped, not waited for
    assert stdout.decode().splitlines()[:1] == [f"done        first: 4 chapters, {stdout.decode().split(', ')[1]}, {out / 'first/report.html'}"]

    manifest = json.loads((out / "clipper-batch.json").read_text())
    assert {k: v["status"] for k, v in manifest["episodes"].items()} == {"first": "done"}
    assert sorted(p.name for p in out.iterdir()) == ["clipper-batch.json", "first"]  # nothing of the others
    assert all((out / p).is_file() for p in manifest["episodes"]["first"]["outputs"])
    assert not [p for p in out.rglob(".*") if ".part" in p.name]

    if not group:  # run again: the finished one is skipped, the rest are done (no --force needed)
        r = runner.invoke(app, ["batch", str(first), str(long), str(third), "-o", str(out), "-j", "2"])
        assert r.exit_code == 0, r.output
        assert [ln.split()[0] for ln in r.stdout.splitlines()] == ["skipped", "done", "done"]


def test_ctrl_c_before_any_episode_finished_claims_only_what_happened(tmp_path, ffmpeg):
    """Ctrl-C while the first of two episodes is being written (one worker): it says which episode was
    stopped and how many of its files were removed, that the other never started, and that nothing was
    recorded; and the output folders the batch made are gone again."""
    from clipper.ffmpeg import run

    eps = tmp_path / "eps"
    long, second = episode(eps, "long", EXAMPLE), episode(eps, "second")
    # 5 h 30 min of audio (a 20 MB MP3 to embed chapters in): the episode writes for seconds
    one = tmp_path / "one.mp3"
    run(ffmpeg, ["-y", "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=8000:duration=600", "-ac", "1",
                 "-c:a", "libmp3lame", "-b:a", "8k", "-write_xing", "0", "-id3v2_version", "0", str(one)])
    (long / "episode.mp3").write_bytes(one.read_bytes() * 33)
    out = tmp_path / "new" / "out"
    proc = _start(["batch", str(long), str(second), "-o", str(out), "-j", "1"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:  # its first chapter file is out
        chapters = out / "long" / "chapters"
        if chapters.is_dir() and any(not p.name.startswith(".") for p in chapters.iterdir()):
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    stdout, stderr = stdout.decode(), stderr.decode()
    assert proc.returncode == 130, stderr
    lines = stdout.splitlines()
    assert len(lines) == 2 and re.fullmatch(r"interrupted long: stopped; its \d+ unfinished files? removed", lines[0])
    assert lines[1] == "interrupted second: not started"
    assert stderr.splitlines() == ["2 episodes: 2 interrupted (nothing recorded)",
                                   "interrupted: no partial output was left under a final name"]
    assert not (tmp_path / "new").exists()  # no manifest, no empty folders left


def test_an_output_that_cannot_be_a_folder_is_one_line(tmp_path):
    a = episode(tmp_path / "eps", "a")
    notes = tmp_path / "notes"
    notes.write_text("mine")
    r = runner.invoke(app, ["batch", str(a), "-o", str(notes / "out")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr == f"error: {notes / 'out'}: cannot write: {notes} is a file, not a folder\n"
    r = runner.invoke(app, ["batch", str(a / "summary.txt"), "-o", str(tmp_path / "out")])
    assert r.exit_code == 2 and r.stderr == f"error: {a / 'summary.txt'}: is a file, not an episode folder\n"
    assert notes.read_text() == "mine" and not (tmp_path / "out").exists()


def test_json_paths_with_a_relative_out_match_the_text_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    episode(tmp_path / "eps", "a")
    r = runner.invoke(app, ["batch", "eps/a", "-o", "o", "--json"])
    assert r.exit_code == 0, r.output
    ea = json.loads(r.stdout)["episodes"][0]
    assert ea["outputs"][-1] == "o/a/report.html" and "o/a/chapters/youtube.txt" in ea["outputs"]
    text = runner.invoke(app, ["batch", "eps/a", "-o", "o", "--force"])
    assert "o/a/report.html" in text.stdout


@pytest.mark.parametrize("value", ["0", "-2"])
def test_jobs_is_checked_as_the_other_numbers_are(tmp_path, value):
    """QA: --jobs 0 said "input should be greater than or equal to 1", unlike every other option."""
    r = runner.invoke(app, ["batch", str(tmp_path / "no-such"), "-o", str(tmp_path / "o"), "--jobs", value])
    assert r.exit_code == 2
    assert r.stderr == f"error: --jobs: must be a whole number at least 1 (got '{value}')\nTry 'clipper batch --help'.\n"
    assert not (tmp_path / "o").exists()
