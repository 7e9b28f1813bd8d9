import stat

import pytest

from clipper import ffmpeg
from clipper.errors import AudioError, FFmpegError


def test_resolve_order(tmp_path, monkeypatch):
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\n")
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
