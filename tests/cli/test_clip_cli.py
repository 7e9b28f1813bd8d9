"""`clipper clip` end to end: dry runs (the ranges the cut gives), quotes, ranges, clip lists, chapters, errors,
and Ctrl-C during a run (no partial file under a final name, no temporary file left)."""
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from clipper import ffmpeg as ff
from clipper.cli import app
from clipper.clips import synth
from clipper.transcripts import dump_transcript

runner = CliRunner()


@pytest.fixture(scope="module")
def ep(ffmpeg, tmp_path_factory):
    """30 s of generated speech-like audio (MP3) and its timed transcript (VTT with word times).
    Phrase 9 repeats phrase 2's words, as a speaker repeating himself."""
    folder = tmp_path_factory.mktemp("clipcli")
    lay = synth.layout(30_000, seed=11)
    words2 = [w.text for w in lay.phrases[2].words]
    p9 = lay.phrases[9]
    n = min(len(words2), len(p9.words))
    t = synth.transcript(lay, jitter=30, seed=3)
    from dataclasses import replace

    seg9 = t.segments[9]
    new_words = tuple(replace(w, text=words2[i]) if i < n else w for i, w in enumerate(seg9.words))
    t = t.with_segments([*t.segments[:9], replace(seg9, words=new_words, text=" ".join(w.text for w in new_words)),
                         *t.segments[10:]])
    wav = folder / "show.wav"
    ff.run(ffmpeg, synth.render_args(lay, wav))
    mp3 = folder / "show.mp3"
    ff.run(ffmpeg, ["-i", str(wav), "-c:a", "libmp3lame", "-b:a", "96k", str(mp3)])
    vtt = folder / "show.vtt"
    vtt.write_text(dump_transcript(t, "vtt"))
    return {"layout": lay, "transcript": t, "mp3": mp3, "vtt": vtt, "folder": folder,
            "repeat": " ".join(words2[:n])}


def quote(ep, k):
    return " ".join(w.text for w in ep["transcript"].segments[k].words)


def test_dry_run_json_prints_the_ranges_the_cut_cuts_and_writes_nothing(ep, tmp_path):
    args = ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", quote(ep, 4), "--range", "10", "00:00:12.5"]
    r = runner.invoke(app, [*args, "--dry-run", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert list(doc) == ["clips"] and len(doc["clips"]) == 2
    a, b = doc["clips"]
    assert set(a) == {"start", "end", "text", "score"}
    seg = ep["transcript"].segments[4]
    assert a["text"] == quote(ep, 4) and a["score"] == 100.0
    assert a["start"] <= seg.words[0].start / 1000 and a["end"] >= seg.words[-1].end / 1000  # never inside a word
    assert b["score"] is None and b["start"] <= 10.0 and b["end"] >= 12.5
    assert not list(tmp_path.iterdir())
    cut = runner.invoke(app, [*args, "-o", str(tmp_path / "clips"), "--json", "--loudness", "off"])
    assert cut.exit_code == 0, cut.output
    got = [(c["start"], c["end"]) for c in json.loads(cut.stdout)["clips"]]
    assert got == [(c["start"], c["end"]) for c in doc["clips"]]


def test_dry_run_needs_the_audio_it_measures(ep, tmp_path):
    missing = tmp_path / "not-here.mp3"
    r = runner.invoke(app, ["clip", str(missing), str(ep["vtt"]), "--quote", quote(ep, 4), "--dry-run"])
    assert r.exit_code == 2 and str(missing) in r.stderr and "Traceback" not in r.output


def test_dry_run_text_says_score_and_where(ep, tmp_path):
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", quote(ep, 4).upper() + "!",
                            "--dry-run"])
    assert r.exit_code == 0, r.output
    first = r.stdout.split("\n")[0]
    assert re.match(r"^clip 1: \d\d:\d\d\.\d{3}-\d\d:\d\d\.\d{3} \(\d+\.\d s\), score 100, words .* at show\.vtt:\d+$", first)


