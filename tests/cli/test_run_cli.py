"""`clipper run` end to end: a real 23-minute episode folder with generated audio, clipper.toml, no
overwrite without --force, inputs untouched, --json, --quiet, the progress bar on a terminal, the
bundled example, and Ctrl-C leaving no partial file under a final name."""
from __future__ import annotations

import hashlib
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clipper import chapterformats, pipeline
from clipper.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
HEAD = ROOT / "tests/data/episodes/lex-452-head"  # first 23 minutes of chapters/lex-452
EXAMPLE = ROOT / "chapters/lex-452"
CHAPTER_FILES = sorted(f.filename for f in chapterformats.CHAPTER_FORMATS if f.write and f.filename)
CHAPTER_FILES_IN_ORDER = [f.filename for f in chapterformats.CHAPTER_FORMATS if f.write and f.filename]  # as written


def make_mp3(ffmpeg: str, path: Path, seconds: int, repeat: int = 1) -> Path:
    """A sine tone as a headerless CBR MP3 (no Xing frame, no ID3), so copies of it can be joined
    byte for byte into a long file without re-encoding."""
    from clipper.ffmpeg import run

    one = path.with_suffix(".one.mp3")
    run(ffmpeg, ["-y", "-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=8000:duration={seconds}",
                 "-ac", "1", "-c:a", "libmp3lame", "-b:a", "8k", "-write_xing", "0", "-id3v2_version", "0", str(one)])
    path.write_bytes(one.read_bytes() * repeat)
    one.unlink()
    return path


@pytest.fixture(scope="module")
def head_audio(ffmpeg, tmp_path_factory) -> Path:
    p = tmp_path_factory.getbasetemp() / "run-cli-head.mp3"
    if not p.exists():
        make_mp3(ffmpeg, p, 1390)
    return p


@pytest.fixture
def episode(tmp_path, head_audio) -> Path:
    d = tmp_path / "lex-452-head"
    shutil.copytree(HEAD, d)
    shutil.copy(head_audio, d / "episode.mp3")
    return d


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def temp_files(folder: Path) -> list[Path]:
    """What clipper.textio.staged leaves if a run dies badly: .NAME.XXXX.partEXT beside the target."""
    return [p for p in folder.rglob(".*") if ".part" in p.name]


