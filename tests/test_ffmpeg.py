import stat
from pathlib import Path

import pytest

from clipper import ffmpeg, timecode
from clipper.errors import AudioError, FFmpegError


def test_resolve_order(tmp_path, monkeypatch):
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho 'ffmpeg version 6.0-stand-in'\n")  # resolution checks -version
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("CLIPPER_FFMPEG", str(fake))
    assert ffmpeg.resolve_with_source().source == "CLIPPER_FFMPEG"
    assert ffmpeg.resolve_with_source(str(fake)).source == "option"
    monkeypatch.delenv("CLIPPER_FFMPEG")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ffmpeg.resolve_with_source().source == "PATH"
    monkeypatch.setenv("PATH", "")
    assert ffmpeg.resolve_with_source().source == "imageio-ffmpeg"


def test_bad_option_is_a_clear_error():
    with pytest.raises(FFmpegError, match="not an executable"):
        ffmpeg.resolve("/nonexistent/ffmpeg")


def test_probe_reads_duration_without_ffprobe(ffmpeg, tmp_path):
    from clipper import ffmpeg as ff

    out = tmp_path / "tone.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=frequency=440:duration=2.5", str(out)])
    info = ff.probe(ffmpeg, out)
    assert abs(info.duration - 2500) <= 30 and info.has_audio and info.sample_rate == 44100


def test_probe_rejects_non_audio(ffmpeg, tmp_path):
    from clipper import ffmpeg as ff

    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"not audio at all" * 100)
    with pytest.raises(AudioError):
        ff.probe(ffmpeg, bad)


def test_failed_command_keeps_stderr(ffmpeg):
    with pytest.raises(FFmpegError) as e:
        ffmpeg_mod_run = __import__("clipper.ffmpeg", fromlist=["run"]).run
        ffmpeg_mod_run(ffmpeg, ["-i", "/nonexistent.wav", "-f", "null", "-"])
    assert "/nonexistent.wav" in e.value.stderr


# --- the resolved binary must be ffmpeg ----------------------------------------------------------


def test_a_binary_that_is_not_ffmpeg_is_named_as_such(tmp_path, monkeypatch):
    false = tmp_path / "false"
    false.write_text("#!/bin/sh\nexit 1\n")
    false.chmod(false.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(FFmpegError) as e:
        ffmpeg.resolve(str(false))
    assert str(e.value) == (f"--ffmpeg {false} is not ffmpeg (`false -version` printed nothing and exited with "
                            'status 1; expected "ffmpeg version ...")')
    monkeypatch.setenv("CLIPPER_FFMPEG", str(false))
    with pytest.raises(FFmpegError, match=f"^CLIPPER_FFMPEG={false} is not ffmpeg"):
        ffmpeg.resolve()


def test_version_check_runs_once_per_path(tmp_path):
    count = tmp_path / "count"
    fake = tmp_path / "ffmpeg"
    fake.write_text(f"#!/bin/sh\necho x >> {count}\necho 'ffmpeg version 6.0-stand-in'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    for _ in range(3):
        assert ffmpeg.resolve(str(fake)) == str(fake)
    assert ffmpeg.version(str(fake)) == "ffmpeg version 6.0-stand-in"
    assert count.read_text().count("x") == 1


@pytest.mark.skipif(not Path("/bin/false").exists(), reason="needs /bin/false")
def test_cli_names_the_option_that_is_not_ffmpeg(ffmpeg, tmp_path):
    """It used to blame the audio: "error: ep.m4a: ffmpeg cannot read this file: no message"."""
    from typer.testing import CliRunner

    from clipper import ffmpeg as ff
    from clipper.cli import app

    audio = tmp_path / "ep.m4a"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=d=3", "-c:a", "aac", str(audio)])
    chapters = tmp_path / "chapters.txt"
    chapters.write_text("0:00 Intro\n0:01 Middle\n")
    r = CliRunner().invoke(app, ["embed", str(audio), str(chapters), "-o", str(tmp_path / "out.m4a"),
                                 "--ffmpeg", "/bin/false"])
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit))
    assert r.output.startswith("error: --ffmpeg /bin/false is not ffmpeg (`false -version` printed nothing")


# --- a failed command on an unreadable input names that input ------------------------------------


def test_input_files_skip_pipes_and_generators():
    args = ["-f", "lavfi", "-i", "sine=d=1", "-i", "ep.mp3", "-f", "ffmetadata", "-i", "pipe:0", "-i", "-", "out.m4a"]
    assert ffmpeg.input_files(args) == [None, "ep.mp3", None, None]