def test_quote_said_twice_says_so_and_occurrence_picks(ep, tmp_path):
    args = ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", ep["repeat"], "--dry-run", "--json"]
    r = runner.invoke(app, args)
    first = json.loads(r.stdout)["clips"][0]
    r2 = runner.invoke(app, [*args, "--occurrence", "2"])
    second = json.loads(r2.stdout)["clips"][0]
    assert second["start"] > first["start"] + 10
    r3 = runner.invoke(app, args[:-1])
    assert "found in 2 places" in r3.stderr and "--occurrence N" in r3.stderr
    r4 = runner.invoke(app, [*args, "--occurrence", "3"])
    assert r4.exit_code == 2 and "found in 2 places" in r4.stderr


def test_quote_not_found_lists_three_passages_and_cuts_nothing(ep, tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", "nothing like this was ever said here",
                            "-o", str(out)])
    assert r.exit_code == 2
    assert r.stderr.startswith("error: quote not found: 'nothing like this was ever said here'")
    assert len(re.findall(r"^  \d\d:\d\d:\d\d\.\d{3} \(score \d+\): ", r.stderr, re.M)) == 3
    assert "Traceback" not in r.output and not out.exists()


def test_cut_quotes_and_a_range_prints_loudness(ffmpeg, ep, tmp_path):
    out = tmp_path / "clips"
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", quote(ep, 3), "--quote", quote(ep, 6),
                            "--range", "00:00:20", "23.5", "-o", str(out), "--format", "m4a", "--loudness", "-18",
                            "--title", "Third phrase"])
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.stdout.split("\n") if ln.startswith("clip ")]
    assert len(lines) == 3
    assert all(re.search(r"; measured -\d+\.\d LUFS, -\d+\.\d dBTP; gain [+-]\d+\.\d dB(, peaks limited)?$", ln)
               for ln in lines), lines
    assert lines[0].startswith("clip 1: ") and "score 100" in lines[0]
    names = sorted(p.name for p in out.iterdir())
    assert "01-third-phrase.m4a" in names and "clips.json" in names and len(names) == 10
    doc = json.loads((out / "clips.json").read_text())
    assert [c["title"] for c in doc["clips"]][0] == "Third phrase"
    assert doc["clips"][2]["kind"] == "range"
    assert all(abs(c["loudness"]["measured_integrated"] + c["loudness"]["gain_db"] - -18) <= 1 for c in doc["clips"])
    from clipper import ffmpeg as ff
    from clipper.clips import commands

    for c in doc["clips"]:  # as ebur128 measures the files
        i, _ = commands.parse_ebur128(ff.run(ffmpeg, commands.ebur128_args(out / c["file"])).stderr.decode())
        assert abs(i - -18) <= 1, (c["file"], i)


def test_clips_file_and_loudness_off_with_json(ep, tmp_path):
    clips = tmp_path / "clips.yaml"
    clips.write_text(f"- quote: {quote(ep, 5)}\n  title: Five\n- start: 1.0\n  end: 4.0\n  title: Opening\n")
    out = tmp_path / "out"
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--clips", str(clips), "-o", str(out),
                            "--loudness", "off", "--json", "--format", "wav", "--fade", "0", "--padding", "0.1"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert [c["file"] for c in doc["clips"]] == ["01-five.wav", "02-opening.wav"]
    assert all(c["loudness"] is None for c in doc["clips"])
    assert (out / "01-five.wav").exists() and r.stderr == ""


def test_chapter_clip(ep, tmp_path):
    chapters = tmp_path / "chapters.txt"
    chapters.write_text("0:00 Opening\n0:10 The middle part\n0:20 Closing\n")
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--chapter", "2", "--chapters", str(chapters),
                            "--dry-run", "--json"])
    assert r.exit_code == 0, r.output
    c = json.loads(r.stdout)["clips"][0]
    assert 9.0 < c["start"] <= 10.0 and 20.0 <= c["end"] < 21.0
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--chapter", "2", "--dry-run"])
    assert r.exit_code == 2 and "--chapters FILE" in r.stderr
    one = tmp_path / "one.txt"
    one.write_text("0:00 Opening\n")
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--chapter", "2", "--chapters", str(one),
                            "--dry-run"])
    assert r.exit_code == 2 and "chapter 2 asked for, but the chapter file has 1 chapter\n" in r.stderr


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--loudness", "loud"], '--loudness: a target in LUFS'),
        (["--loudness", "-3"], "between -70 and -5"),
        (["--range", "12", "10"], "END must come after START"),
        (["--range", "1:99", "2:00"], "--range START: not a time"),
        (["--format", "flac"], "--format: must be one of mp3, m4a, ogg, wav (got 'flac')"),
        ([], "-o DIR"),
    ],
)
def test_bad_options_are_one_line_errors(ep, extra, message):
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", quote(ep, 3), *extra])
    assert r.exit_code == 2, r.output
    assert message in r.stderr and "Traceback" not in r.output


