"""clipper doctor: the ffmpeg in use and what it can do, extras, fonts; readable table, --json, exit 1."""
import json
import os
import stat
import textwrap

import pytest
from typer.testing import CliRunner

from clipper import doctor
from clipper.cli import app

runner = CliRunner()

ENCODERS = textwrap.dedent("""\
    Encoders:
     V..... = Video
     A..... = Audio
     ------
     V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC (codec h264)
     A....D aac                  AAC (Advanced Audio Coding)
     A....D flac                 FLAC (Free Lossless Audio Codec)
     A....D libmp3lame           libmp3lame MP3 (MPEG audio layer 3) (codec mp3)
     A....D pcm_s16le            PCM signed 16-bit little-endian
    """)

FILTERS = textwrap.dedent("""\
    Filters:
      T.. = Timeline support
      | = Source or sink filter
      ------
     .. ebur128           A->N       EBU R128 scanner.
     .. loudnorm          A->A       EBU R128 loudness normalization
     .. volume            A->A       Change input volume.
     .. alimiter          A->A       Audio lookahead limiter.
     .. silencedetect     A->A       Detect silence.
     T. drawtext          V->V       Draw text on top of video frames using libfreetype library.
    """)


def test_parse_listing_reads_names_after_the_rule():
    assert doctor.parse_listing(ENCODERS) == {"libx264", "aac", "flac", "libmp3lame", "pcm_s16le"}
    assert doctor.parse_listing(FILTERS) == {"ebur128", "loudnorm", "volume", "alimiter", "silencedetect", "drawtext"}
    # the legend above the rule ("A..... = Audio") is not a name
    assert "=" not in doctor.parse_listing(ENCODERS)


def test_doctor_names_only_the_clip_formats_clip_writes():
    """Each clip format (`clip -f`) has its encoder listed, and no encoder is listed for a format clip
    refuses (there is no FLAC clip, so no "flac" line)."""
    from clipper.clips.commands import AUDIO_FORMATS

    encoders = {n.name: n for n in doctor.NEEDS if n.kind == "encoder"}
    for fmt in AUDIO_FORMATS.values():
        codec = fmt.codec_args[fmt.codec_args.index("-c:a") + 1]
        assert f"{fmt.name.upper()}" in encoders[codec].used_for
    assert "flac" not in encoders and not any("FLAC" in n.used_for for n in doctor.NEEDS)
    assert encoders["libmp3lame"].required and encoders["pcm_s16le"].required
    assert not encoders["libvorbis"].required and not encoders["libx264"].required
    # and no filter clipper never runs (alimiter: limited clips go through loudnorm)
    assert not {"silencedetect", "alimiter"} & {n.name for n in doctor.NEEDS}


def test_check_on_the_resolved_ffmpeg(ffmpeg):
    r = doctor.check(ffmpeg)
    assert r.ffmpeg_path == ffmpeg and r.ffmpeg_source == "option"
    assert r.ffmpeg_version.startswith("ffmpeg version")
    names = {f.need.name: f.present for f in r.found}
    assert set(names) == {n.name for n in doctor.NEEDS}
    # the imageio-ffmpeg build (and any usable ffmpeg) has what clips need
    assert names["libmp3lame"] and names["aac"] and names["ebur128"] and names["volume"] and names["loudnorm"]
    assert r.ok and r.missing_required == ()
    assert json.loads(json.dumps(r.as_dict()))["ffmpeg"]["path"] == ffmpeg


def test_source_is_the_environment_variable(ffmpeg, monkeypatch):
    monkeypatch.setenv("CLIPPER_FFMPEG", ffmpeg)
    r = doctor.check()
    assert (r.ffmpeg_path, r.ffmpeg_source) == (ffmpeg, "CLIPPER_FFMPEG")


def test_extras_found_without_importing():
    seen = []

    def fake_find_spec(name):
        seen.append(name)
        return object() if name != "torch" else None

    (sem,) = doctor.extras(fake_find_spec)
    assert sem.name == "semantic" and not sem.present and sem.missing == ("torch",)
    assert seen == list(doctor.SEMANTIC_MODULES)
    (sem,) = doctor.extras(lambda name: object())
    assert sem.present and sem.missing == ()


def _fake_ffmpeg(tmp_path, encoders: str, filters: str):
    """A stand-in ffmpeg (a shell script) whose listings lack some pieces."""
    (tmp_path / "enc.txt").write_text(encoders)
    (tmp_path / "fil.txt").write_text(filters)
    script = tmp_path / "ffmpeg"
    script.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        for a in "$@"; do
          case "$a" in
            -version) echo "ffmpeg version 4.4-fake"; exit 0;;
            -encoders) cat {tmp_path / 'enc.txt'}; exit 0;;
            -filters) cat {tmp_path / 'fil.txt'}; exit 0;;
          esac
        done
        exit 1
        """))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.skipif(os.name != "posix", reason="the stand-in ffmpeg is a shell script")
def test_missing_encoder_is_reported_and_exits_1(tmp_path):
    fake = _fake_ffmpeg(tmp_path, ENCODERS.replace("libmp3lame", "libmp3lamX"), FILTERS)
    r = doctor.check(fake)
    assert r.ffmpeg_version == "ffmpeg version 4.4-fake"
    assert r.missing_required == ("libmp3lame",) and not r.ok
    present = {f.need.name: f.present for f in r.found}
    assert present["drawtext"] and not present["showwaves"] and not present["libvorbis"]

    res = runner.invoke(app, ["doctor", "--ffmpeg", fake])
    assert res.exit_code == 1
    assert "MISSING libmp3lame" in res.stdout
    assert "absent  showwaves" in res.stdout  # optional pieces are not errors
    assert "missing what clipper needs: libmp3lame" in res.stdout


def test_cli_table(ffmpeg):
    res = runner.invoke(app, ["doctor", "--ffmpeg", ffmpeg])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert f"{ffmpeg} (from option)" in out
    assert "ffmpeg version" in out
    for need in doctor.NEEDS:
        assert need.name in out
    assert "semantic" in out and "audiogram" in out
    assert out.rstrip().endswith("everything clipper needs is here")


def test_cli_json(ffmpeg):
    res = runner.invoke(app, ["doctor", "--ffmpeg", ffmpeg, "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["ok"] is True and d["ffmpeg"]["source"] == "option"
    assert {f["name"] for f in d["ffmpeg_features"]} == {n.name for n in doctor.NEEDS}
    assert d["extras"][0]["name"] == "semantic"
    assert d["font"] is None or os.path.isfile(d["font"])


def test_no_ffmpeg_is_exit_1_not_a_traceback(tmp_path):
    res = runner.invoke(app, ["doctor", "--ffmpeg", str(tmp_path / "nope")])
    assert res.exit_code == 1
    assert "MISSING ffmpeg" in res.stdout and "not an executable file" in res.stdout
    assert res.exception is None or isinstance(res.exception, SystemExit)
    res = runner.invoke(app, ["doctor", "--ffmpeg", str(tmp_path / "nope"), "--json"])
    d = json.loads(res.stdout)
    assert res.exit_code == 1 and d["ok"] is False and d["missing_required"] == ["ffmpeg"]