def test_clipper_toml_sets_options_and_inputs_stay_untouched(episode, tmp_path):
    (episode / "clipper.toml").write_text('# run options for this episode\nout = "../made"\nquiet = true\nmin_chapter = 30\n')
    before = digests(episode)
    r = runner.invoke(app, ["run", str(episode)])
    assert r.exit_code == 0, r.output
    made = tmp_path / "made"  # out = "../made", relative to the toml's folder
    assert r.stderr == ""  # quiet = true: no progress, no warnings, no summary
    assert r.stdout == (made / "chapters/youtube.txt").read_text()
    assert sorted(p.name for p in (made / "chapters").iterdir()) == CHAPTER_FILES
    assert (made / "subtitles.srt").is_file() and (made / "subtitles.vtt").is_file()
    assert (made / "episode.chapters.mp3").stat().st_size > (episode / "episode.mp3").stat().st_size
    assert (made / "report.html").is_file() and not temp_files(made)
    assert digests(episode) == before  # inputs never written, nothing added beside them

    # the command line wins over the toml
    r = runner.invoke(app, ["run", str(episode), "-o", str(tmp_path / "cli"), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["out"] == str(tmp_path / "cli")


def test_bad_toml_key_is_one_line_with_file_and_line(episode):
    toml = episode / "clipper.toml"
    toml.write_text('quiet = true\n\nspeed = 2\n')
    r = runner.invoke(app, ["run", str(episode), "-o", str(episode.parent / "o")])
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {toml}:3: unknown option 'speed'") and r.stderr.count("\n") == 1
    assert "Traceback" not in r.output and not (episode.parent / "o").exists()


def test_no_overwrite_without_force(episode, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(episode), "-o", str(out), "-q"]).exit_code == 0
    (out / "chapters/youtube.txt").write_text("my own edits\n")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    r = runner.invoke(app, ["run", str(episode), "-o", str(out)])
    assert r.exit_code == 2
    assert r.stderr.startswith("error: ") and "--force" in r.stderr and r.stderr.count("\n") == 1
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert after == before  # not one file touched
    r = runner.invoke(app, ["run", str(episode), "-o", str(out), "--force", "-q"])
    assert r.exit_code == 0, r.output
    assert (out / "chapters/youtube.txt").read_text() != "my own edits\n"


def test_json_for_scripts(episode, tmp_path):
    r = runner.invoke(app, ["run", str(episode), "-o", str(tmp_path / "o"), "--json"])
    assert r.exit_code == 0, r.output
    assert r.stderr == ""  # no bar, no warnings outside the JSON
    d = json.loads(r.stdout)
    assert [c["title"] for c in d["chapters"]] == ["Introduction", "Scaling laws", "Limits of LLM scaling",
                                                   "Competition with OpenAI, Google, xAI, Meta"]
    assert d["chapters"][0]["start_ms"] == 0 and all(0 <= c["confidence"] <= 1 for c in d["chapters"])
    assert d["files"][-1].endswith("report.html") and all(Path(f).is_file() for f in d["files"])
    assert any(f.endswith("episode.chapters.mp3") for f in d["files"])
    assert d["youtube"].startswith("0:00 Introduction\n")
    assert d["accuracy"]["matched"] == 4 and isinstance(d["warnings"], list)
    # every figure of the text line is in the JSON too (QA: within_60s was missing)
    acc = d["accuracy"]
    assert {"within_5s", "within_10s", "within_30s", "within_60s"} <= set(acc)
    assert f"{acc['within_60s'] * 100:5.1f}% within 60 s" in acc["line"]


def test_quiet_prints_only_the_youtube_block(episode, tmp_path):
    r = runner.invoke(app, ["run", str(episode), "-o", str(tmp_path / "o"), "--quiet"])
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert len(lines) == 4 and lines[0] == "0:00 Introduction"
    assert r.stdout == (tmp_path / "o/chapters/youtube.txt").read_text()
    # without --quiet the summary goes to stderr, stdout stays the block
    r = runner.invoke(app, ["run", str(episode), "-o", str(tmp_path / "o"), "--force"])
    assert r.exit_code == 0 and r.stdout.splitlines() == lines
    assert "accuracy: 4 chapters" in r.stderr and "wrote 15 files" in r.stderr


def _run_on_a_terminal(args: list[str], timeout: float = 60) -> tuple[int, str, str]:
    """Run clipper with stderr on a pseudo-terminal (as in a shell); stdout is a pipe."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "clipper", *args], stdout=subprocess.PIPE, stderr=slave,
                            stdin=subprocess.DEVNULL, env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"})
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    out = proc.stdout.read().decode()
    rc = proc.wait(timeout=timeout)
    os.close(master)
    return rc, out, seen.decode("utf-8", errors="replace")


def test_progress_bar_on_a_terminal_and_none_when_quiet(episode, tmp_path):
    rc, out, err = _run_on_a_terminal(["run", str(episode), "-o", str(tmp_path / "o")])
    assert rc == 0, err
    assert "clipper run lex-452-head" in err and "━" in err  # a rich bar was drawn
    assert out.startswith("0:00 Introduction")
    rc, out, err = _run_on_a_terminal(["run", str(episode), "-o", str(tmp_path / "o"), "--force", "--quiet"])
    assert rc == 0 and err == "" and out.startswith("0:00 Introduction")


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    """The bundled example, as `make demo` runs it (about 3 s)."""
    out = tmp_path_factory.mktemp("example") / "out"
    r = runner.invoke(app, ["run", str(EXAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out, r


def test_bundled_example(example_run):
    out, r = example_run
    assert sorted(p.name for p in (out / "chapters").iterdir()) == CHAPTER_FILES
    for name in ("subtitles.srt", "subtitles.vtt", "report.html"):
        assert (out / name).stat().st_size > 0
    assert len(r.stdout.splitlines()) == 37 and r.stdout.startswith("0:00 Introduction\n3:10 Scaling laws\n")
    assert "accuracy: 37 chapters" in r.stderr and f"open {out / 'report.html'}" in r.stderr
    assert "Machines of Loving Grace" in (out / "report.html").read_text()


def test_ctrl_c_leaves_no_partial_output(example_run, ffmpeg, tmp_path):
    """SIGINT once the first output file appears: exit 130 with one line, no traceback, no temporary file,
    and every file under a final name is whole (the same bytes a full run writes)."""
    full, _ = example_run
    episode = tmp_path / "lex-452"
    shutil.copytree(EXAMPLE, episode)
    # 5 h 30 min of audio, so the run also embeds chapters in a 20 MB MP3
    make_mp3(ffmpeg, episode / "episode.mp3", 600, repeat=33)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "clipper", "run", str(episode), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # even where the test runner ignores it
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "chapters").is_dir() and any(not p.name.startswith(".") for p in (out / "chapters").iterdir()):
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    stderr = stderr.decode()
    assert proc.returncode == 130, stderr  # the run still had seconds to go (subtitles, audio, report)
    assert stderr.strip() == "interrupted: no partial output was left under a final name"
    assert stdout == b""
    assert not temp_files(out)
    final = [p for p in out.rglob("*") if p.is_file() and p.name != pipeline.RUN_LOG_NAME]
    assert final and not (out / "report.html").exists()  # stopped partway
    check_mp3(final, episode)
    published_bytes = {p: p.read_bytes() for p in final}
    # the run log names every file that was published (and at most one it was about to publish)
    logged = json.loads((out / pipeline.RUN_LOG_NAME).read_text())["files"]
    published = {str(p.relative_to(out)) for p in final}
    assert published <= set(logged) and len(set(logged) - published) <= 1

    # the interrupted run is resumable without --force: it replaces its own files, and writes the rest
    r = runner.invoke(app, ["run", str(episode), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert (out / "report.html").is_file() and not temp_files(out)
    # every file the interrupted run published was whole: the same bytes as the complete run's
    assert {p: p.read_bytes() for p in published_bytes} == published_bytes
    resumed = [p for p in out.rglob("*") if p.is_file() and p.name not in (pipeline.RUN_LOG_NAME, "report.html")]
    check_mp3(resumed, episode)
    # the files that do not depend on the audio are those of the run without it (chapter files end with the audio)
    for p in resumed:
        if p.parent.name != "chapters" and p.suffix != ".mp3":
            assert p.read_bytes() == (full / p.relative_to(out)).read_bytes(), p


def check_mp3(files: list[Path], episode: Path) -> None:
    """An MP3 among ``files`` is complete: 37 chapters, then the episode's audio unchanged."""
    from mutagen.id3 import ID3

    for p in files:
        if p.name == "episode.chapters.mp3":
            tags = ID3(p)
            assert len(tags.getall("CHAP")) == 37
            assert p.read_bytes()[tags.size:] == (episode / "episode.mp3").read_bytes()


def test_missing_folder_is_a_usage_error(tmp_path):
    r = runner.invoke(app, ["run", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "no such episode folder" in r.stderr and "Traceback" not in r.output
    f = tmp_path / "transcript.vtt"
    f.write_text("WEBVTT\n")
    r = runner.invoke(app, ["run", str(f)])
    assert r.exit_code == 2 and r.stderr == f"error: {f}: is a file, not an episode folder\n"


def test_the_cue_sheet_names_the_episode_audio(episode, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(episode), "-o", str(out), "-q"]).exit_code == 0
    assert 'FILE "episode.mp3" MP3' in (out / "chapters/chapters.cue").read_text()


def test_a_rerun_replaces_only_its_own_files(episode, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(episode), "-o", str(out), "-q"]).exit_code == 0
    r = runner.invoke(app, ["run", str(episode), "-o", str(out)])  # the same episode again: no --force needed
    assert r.exit_code == 0, r.output
    assert "wrote 15 files" in r.stderr
    # another episode folder (same name, other place) into the same output: none of these files are its own
    other = tmp_path / "elsewhere" / episode.name
    shutil.copytree(episode, other)
    r = runner.invoke(app, ["run", str(other), "-o", str(out)])
    assert r.exit_code == 2 and r.stderr == f"error: {out / 'chapters' / CHAPTER_FILES_IN_ORDER[0]}: file exists; use --force to overwrite it\n"


def test_an_unwritable_output_is_one_line(episode, tmp_path):
    notes = tmp_path / "notes"
    notes.write_text("mine")
    r = runner.invoke(app, ["run", str(episode), "-o", str(notes / "out")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr == f"error: {notes / 'out/chapters' / CHAPTER_FILES_IN_ORDER[0]}: cannot write: {notes} is a file, not a folder\n"
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = runner.invoke(app, ["run", str(episode), "-o", str(ro / "out"), "-q"])
        if r.exit_code == 0 and os.geteuid() == 0:
            pytest.skip("running as root: the read-only folder was written anyway")
        assert r.exit_code == 2 and "Traceback" not in r.output
        assert r.stderr == f"error: {ro / 'out/chapters' / CHAPTER_FILES_IN_ORDER[0]}: cannot write: Permission denied\n"
        assert not list(ro.iterdir())
    finally:
        ro.chmod(0o755)


def test_a_summary_too_short_for_youtube_prints_no_block_and_writes_the_rest(episode, tmp_path):
    """QA: a two-section summary wrote nothing. Now youtube.txt alone is left out, said on stderr; stdout
    (the YouTube block) stays empty."""
    summary = episode / "summary.txt"
    text = summary.read_text()
    summary.write_text(text[: text.index("\nLimits of LLM scaling")] + "\n")
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", str(episode), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert (f"warning: {summary}: youtube.txt not written: YouTube needs at least 3 chapters of at least 10 s; "
            "only 2 left after fixing\n") in r.stderr
    assert sorted(p.name for p in (out / "chapters").iterdir()) == [n for n in CHAPTER_FILES if n != "youtube.txt"]
    assert (out / "episode.chapters.mp3").is_file() and "wrote 14 files" in r.stderr


def test_a_rerun_says_which_earlier_files_it_removed(episode, tmp_path):
    """QA: a rerun with a two-section summary left the first run's youtube.txt (37 chapters) beside the new
    files. It is removed, and stderr says so."""
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(episode), "-o", str(out), "-q"]).exit_code == 0
    summary = episode / "summary.txt"
    text = summary.read_text()
    summary.write_text(text[: text.index("\nLimits of LLM scaling")] + "\n")
    r = runner.invoke(app, ["run", str(episode), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "removed 1 file an earlier run wrote and this one does not: chapters/youtube.txt\n" in r.stderr
    assert not (out / "chapters/youtube.txt").exists()


def test_clip_edge_notes_are_notes_as_in_clip(episode, tmp_path):
    """QA: the steady-sound edge message was "note:" in clip but "warning:" in run. Nothing is wrong, so
    run says "note:" too, and --json keeps notes apart from warnings."""
    (episode / "clips.yaml").write_text('clips:\n  - start: "00:02:00"\n    end: "00:02:05"\n', encoding="utf-8")
    (episode / "clipper.toml").write_text('clip_format = "wav"\nloudness = "off"\n', encoding="utf-8")
    r = runner.invoke(app, ["run", str(episode), "-o", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    notes = [line for line in r.stderr.splitlines() if line.startswith("note: clip 1: ")]
    assert notes and not [line for line in r.stderr.splitlines() if line.startswith("warning: clip ")]
    d = json.loads(runner.invoke(app, ["run", str(episode), "-o", str(tmp_path / "o"), "--json"]).stdout)
    assert [f"note: {n}" for n in d["notes"]] == notes and not any(w.startswith("clip ") for w in d["warnings"])