@pytest.mark.parametrize("extra, message", [
    (["--padding", "nan"], "error: --padding: must be a number from 0 to 5 (got 'nan')"),
    (["--padding", "inf"], "error: --padding: must be a number from 0 to 5 (got 'inf')"),
    (["--padding", "-0.5"], "error: --padding: must be a number from 0 to 5 (got '-0.5')"),
    (["--threshold", "nan"], "error: --threshold: must be a number from 0 to 100 (got 'nan')"),
    (["--threshold", "1e400"], "error: --threshold: must be a number from 0 to 100 (got 'inf')"),
])
def test_number_options_must_be_finite_and_in_range(ep, tmp_path, extra, message):
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", quote(ep, 3), "-o", str(tmp_path / "c"),
                            *extra])
    assert r.exit_code == 2 and r.stderr.splitlines()[0] == message  # one plain line (then "Try ... --help")
    assert "Traceback" not in r.output and not (tmp_path / "c").exists()


def test_a_missing_o_is_said_before_the_transcript_is_read(ep, tmp_path):
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(tmp_path / "not-yet.vtt"), "--quote", quote(ep, 3)])
    assert r.exit_code == 2
    assert r.stderr == "error: -o DIR: the folder for the clips is needed (or --dry-run)\n"


def test_nothing_to_cut(ep):
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "-o", "x"])
    assert r.exit_code == 2 and "nothing to cut" in r.stderr