def test_blame_reads_old_and_new_ffmpeg_wording():
    old = "fake.mp3: Invalid data found when processing input\n"  # ffmpeg 4 and 5
    assert ffmpeg.blame(old, ["fake.mp3"]) == ("fake.mp3", "not readable audio (ffmpeg: Invalid data found when "
                                                          "processing input)")
    new = ("[in#1 @ 0x55] Error opening input: Invalid data found when processing input\n"
           "Error opening input file b.mp3.\nError opening input files: Invalid data found when processing input\n")
    assert ffmpeg.blame(new, ["a.mp3", "b.mp3"])[0] == "b.mp3"
    decode = ("[aist#1:0/mp3 @ 0x56] [dec:mp3float @ 0x56] Error submitting packet to decoder: Invalid data found "
              "when processing input\nConversion failed!\n")
    assert ffmpeg.blame(decode, ["a.mp3", "b.mp3"])[0] == "b.mp3"
    encoder = ("[aost#0:0/libmp3lame @ 0x5] [enc:libmp3lame @ 0x5] Could not open encoder before EOF\n"
               "[out#0/mp3 @ 0x5] Nothing was written into output file, because at least one of its streams "
               "received no packets.\nConversion failed!\n")
    assert ffmpeg.blame(encoder, ["a.mp3"]) is None  # the encoder's fault, not the input's
    assert ffmpeg.last_error_line(encoder) == "Could not open encoder before EOF"
    header = ("[ipod @ 0x5] Tag text incompatible with output codec id '98314' ([0][0][0][0])\n"
              "[out#0/ipod @ 0x5] Could not write header (incorrect codec parameters ?): Invalid data found when "
              "processing input\nConversion failed!\n")
    assert ffmpeg.blame(header, ["a.m4a"]) is None  # the output could not be written: the input is fine


@pytest.fixture
def junk_mp3(tmp_path):
    """A text file renamed .mp3, behind an ID3 header: ffmpeg "detects" MP3 with 0 channels."""
    bad = tmp_path / "episode.mp3"
    bad.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"Welcome to the show, this is a transcript.\n" * 2000)
    return bad


def test_failed_command_names_the_unreadable_input(ffmpeg, tmp_path, junk_mp3):
    from clipper import ffmpeg as ff

    text = tmp_path / "notes.mp3"
    text.write_text("0:00 Intro\n2:00 Safety\n" * 50)
    for bad in (text, junk_mp3):
        with pytest.raises(FFmpegError) as e:
            ff.run(ffmpeg, ["-ss", "1", "-i", str(bad), "-t", "5", "-af", "loudnorm", "-y", str(tmp_path / "o.wav")])
        assert e.value.path == str(bad) and e.value.message.startswith("not readable audio (ffmpeg: ")
        assert str(e.value).startswith(f"{bad}: not readable audio")
        with pytest.raises(AudioError, match="not readable audio") as e:
            ff.probe(ffmpeg, bad)
        assert e.value.path == str(bad)


def test_output_failure_is_not_blamed_on_the_input(ffmpeg, tmp_path):
    from clipper import ffmpeg as ff

    with pytest.raises(FFmpegError) as e:
        ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=d=1", "-y", str(tmp_path / "no" / "such" / "dir.wav")])
    assert e.value.path is None
    assert e.value.message.startswith("ffmpeg failed: Error opening output") and "No such file" in e.value.message


# --- the real length of a truncated file ----------------------------------------------------------


def test_parse_progress_takes_the_last_out_time():
    out = "out_time_us=1000000\nprogress=continue\nout_time_us=299976979\nprogress=end\n"
    assert ffmpeg.parse_progress(out) == 299_977
    assert ffmpeg.parse_progress("out_time_us=N/A\nprogress=end\n") is None


@pytest.mark.parametrize("codec", [["-c:a", "libmp3lame", "-b:a", "64k"], ["-c:a", "flac"]], ids=["mp3", "flac"])
def test_truncated_file_is_measured_not_taken_from_its_header(ffmpeg, tmp_path, codec):
    from clipper import ffmpeg as ff

    ext = "mp3" if "libmp3lame" in codec else "flac"
    full = tmp_path / f"full.{ext}"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "anoisesrc=d=20:a=0.1:seed=1", *codec, str(full)])
    whole = ff.audio_length(ffmpeg, full)
    assert abs(whole.ms - 20_000) <= 60 and whole.note(full) is None
    cut = tmp_path / f"cut.{ext}"
    data = full.read_bytes()
    cut.write_bytes(data[: len(data) // 2])  # as `head -c` leaves it
    half = ff.audio_length(ffmpeg, cut)
    assert abs(half.header - 20_000) <= 60  # the header still says 20 s
    assert 8_000 < half.ms < 12_000
    assert half.note(cut) == (f"{cut}: its header says it lasts {timecode.format_clock(half.header)}, but its audio "
                              f"ends at {timecode.format_clock(half.ms)} (is the file truncated?); using "
                              f"{timecode.format_clock(half.ms)}")
