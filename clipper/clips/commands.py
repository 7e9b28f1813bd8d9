"""ffmpeg argument lists for clips, built by pure functions (tests compare the lists).

Every command that reads the episode seeks first (``-ss`` and ``-t`` before ``-i``), so ffmpeg
decodes only the clip's range, never the whole episode. The lists exclude the binary and the
``-hide_banner -nostdin`` that ``clipper.ffmpeg.run`` adds.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..errors import FFmpegError, InputError, UnknownFormatError
from ..model import Ms

PCM_RATE = 16_000  # edge analysis: mono 16 kHz s16le is plenty to find pauses


@dataclass(frozen=True, slots=True)
class AudioFormat:
    name: str
    extension: str
    codec_args: tuple[str, ...]


AUDIO_FORMATS: dict[str, AudioFormat] = {
    f.name: f
    for f in (
        AudioFormat("mp3", ".mp3", ("-c:a", "libmp3lame", "-b:a", "128k", "-id3v2_version", "3")),
        AudioFormat("m4a", ".m4a", ("-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart")),
        AudioFormat("ogg", ".ogg", ("-c:a", "libvorbis", "-q:a", "5")),
        AudioFormat("wav", ".wav", ("-c:a", "pcm_s16le")),
    )
}


def audio_format(name: str) -> AudioFormat:
    try:
        return AUDIO_FORMATS[name.lower().lstrip(".")]
    except KeyError:
        raise UnknownFormatError(f"unknown clip audio format {name!r}; known: {', '.join(AUDIO_FORMATS)}") from None


@dataclass(frozen=True, slots=True)
class Loudness:
    """EBU R128 targets: integrated loudness (LUFS) and true peak (dBTP)."""

    integrated: float = -16.0
    true_peak: float = -1.0


def parse_loudness(value: object) -> Loudness | None:
    """A loudness setting: a target in LUFS (``-16``, ``"-16 LUFS"``), or ``off``/``none``/``no`` for none."""
    text = str(value).strip().lower()
    if text in ("off", "none", "no"):
        return None
    try:
        target = float(text.removesuffix("lufs").strip())
    except ValueError:
        raise InputError('--loudness: a target in LUFS (like -16) or "off"', text=str(value)) from None
    if not -70.0 <= target <= -5.0:
        raise InputError("--loudness: the target must be between -70 and -5 LUFS", text=str(value))
    return Loudness(integrated=target)


def secs(ms: Ms) -> str:
    """Milliseconds as the seconds string ffmpeg reads (``12.345``)."""
    if ms < 0:
        raise ValueError(f"negative time {ms} ms")
    return f"{ms // 1000}.{ms % 1000:03d}"


def seek_input(audio: str | os.PathLike[str], start: Ms, duration: Ms) -> list[str]:
    """Input options that make ffmpeg read only ``start .. start+duration`` of ``audio``."""
    return ["-ss", secs(start), "-t", secs(duration), "-i", str(audio)]


def pcm_window_args(audio: str | os.PathLike[str], start: Ms, duration: Ms, *, rate: int = PCM_RATE) -> list[str]:
    """Decode a short window of the first audio stream to raw mono s16le PCM on stdout."""
    return [
        *seek_input(audio, start, duration),
        "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(rate), "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1",
    ]


def excerpt_args(audio: str | os.PathLike[str], start: Ms, duration: Ms, out: str | os.PathLike[str], *,
                 rate: int, channels: int) -> list[str]:
    """Decode ``start .. start+duration`` of the first audio stream to raw s16le PCM in ``out``."""
    return [
        *seek_input(audio, start, duration),
        "-map", "0:a:0", "-vn", "-ac", str(channels), "-ar", str(rate), "-c:a", "pcm_s16le", "-f", "s16le",
        "-y", str(out),
    ]


def raw_input(path: str | os.PathLike[str], start: Ms, duration: Ms, *, rate: int, channels: int) -> list[str]:
    """Input options reading ``start .. start+duration`` of a raw s16le PCM file (exact seeks)."""
    return ["-f", "s16le", "-ar", str(rate), "-ac", str(channels), "-ss", secs(start), "-t", secs(duration),
            "-i", str(path)]


def fade_filter(duration: Ms, fade: Ms) -> list[str]:
    if fade <= 0:
        return []
    fade = min(fade, duration // 2)
    return [f"afade=t=in:st=0:d={secs(fade)}", f"afade=t=out:st={secs(duration - fade)}:d={secs(fade)}"]


@dataclass(frozen=True, slots=True)
class Gain:
    """How a clip is normalised: its measured integrated loudness (LUFS) and true peak (dBTP), the
    gain that brings it to the target, and, when ``true_peak + gain`` would pass the target's true
    peak, ``loudnorm``'s measurement of the clip: such a clip is normalised by two-pass ``loudnorm``,
    whose true-peak limiter holds the target where a plain limiter (sample peaks) did not."""

    integrated: float
    true_peak: float
    gain: float  # dB
    loudnorm: Mapping[str, str] | None = None  # pass-1 report when the peaks need limiting; None: volume only
    reached: float | None = None  # a limited clip: the integrated loudness loudnorm's second pass reports

    @property
    def limited(self) -> bool:
        return self.loudnorm is not None

    def filter(self, target: "Loudness") -> str:
        """``volume=GdB``, or for a limited clip ``loudnorm``'s second pass with its measurement."""
        if self.loudnorm is None:
            return f"volume={self.gain:.2f}dB"
        return loudnorm_filter(target, self.loudnorm)