def test_truncated_audio_is_an_error_with_nothing_written(ep, tmp_path):
    bad = tmp_path / "show.mp3"
    data = ep["mp3"].read_bytes()
    bad.write_bytes(data[: len(data) // 3])
    out = tmp_path / "out"
    r = runner.invoke(app, ["clip", str(bad), str(ep["vtt"]), "--quote", quote(ep, 10), "-o", str(out)])
    assert r.exit_code == 2 and r.stderr.startswith(f"error: {bad}: ") and "truncated" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("delay", [0.3, 1.5])
def test_ctrl_c_leaves_no_partial_output(ep, tmp_path, delay):
    """SIGINT to the whole process group (as Ctrl-C in a terminal does) while clips are being cut
    with loudness on and audiograms: a non-zero exit without a traceback, and under the final
    names either nothing or complete files; no temporary file anywhere."""
    out = tmp_path / "out"
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    args = [sys.executable, "-m", "clipper", "clip", str(ep["mp3"]), str(ep["vtt"]), "-o", str(out), "--audiogram"]
    for k in (1, 3, 4, 6, 8, 10):
        args += ["--quote", quote(ep, k)]
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (out.exists() and any(out.iterdir())):
        time.sleep(0.02)  # staged files appear when cutting starts
    assert out.exists(), proc.communicate()
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0, stdout
    assert b"Traceback" not in stderr
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [n for n in left if n.startswith(".") or ".part" in n], left
    assert not list(tmp.iterdir())
    if "clips.json" in left:  # published: every file it names is complete
        doc = json.loads((out / "clips.json").read_text())
        for c in doc["clips"]:
            assert (out / c["file"]).stat().st_size > 1000 and (out / c["audiogram"]).exists()
    else:
        assert left == []


@pytest.fixture(scope="module")
def tone_episode(ffmpeg, tmp_path_factory):
    """A steady 300 Hz tone (no pause, no quieter instant anywhere) and a transcript of words on it."""
    from clipper.model import Segment, Transcript, Word

    folder = tmp_path_factory.mktemp("tone")
    mp3 = folder / "long.mp3"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=8000:duration=6", "-b:a", "8k", str(mp3)])
    words = tuple(Word(s, e, t) for s, e, t in [
        (2_300, 2_700, "is,"), (3_000, 3_400, "what's"), (3_460, 3_640, "the"), (3_700, 4_130, "ceiling"),
        (4_190, 4_310, "of"), (4_370, 4_680, "this?"), (4_800, 5_030, "Yeah.")])
    vtt = folder / "tone.vtt"
    vtt.write_text(dump_transcript(Transcript((Segment(2_300, 5_030, " ".join(w.text for w in words), "Lex", words),)),
                                   "vtt"))
    return mp3, vtt


@pytest.mark.parametrize("padding, cut", [("0", "00:03.000-00:04.680"), ("0.1", "00:02.900-00:04.780"),
                                          ("5", "00:02.700-00:04.800")])
def test_dry_run_notes_give_the_cut_and_padding_counts_in_steady_sound(tone_episode, padding, cut):
    """QA: on a tone the notes named the first word's time (12:22.222) while the range began at
    12:22.068, inside the word before, and --padding 0 and 5 printed the same range."""
    mp3, vtt = tone_episode
    r = runner.invoke(app, ["clip", str(mp3), str(vtt), "--quote", "what's the ceiling of this", "--dry-run",
                            "--padding", padding])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"clip 1: {cut} (")
    start, end = cut.split("-")
    assert r.stderr == (
        "note: clip 1: no pause before the first word, and the sound there is steady: cut by the transcript's times, "
        f"padded but not into the word before (00:{start})\n"
        "note: clip 1: no pause after the last word, and the sound there is steady: cut by the transcript's times, "
        f"padded but not into the word after (00:{end})\n")


@pytest.mark.parametrize("extra, message", [
    (["--padding", "x"], "error: --padding: must be a number from 0 to 5 (got 'x')"),
    (["--padding", "٠.٥"], "error: --padding: must be a number from 0 to 5 (got '٠.٥')"),
    (["--threshold", "high"], "error: --threshold: must be a number from 0 to 100 (got 'high')"),
    (["--fade", "1.5"], "error: --fade: must be a whole number from 0 to 2000 (got '1.5')"),
    (["--fade", "2001"], "error: --fade: must be a whole number from 0 to 2000 (got '2001')"),
    (["--occurrence", "first"], "error: --occurrence: must be a whole number at least 1 (got 'first')"),
    (["--format", "opus"], "error: --format: must be one of mp3, m4a, ogg, wav (got 'opus')"),
])
def test_values_that_are_not_numbers_or_formats_are_usage_errors_worded_as_the_range(ep, tmp_path, extra, message):
    """QA: "--padding x" was refused in pydantic's words ("input should be a valid number, unable to parse
    string as a number") and "-f opus" without the help hint; both now read as every other bad value."""
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", quote(ep, 3), "--dry-run", *extra])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == f"{message}\nTry 'clipper clip --help'.\n"


def test_format_case_and_dot_aside_still_cuts(ep):
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--quote", quote(ep, 3), "--dry-run",
                            "-f", ".OGG", "--padding", " 0.5 ", "--fade", "+10"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("clip 1: ")


def test_a_range_in_other_digits_says_so(ep):
    r = runner.invoke(app, ["clip", str(ep["mp3"]), str(ep["vtt"]), "--range", "٣", "5", "--dry-run"])
    assert r.exit_code == 2
    assert r.stderr == "error: --range START: not a time (use seconds or H:MM:SS with digits 0-9) (got '٣')\n"


def test_silent_audio_is_cut_with_a_warning_naming_the_clip(ep, ffmpeg, tmp_path):
    """QA: on silent audio the dry run said all was well and the cut failed ("clip 1 is silent"); now both go
    through with the same range, and the cut warns once, naming the clip."""
    silence = tmp_path / "silence.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "30", str(silence)])
    args = ["clip", str(silence), str(ep["vtt"]), "--quote", quote(ep, 4)]
    dry = runner.invoke(app, [*args, "--dry-run", "--json"])
    cut = runner.invoke(app, [*args, "-o", str(tmp_path / "clips"), "--json"])
    assert dry.exit_code == 0 and cut.exit_code == 0, cut.output
    ranges = [[(c["start"], c["end"]) for c in json.loads(r.stdout)["clips"]] for r in (dry, cut)]
    assert ranges[0] == ranges[1]
    assert cut.stderr.count("warning: clip 1: the audio is silent (-inf LUFS), so it is not normalised; "
                            "is this the episode's audio?\n") == 1


@pytest.fixture(scope="module")
def tone30(ffmpeg, tmp_path_factory):
    """Exactly 30 s of a steady tone (WAV), for the audio's length against the transcript's (27.3 s)."""
    wav = tmp_path_factory.mktemp("tone30") / "tone30.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=f=330:r=16000", "-t", "30", str(wav)])
    return wav


