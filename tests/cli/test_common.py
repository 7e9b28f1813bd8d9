"""clipper.cli.common and the help every command shares (clipper.cli._app): number options are checked
(finite, in a stated range) before anything is read, and help reads like a man page."""
from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from clipper.cli import app
from clipper.cli.common import (check_clip_format, check_loudness, check_number, number_range, parse_number,
                                parse_whole, plural)

runner = CliRunner()
WIDE = {"COLUMNS": "200"}  # rich wraps help and error boxes at the terminal width


def test_range_in_words():
    assert number_range(0, 5) == "from 0 to 5"
    assert number_range(0, 3600, above=True) == "above 0, at most 3600"


@pytest.mark.parametrize("value", [0.0, 2.5, 5.0])
def test_values_in_range_pass_unchanged(value):
    assert check_number(0, 5)(value) == value


def test_none_passes_for_an_option_not_given():
    assert check_number(0, 5)(None) is None


@pytest.mark.parametrize("value, low_open", [(float("inf"), False), (float("-inf"), False), (float("nan"), False),
                                             (-0.001, False), (5.001, False), (1e300, False), (0.0, True)])
def test_infinite_nan_and_out_of_range_are_usage_errors(value, low_open):
    with pytest.raises(typer.BadParameter, match=r"must be a number (from 0 to 5|above 0, at most 5)"):
        check_number(0, 5, above=low_open)(value)


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "0", "1e400", "3601"])
def test_min_chapter_is_checked_before_anything_is_read(lex_page, seed_summary, value):
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--min-chapter", value])
    assert r.exit_code == 2 and r.stdout == ""
    shown = {"inf": "inf", "nan": "nan", "-5": "-5", "0": "0", "1e400": "inf", "3601": "3601"}[value]
    assert r.stderr == (f"error: --min-chapter: must be a number above 0, at most 3600 (got '{shown}')\n"
                        "Try 'clipper chapters --help'.\n")
    assert "Traceback" not in r.output and "convert" not in r.output


def test_min_chapter_in_range_still_works(lex_page, seed_summary):
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--min-chapter", "30", "-q"])
    assert r.exit_code == 0, r.output
    starts = [line.split()[0] for line in r.stdout.splitlines()]
    assert starts[0] == "0:00" and len(starts) == 37


@pytest.mark.parametrize("cmd, option, value, words", [
    ("run", "--min-chapter", "nan", "above 0, at most 3600"),
    ("run", "--padding", "inf", "from 0 to 5"),
    ("batch", "--min-chapter", "-5", "above 0, at most 3600"),
    ("batch", "--padding", "nan", "from 0 to 5"),
])
def test_shared_options_are_checked_in_run_and_batch(shared, tmp_path, cmd, option, value, words):
    episode = shared / "episodes" / "lex-452"
    r = runner.invoke(app, [cmd, str(episode), "-o", str(tmp_path / "out"), option, value])
    assert r.exit_code == 2
    assert r.stderr == f"error: {option}: must be a number {words} (got '{value}')\nTry 'clipper {cmd} --help'.\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("cmd, option, value, message", [
    ("run", "--loudness", "nan", 'must be LUFS from -70 to -5, or "off" (got \'nan\')'),
    ("run", "--loudness", "loud", 'must be LUFS from -70 to -5, or "off" (got \'loud\')'),
    ("run", "--clip-format", "flac", "must be one of mp3, m4a, ogg, wav (got 'flac')"),
    ("batch", "--loudness", "-100", 'must be LUFS from -70 to -5, or "off" (got \'-100\')'),
    ("batch", "--clip-format", "flac", "must be one of mp3, m4a, ogg, wav (got 'flac')"),
])
def test_clip_options_are_checked_even_for_an_episode_without_clips(shared, tmp_path, cmd, option, value, message):
    """QA: `run EP --loudness nan --clip-format flac` exited 0 when EP had no clips file, and batch failed
    late per episode without naming the option. Both refuse before any file is read (the folder given
    does not even exist)."""
    r = runner.invoke(app, [cmd, str(tmp_path / "no-such-episode"), "-o", str(tmp_path / "out"), option, value])
    assert r.exit_code == 2
    assert r.stderr == f"error: {option}: {message}\nTry 'clipper {cmd} --help'.\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["off", "-16", "-23 LUFS", "-70", "-5"])
