"""clipper.cli._app and main: the last words of every command. A usage error is one plain line and a hint
(the same form as the commands' own errors); stdout that cannot be written is one line and exit 2; a
closed pipe ends quietly. The stdout cases run the real entry point in a subprocess (/dev/full, a pipe
closed early), as a user's shell does."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clipper.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
NO_SPACE = "error: <stdout>: cannot write: No space left on device\n"


def clipper(*args: str, stdout, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "clipper", *map(str, args)], stdout=stdout, stderr=subprocess.PIPE,
                          env=env, cwd=ROOT, timeout=120, **kw)


# --- stdout that cannot be written -------------------------------------------------------------------


@pytest.fixture()
def dev_full():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as f:
        yield f


@pytest.mark.parametrize("cmd", [
    ("formats",),
    ("formats", "--json"),
    ("doctor",),
    ("--help",),
    ("chapters", "--help"),
])
def test_a_full_disk_on_stdout_is_one_line(dev_full, cmd):
    r = clipper(*cmd, stdout=dev_full)
    assert r.returncode == 2, r.stderr
    assert r.stderr.decode() == NO_SPACE


def test_inspect_and_chapters_to_a_full_disk(dev_full, lex_page, seed_summary):
    r = clipper("inspect", seed_summary, stdout=dev_full)
    assert (r.returncode, r.stderr.decode()) == (2, NO_SPACE)
    r = clipper("chapters", lex_page, seed_summary, "-q", stdout=dev_full)
    assert (r.returncode, r.stderr.decode()) == (2, NO_SPACE)


@pytest.mark.parametrize("cmd", [("formats",), ("formats", "--json"), ("doctor", "--json"), ("--help",),
                                 ("chapters", "--help")])
def test_a_closed_pipe_ends_quietly(cmd):
    """The reader (`| head -c 1`) reads one byte and goes away; clipper stops without a word, and with
    status 0 also when rich prints the text (help), which would otherwise end with status 1."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "clipper", *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == "" and proc.returncode == 0


def test_a_closed_pipe_after_more_than_a_pipe_holds_ends_quietly():
    """The writes fail mid-way (the output is far larger than a pipe's buffer), and nothing is said at
    exit either (no "Exception ignored" from the last flush)."""
    big = ("import sys; sys.argv = ['clipper', 'formats']\n"
           "import clipper.cli.formats as f\n"
           "f.render_text = lambda s, _r=f.render_text: _r(s) * 300\n"  # about 1 MB
           "from clipper.cli import main; main()\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", big], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=ROOT)
    assert proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == "" and proc.returncode == 0


# --- usage errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("args, first", [
    (["chapters", "a.md", "b.txt", "--min-chapter", "0"],
     "error: --min-chapter: must be a number above 0, at most 3600 (got '0')"),
    (["clip", "a.mp3", "a.vtt", "--threshold", "nan"],
     "error: --threshold: must be a number from 0 to 100 (got 'nan')"),
    (["subtitles", "a.vtt", "-o", "x.srt", "--max-lines", "0"],
     "error: --max-lines: must be a whole number from 1 to 10 (got '0')"),
    (["inspect", "a.md", "--kind", "poem"], "error: --kind: 'poem' is not one of 'transcript', 'summary'."),
    (["chapters", "a.md"], "error: missing argument 'SUMMARY'."),
    (["subtitles", "a.vtt"], "error: missing option '--output' / '-o'."),
    (["formats", "--bogus"], "error: no such option: --bogus"),
    (["batch", "ep", "--jobs", "0"], "error: --jobs: must be a whole number at least 1 (got '0')"),
])
def test_usage_errors_are_one_plain_line_and_a_hint(args, first):
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == f"{first}\nTry 'clipper {args[0]} --help'.\n"


def test_an_unknown_command_points_at_the_main_help():
    r = runner.invoke(app, ["chapter"])
    assert r.exit_code == 2 and r.stderr == "error: no such command 'chapter'. Did you mean 'chapters'?\nTry 'clipper --help'.\n"


def test_usage_errors_read_like_the_commands_own_errors():
    """--loudness is checked by the command, --padding by the option: both are `error: OPTION: ... (got 'X')`."""
    own = runner.invoke(app, ["clip", "a.mp3", "a.vtt", "--quote", "x", "--loudness", "5", "--dry-run"])
    usage = runner.invoke(app, ["clip", "a.mp3", "a.vtt", "--quote", "x", "--padding", "9", "--dry-run"])
    assert own.exit_code == usage.exit_code == 2
    assert own.stderr == "error: --loudness: the target must be between -70 and -5 LUFS (got '5')\n"
    assert usage.stderr.splitlines()[0] == "error: --padding: must be a number from 0 to 5 (got '9')"


def test_no_arguments_shows_the_help():
    r = runner.invoke(app, [])
    assert r.exit_code == 2 and "Usage: clipper [OPTIONS] COMMAND [ARGS]..." in r.stdout
    assert "error" not in r.output