def test_a_range_past_the_audio_end_is_cut_to_the_audio_end_with_a_warning(ep, tone30, tmp_path):
    """QA: a range running past the end was cut where the transcript ends (27.3 s here), not the audio (30 s)."""
    args = ["clip", str(tone30), str(ep["vtt"]), "--range", "25", "40", "--loudness", "off"]
    dry = runner.invoke(app, [*args, "--dry-run", "--json"])
    cut = runner.invoke(app, [*args, "-o", str(tmp_path / "c"), "--json"])
    assert dry.exit_code == 0 and cut.exit_code == 0, cut.output
    warning = "warning: clip 1: the range ends at 00:00:40, after the audio (00:00:30); cut to its end\n"
    for r in (dry, cut):
        assert r.stderr.count(warning) == 1, r.stderr
        assert json.loads(r.stdout)["clips"][0]["end"] == 30.0
    within = runner.invoke(app, ["clip", str(tone30), str(ep["vtt"]), "--range", "25", "29", "--dry-run", "--json"])
    assert json.loads(within.stdout)["clips"][0]["end"] == 29.0  # past the last word: the range's own end
    assert "warning" not in within.stderr


def test_a_range_after_the_audio_end_is_an_error_on_its_clips_file_line(ep, tone30, tmp_path):
    clips = tmp_path / "late.csv"
    clips.write_text("start,end\n35,40\n")
    r = runner.invoke(app, ["clip", str(tone30), str(ep["vtt"]), "--clips", str(clips), "-o", str(tmp_path / "c")])
    assert r.exit_code == 2
    assert r.stderr == f"error: {clips}:2: clip 1: the range 00:00:35-00:00:40 starts after the audio ends (00:00:30)\n"
    assert not (tmp_path / "c").exists()


def test_words_squeezed_faster_than_speech_warn_and_are_cut_as_timed(ep, tone30, tmp_path):
    """QA: a page's stamps a second apart gave a 10-word quote 0.46 s, score 100 and no warning."""
    from dataclasses import replace

    t = ep["transcript"]
    seg = t.segments[4]
    words = tuple(replace(w, start=seg.start + 30 * i, end=seg.start + 30 * i + 25) for i, w in enumerate(seg.words))
    squeezed = tmp_path / "squeezed.vtt"
    squeezed.write_text(dump_transcript(t.with_segments([*t.segments[:4], replace(seg, words=words, end=words[-1].end),
                                                         *t.segments[5:]]), "vtt"))
    r = runner.invoke(app, ["clip", str(tone30), str(squeezed), "--quote", quote(ep, 4), "--loudness", "off",
                            "-o", str(tmp_path / "c"), "--json"])
    assert r.exit_code == 0, r.output
    clock = lambda ms: f"00:00:{ms // 1000:02d}.{ms % 1000:03d}"  # noqa: E731
    took = words[-1].end - words[0].start
    assert r.stderr.count(f"warning: clip 1: the transcript gives its {len(words)} words only {took / 1000:.2f} s "
                          f"({clock(words[0].start)}-{clock(words[-1].end)}): its times there are doubtful; "
                          "check the clip\n") == 1, r.stderr
    clip = json.loads(r.stdout)["clips"][0]
    assert clip["start"] <= words[0].start / 1000 and clip["end"] >= words[-1].end / 1000  # cut as the times say
    normal = runner.invoke(app, ["clip", str(tone30), str(ep["vtt"]), "--quote", quote(ep, 4), "--dry-run"])
    assert "warning" not in normal.stderr