def test_loudness_values_clipper_toml_takes_pass(value):
    assert check_loudness(value) == value


@pytest.mark.parametrize("value", ["mp3", "WAV", ".m4a"])
def test_clip_formats_clip_writes_pass(value):
    assert check_clip_format(value) == value


# --- help ----------------------------------------------------------------------------------------


def help_of(*cmd: str) -> str:
    r = runner.invoke(app, [*cmd, "--help"], env=WIDE)
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.parametrize("cmd, usage", [
    ((), "Usage: clipper [OPTIONS] COMMAND [ARGS]..."),
    (("chapters",), "Usage: clipper chapters [OPTIONS] TRANSCRIPT SUMMARY"),
    (("clip",), "Usage: clipper clip [OPTIONS] AUDIO TRANSCRIPT"),
    (("batch",), "Usage: clipper batch [OPTIONS] EPISODES..."),
])
def test_usage_names_arguments_in_capitals_without_braces(cmd, usage):
    text = help_of(*cmd)
    assert usage in text
    assert "{" not in text.splitlines()[1]


@pytest.mark.parametrize("cmd", [(), ("chapters",), ("clip",), ("subtitles",), ("run",), ("inspect",), ("doctor",)])
def test_flags_show_no_value(cmd):
    text = help_of(*cmd)
    assert "<bool>" not in text
    assert re.search(r"--help\s+Show this message and exit\.", text)


def test_chapters_help_reads_naturally():
    text = help_of("chapters")
    assert re.search(r"--min-chapter\s+SECONDS\s+Shortest chapter in seconds, YouTube needs 10 "
                     r"\(above 0, at most 3600\)\.\s+\[default: 10\.0\]", text)
    assert re.search(r"--semantic\s+Add sentence-embedding evidence", text)
    assert re.search(r"--transcript-format\s+FORMAT\s+Transcript format", text)
    assert re.search(r"--templates\s+DIR\s+Folder of your own jinja2 templates", text)


def test_clip_help_says_when_o_is_required():
    text = help_of("clip")
    assert re.search(r"--out\s+-o\s+DIR\s+Folder for the clips \(created when missing\)\. Required unless --dry-run\.",
                     text)
    assert re.search(r"--quote\s+TEXT\s", text) and re.search(r"--chapter\s+N\s", text)
    assert re.search(r"--padding\s+SECONDS\s+.*\(from 0 to 5\)\.", text)
    assert "list[" not in text


@pytest.mark.parametrize("cmd, arguments", [
    ("batch", ["EPISODES"]),
    ("chapters", ["TRANSCRIPT", "SUMMARY"]),
    ("clip", ["AUDIO", "TRANSCRIPT"]),
    ("inspect", ["FILE"]),
    ("embed", ["AUDIO", "CHAPTERS"]),
])
def test_arguments_show_their_name_and_no_type(cmd, arguments):
    text = help_of(cmd)
    assert "<path>" not in text and "<list[" not in text and "<str>" not in text
    for name in arguments:  # "*  NAME  help", nothing between the name and its help
        assert re.search(rf"\*\s+{name}\s+[A-Z][a-z ]", text), name


@pytest.mark.parametrize("cmd", ["clip", "run", "batch"])
def test_loudness_help_states_its_range(cmd):
    assert re.search(r"--loudness\s+LUFS\s+.*LUFS from -70 to -5, or \"off\"", help_of(cmd))


@pytest.mark.parametrize("cmd", ["subtitles", "retime", "embed", "chapters", "clip", "batch"])
def test_quiet_is_there_with_its_short_form(cmd):
    assert re.search(r"--quiet\s+-q\s", help_of(cmd))


@pytest.mark.parametrize("n, text", [(0, "0 clips"), (1, "1 clip"), (2, "2 clips"), (1204, "1,204 clips")])
def test_counts_take_the_noun_in_their_number(n, text):
    assert plural(n, "clip") == text