def needs_limiting(target: Loudness, integrated: float, true_peak: float) -> bool:
    """Whether raising the clip to ``target`` would push its true peak past the target's (nan: be safe)."""
    tp = true_peak if true_peak == true_peak else float("inf")
    return tp + (target.integrated - integrated) > target.true_peak


LRA = 11.0  # loudnorm's loudness-range target for limited clips (its default; speech stays well under it)


def loudnorm_filter(target: Loudness, measured: Mapping[str, str] | None = None) -> str:
    """``loudnorm`` for the first pass (``measured=None``) or the second, linear where it can be."""
    parts = [f"I={target.integrated:g}", f"TP={target.true_peak:g}", f"LRA={LRA:g}"]
    if measured is not None:
        parts += [f"measured_I={measured['input_i']}", f"measured_TP={measured['input_tp']}",
                  f"measured_LRA={measured['input_lra']}", f"measured_thresh={measured['input_thresh']}",
                  f"offset={measured['target_offset']}", "linear=true"]
    parts.append("print_format=json")
    return "loudnorm=" + ":".join(parts)


def parse_loudnorm(stderr: str) -> dict[str, str]:
    """The JSON block ``loudnorm ... print_format=json`` prints (the last one on stderr)."""
    blocks = re.findall(r"\{[^{}]*\"input_i\"[^{}]*\}", stderr)
    if not blocks:
        raise FFmpegError("ffmpeg printed no loudnorm measurement", stderr=stderr)
    return json.loads(blocks[-1])


def filter_chain(duration: Ms, fade: Ms, extra: str | None) -> str:
    return ",".join([*fade_filter(duration, fade), *([extra] if extra else [])])


MEASURE = "ebur128=peak=true:framelog=verbose"  # the summary at info level, not a line per 100 ms


def measure_args(audio: str | os.PathLike[str], start: Ms, end: Ms, *, fade: Ms,
                 input_args: list[str] | None = None, meter: str = MEASURE) -> list[str]:
    """Pass 1: measure the faded clip range's integrated loudness and true peak (``ebur128``; the
    summary lands on stderr, read with ``parse_ebur128``), or with ``meter=loudnorm_filter(target)``
    loudnorm's own report (``parse_loudnorm``).

    ``input_args`` replaces the seek into ``audio`` (to read the range from an excerpt instead)."""
    chain = filter_chain(end - start, fade, meter)
    inp = input_args if input_args is not None else seek_input(audio, start, end - start)
    return [*inp, "-map", "0:a:0", "-vn", "-af", chain, "-f", "null", "-"]


def cut_args(
    audio: str | os.PathLike[str],
    start: Ms,
    end: Ms,
    out: str | os.PathLike[str],
    *,
    fmt: AudioFormat,
    fade: Ms,
    gain: str | None = None,
    sample_rate: int | None = None,
    metadata: Mapping[str, str] = {},
    input_args: list[str] | None = None,
) -> list[str]:
    """Cut ``start..end`` into ``out`` with fades, an optional gain filter (``Gain.filter()``) and tags
    (source tags dropped).

    ``input_args`` replaces the seek into ``audio`` (to read the range from an excerpt instead)."""
    inp = input_args if input_args is not None else seek_input(audio, start, end - start)
    args = [*inp, "-map", "0:a:0", "-vn", "-map_metadata", "-1", "-map_chapters", "-1"]
    chain = filter_chain(end - start, fade, gain)
    if chain:
        args += ["-af", chain]
    if sample_rate:
        args += ["-ar", str(sample_rate)]
    args += list(fmt.codec_args)
    for key, value in metadata.items():
        args += ["-metadata", f"{key}={value}"]
    args += ["-f", {"m4a": "ipod"}.get(fmt.name, fmt.name), "-y", str(out)]
    return args


