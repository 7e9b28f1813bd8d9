"""ffmpeg argument lists for clips: built by pure functions, compared as lists."""

import pytest

from clipper import ffmpeg as ff
from clipper.clips import commands as c
from clipper.errors import FFmpegError, UnknownFormatError

MP3 = c.audio_format("mp3")


def seeks_before_input(args):
    """Every input is preceded by -ss and -t: ffmpeg decodes only that range."""
    inputs = [i for i, a in enumerate(args) if a == "-i"]
    return inputs and all(args[i - 4] == "-ss" and args[i - 2] == "-t" for i in inputs)


def test_seconds_strings():
    assert c.secs(0) == "0.000" and c.secs(1) == "0.001" and c.secs(3_723_456) == "3723.456"
    with pytest.raises(ValueError):
        c.secs(-1)


def test_every_command_reading_the_episode_seeks_first():
    assert c.seek_input("e.mp3", 61_500, 2_000) == ["-ss", "61.500", "-t", "2.000", "-i", "e.mp3"]
    assert seeks_before_input(c.pcm_window_args("e.mp3", 1000, 4000))
    assert seeks_before_input(c.excerpt_args("e.mp3", 1000, 4000, "x.s16le", rate=44_100, channels=2))
    assert seeks_before_input(c.measure_args("e.mp3", 1000, 9000, fade=30))
    assert seeks_before_input(c.cut_args("e.mp3", 1000, 9000, "o.mp3", fmt=MP3, fade=30))
    assert seeks_before_input(c.plain_cut_args("e.mp3", 1000, 9000, "o.mp3", fmt=MP3))


def test_excerpt_and_raw_input():
    assert c.excerpt_args("e.m4a", 5000, 1500, "x.s16le", rate=48_000, channels=1) == [
        "-ss", "5.000", "-t", "1.500", "-i", "e.m4a", "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "48000",
        "-c:a", "pcm_s16le", "-f", "s16le", "-y", "x.s16le"]
    assert c.raw_input("x.s16le", 250, 1000, rate=44_100, channels=2) == [
        "-f", "s16le", "-ar", "44100", "-ac", "2", "-ss", "0.250", "-t", "1.000", "-i", "x.s16le"]


def test_measure_args_ebur128_after_the_fades():
    inp = c.raw_input("x.s16le", 0, 8000, rate=48_000, channels=1)
    args = c.measure_args("e.mp3", 1000, 9000, fade=30, input_args=inp)
    assert args == [*inp, "-map", "0:a:0", "-vn", "-af", "afade=t=in:st=0:d=0.030,afade=t=out:st=7.970:d=0.030,"
                    "ebur128=peak=true:framelog=verbose", "-f", "null", "-"]


MEASURED = {"input_i": "-23.5", "input_tp": "-4.0", "input_lra": "3.1", "input_thresh": "-34.0",
            "target_offset": "0.2"}


def test_a_gain_is_volume_while_the_raised_peak_fits_and_loudnorm_when_it_does_not():
    assert c.needs_limiting(c.Loudness(), -23.5, -8.0)  # +7.5 dB: the peak goes to -0.5 dBTP, over -1
    assert not c.needs_limiting(c.Loudness(), -23.5, -9.0)  # to -1.5: volume only
    assert not c.needs_limiting(c.Loudness(integrated=-23.0), -14.2, -0.3)  # lowered: never limited
    assert c.needs_limiting(c.Loudness(), -20.0, float("nan"))  # no peak measured: limit to be safe
    g = c.Gain(-23.5, -9.0, 7.5)
    assert (g.limited, g.filter(c.Loudness())) == (False, "volume=7.50dB")
    g = c.Gain(-23.5, -4.0, 7.5, MEASURED)
    assert g.limited and g.filter(c.Loudness()) == (
        "loudnorm=I=-16:TP=-1:LRA=11:measured_I=-23.5:measured_TP=-4.0:measured_LRA=3.1:measured_thresh=-34.0:"
        "offset=0.2:linear=true:print_format=json")
    assert c.parse_loudnorm('x\n{\n "input_i" : "-23.5",\n "input_tp" : "-4.0"\n}\n')["input_i"] == "-23.5"