def test_a_skipped_block_is_counted_in_words(capsys, tmp_path):
    from clipper.cli.common import skipped_note

    skipped_note("transcript", tmp_path / "ep.vtt", 1)
    skipped_note("transcript", tmp_path / "ep.vtt", 3)
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {tmp_path / 'ep.vtt'}: skipped 1 malformed transcript block (--lenient)",
        f"warning: {tmp_path / 'ep.vtt'}: skipped 3 malformed transcript blocks (--lenient)",
    ]


def test_batch_lines_count_in_words(tmp_path, capsys):
    """One episode, one chapter, one removed file: no "1 episodes" or "1 chapters"."""
    from clipper.batch import BatchResult, Outcome
    from clipper.cli.batch import outcome_line, print_result

    done = Outcome("pilot", str(tmp_path / "pilot"), "done", seconds=2.0, chapters=1)
    stopped = Outcome("second", str(tmp_path / "second"), "interrupted", removed=1)
    assert outcome_line(done, tmp_path) == f"done        pilot: 1 chapter, 2.0 s, {tmp_path / 'pilot' / 'report.html'}"
    assert outcome_line(stopped, tmp_path) == "interrupted second: stopped; its 1 unfinished file removed"
    print_result(BatchResult(tmp_path, tmp_path / "clipper-batch.json", (done,)), quiet=False, as_json=False)
    assert capsys.readouterr().err == f"1 episode: 1 done (manifest {tmp_path / 'clipper-batch.json'})\n"


# --- number options read from text ---------------------------------------------------------------


@pytest.mark.parametrize("text, value", [("2.5", 2.5), (" 5 ", 5.0), ("0", 0.0), ("1e-1", 0.1), (0.25, 0.25)])
def test_number_text_in_range_is_read(text, value):
    assert parse_number(0, 5)(text) == value


@pytest.mark.parametrize("text", ["abc", "", "1,5", "1_0", "٣", "５", "0x1"])
def test_text_that_is_not_a_number_says_the_range(text):
    with pytest.raises(typer.BadParameter) as e:
        parse_number(0, 5)(text)
    assert e.value.message == f"must be a number from 0 to 5 (got '{text}')"


@pytest.mark.parametrize("text, value", [("3", 3), ("+3", 3), (" 10 ", 10), (7, 7)])
def test_whole_text_in_range_is_read(text, value):
    assert parse_whole(1, 10)(text) == value


@pytest.mark.parametrize("text", ["abc", "1.0", "1e3", "٣", "1_0", "", "11", "0", "99999999999999999999"])
def test_text_that_is_not_a_whole_number_in_range_says_the_range(text):
    with pytest.raises(typer.BadParameter) as e:
        parse_whole(1, 10)(text)
    assert e.value.message == f"must be a whole number from 1 to 10 (got '{text.strip()}')"


@pytest.mark.parametrize("value", ["abc", "1,5", "١٠"])
def test_min_chapter_that_is_not_a_number_reads_as_out_of_range(lex_page, seed_summary, value):
    """QA: "--min-chapter abc" was refused in pydantic's words ("input should be a valid number, unable
    to parse string as a number"); every number option now says its range."""
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--min-chapter", value])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (f"error: --min-chapter: must be a number above 0, at most 3600 (got '{value}')\n"
                        "Try 'clipper chapters --help'.\n")


@pytest.mark.parametrize("cmd, option, value, words", [
    ("run", "--padding", "x", "a number from 0 to 5"),
    ("batch", "--min-chapter", "ten", "a number above 0, at most 3600"),
    ("batch", "--jobs", "2.5", "a whole number at least 1"),
])
def test_run_and_batch_number_options_say_their_range_for_text(tmp_path, cmd, option, value, words):
    r = runner.invoke(app, [cmd, str(tmp_path / "no-such-episode"), "-o", str(tmp_path / "out"), option, value])
    assert r.exit_code == 2
    assert r.stderr == f"error: {option}: must be {words} (got '{value}')\nTry 'clipper {cmd} --help'.\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["١:٠٠:٠٠", "1:٠٠:00", "３６００"])
def test_duration_in_other_digits_says_digits_0_to_9(lex_page, seed_summary, value):
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--duration", value])
    assert r.exit_code == 2
    assert r.stderr == f"error: --duration: not a time (use seconds or H:MM:SS with digits 0-9) (got '{value}')\n"