def plain_cut_args(audio: str | os.PathLike[str], start: Ms, end: Ms, out: str | os.PathLike[str], *, fmt: AudioFormat) -> list[str]:
    """The plain ffmpeg cut the benchmark compares against: same seek and encoding, nothing else."""
    return [*seek_input(audio, start, end - start), "-map", "0:a:0", "-vn", *fmt.codec_args, "-y", str(out)]


def ebur128_args(path: str | os.PathLike[str]) -> list[str]:
    """Measure a (short) file's integrated loudness and true peak; the summary is on stderr."""
    return ["-i", str(path), "-map", "0:a:0", "-af", MEASURE, "-f", "null", "-"]


def parse_ebur128(stderr: str) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBFS) from the ``ebur128`` summary."""
    summary = stderr[stderr.rfind("Summary:"):]
    i = re.search(r"I:\s*(-?[\d.]+|-inf)\s*LUFS", summary)
    peak = re.search(r"Peak:\s*(-?[\d.]+|-inf)\s*dBFS", summary)
    if not i:
        raise FFmpegError("ffmpeg printed no ebur128 summary", stderr=stderr)
    return float(i.group(1)), float(peak.group(1)) if peak else float("nan")


# --- filter-graph escaping ---------------------------------------------------------------------


def escape_value(value: str) -> str:
    """Escape a filter option value twice: for the option parser, then for the filter graph.

    See "Notes on filtergraph escaping" in the ffmpeg filters documentation: ``'``, ``\\`` and ``:``
    are special inside an option value; ``\\``, ``'``, ``[``, ``]``, ``,`` and ``;`` in the graph.
    """
    level1 = re.sub(r"([\\':])", r"\\\1", value)
    return re.sub(r"([\\'\[\],;])", r"\\\1", level1)


def audiogram_args(
    clip: str | os.PathLike[str],
    srt: str | os.PathLike[str] | None,
    out: str | os.PathLike[str],
    *,
    duration: Ms,
    title_files: Sequence[str | os.PathLike[str]] = (),
    font: str | os.PathLike[str] | None = None,
    size: tuple[int, int] = (1080, 1920),
    rate: int = 25,
) -> list[str]:
    """A vertical video: background, waveform (showwaves), burned-in captions, title on top.

    The title comes one line per file in ``title_files`` (drawn centred one under the other, which
    every ffmpeg's ``drawtext`` can do); it needs a ``font`` file."""
    w, h = size
    wave_h = h // 4
    graph = [
        f"color=c=0x14213d:s={w}x{h}:r={rate}:d={secs(duration)}[bg]",
        f"[0:a]showwaves=s={w}x{wave_h}:mode=cline:draw=full:rate={rate}:colors=0xfca311,format=yuva420p[wave]",
        f"[bg][wave]overlay=x=0:y={(h - wave_h) // 2}:shortest=1[v0]",
    ]
    last = "v0"
    if srt is not None:
        style = "FontName=DejaVu Sans,FontSize=12,PrimaryColour=&H00FFFFFF,OutlineColour=&H80000000,BorderStyle=1,Outline=1,Alignment=2,MarginV=40"
        graph.append(f"[{last}]subtitles=filename={escape_value(str(srt))}:force_style={escape_value(style)}[v1]")
        last = "v1"
    if font is not None:
        size_px = w // 16
        for i, tf in enumerate(title_files):
            graph.append(
                f"[{last}]drawtext=fontfile={escape_value(str(font))}:textfile={escape_value(str(tf))}"
                f":expansion=none:fontcolor=white:fontsize={size_px}:x=(w-text_w)/2"
                f":y={h // 10 + i * (size_px * 5 // 4)}[t{i}]"
            )
            last = f"t{i}"
    return [
        "-i", str(clip),
        "-filter_complex", ";".join(graph),
        "-map", f"[{last}]", "-map", "0:a:0",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-r", str(rate),
        "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart",
        "-f", "mp4", "-y", str(out),
    ]