def test_cut_args_fades_gain_tags_and_input_override():
    gain = c.Gain(-23.5, -9.0, 7.5).filter(c.Loudness())
    inp = c.raw_input("x.s16le", 0, 8000, rate=48_000, channels=1)
    args = c.cut_args("e.mp3", 1000, 9000, "o.m4a", fmt=c.audio_format("m4a"), fade=30, gain=gain,
                      metadata={"title": "T: x", "album": "ep"}, input_args=inp)
    assert args[: len(inp)] == inp and "e.mp3" not in args
    af = args[args.index("-af") + 1]
    assert af == "afade=t=in:st=0:d=0.030,afade=t=out:st=7.970:d=0.030," + gain
    assert "-ar" not in args[len(inp):]  # nothing resamples: the excerpt's rate is kept
    assert ["-metadata", "title=T: x"] == args[args.index("-metadata"): args.index("-metadata") + 2]
    assert args[-4:] == ["-f", "ipod", "-y", "o.m4a"]
    assert c.filter_chain(8000, 0, None) == ""
    assert "-af" not in c.cut_args("e.mp3", 0, 8000, "o.wav", fmt=c.audio_format("wav"), fade=0)
    assert c.fade_filter(40, 30) == ["afade=t=in:st=0:d=0.020", "afade=t=out:st=0.020:d=0.020"]


def test_unknown_format():
    assert c.audio_format(".OGG").extension == ".ogg"
    with pytest.raises(UnknownFormatError, match="known: mp3, m4a, ogg, wav"):
        c.audio_format("flac")


def test_parse_ebur128():
    summary = """[Parsed_ebur128_0 @ 0x1] Summary:

  Integrated loudness:
    I:         -16.2 LUFS
    Threshold: -26.4 LUFS

  True peak:
    Peak:       -1.3 dBFS
"""
    assert c.parse_ebur128("M: -20 S: -19\n" + summary) == (-16.2, -1.3)


def test_filter_escaping():
    assert c.escape_value("/tmp/a b/c.srt") == "/tmp/a b/c.srt"
    assert c.escape_value("C:\\x") == "C\\\\:\\\\\\\\x"  # ':' -> '\:' (option), then each '\' doubled (graph)
    assert c.escape_value("it's") == "it\\\\\\'s"
    assert c.escape_value("a,b[c]") == "a\\,b\\[c\\]"


def test_audiogram_graph():
    args = c.audiogram_args("clip.mp3", "/t/c.srt", "o.mp4", duration=5000, title_files=["/t/0.txt", "/t/1.txt"],
                            font="/f/DejaVuSans-Bold.ttf")
    graph = args[args.index("-filter_complex") + 1]
    assert graph.startswith("color=c=0x14213d:s=1080x1920:r=25:d=5.000[bg];[0:a]showwaves=s=1080x480")
    assert "subtitles=filename=/t/c.srt" in graph
    assert graph.count("drawtext=") == 2 and graph.endswith("[t1]")
    assert args[args.index("-map") + 1] == "[t1]" and args[-3:] == ["mp4", "-y", "o.mp4"]
    no_title = c.audiogram_args("clip.mp3", None, "o.mp4", duration=5000)
    assert no_title[no_title.index("-map") + 1] == "[v0]"


def test_audiogram_renders_from_a_folder_with_awkward_characters(ffmpeg, tmp_path, monkeypatch):
    """The captions and title files sit in a temp folder whose path goes into the filter graph."""
    import tempfile

    from clipper.clips import audiogram

    weird = tmp_path / "it's [a], dir; x=1"
    weird.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(weird))
    clip = tmp_path / "clip.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", "sine=f=220:d=2", "-c:a", "pcm_s16le", str(clip)])
    out = tmp_path / "a.mp4"
    srt = "1\n00:00:00,200 --> 00:00:01,500\nhello: it's [me], 100%\n"
    warning = audiogram.render(ffmpeg, clip, srt, out, title="Title: 'quotes', commas; and \\ backslash", duration=2000)
    assert warning is None
    err = ff.probe(ffmpeg, out)
    assert err.has_video and abs(err.duration - 2000) <= 80
    assert not list(weird.iterdir())  # its temp folder is gone


def test_wrap_title():
    from clipper.clips.audiogram import wrap_title

    assert wrap_title("short") == "short"
    long = wrap_title("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen")
    assert len(long.split("\n")) == 3 and long.endswith("…")
    assert all(len(ln) <= 24 for ln in long.split("\n"))
