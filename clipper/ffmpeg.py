"""Finding ffmpeg and running it: commands are built as data (lists) and run in one place.

``resolve`` finds the binary in a fixed order (explicit option, ``CLIPPER_FFMPEG``, ``PATH``, the
binary shipped in the ``imageio-ffmpeg`` wheel), checks that it is ffmpeg (``-version``, once per path)
and every caller passes the path down. There is no global ffmpeg setting and nothing uses ffprobe:
media facts are read from ``ffmpeg -i`` output, and the length that matters (``audio_length``) from
reading every audio packet, because a truncated file's header still states the full length.

A failed command on an input file is blamed on that file ("not readable audio") when ffmpeg's stderr
says it could not open or decode it; other failures keep ffmpeg's last line.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from . import timecode
from .errors import AudioError, FFmpegError

ENV_VAR = "CLIPPER_FFMPEG"


@dataclass(frozen=True)
class Resolved:
    path: str
    source: str  # "option", "CLIPPER_FFMPEG", "PATH", "imageio-ffmpeg"


def resolve_with_source(option: str | os.PathLike[str] | None = None) -> Resolved:
    if option:
        return _verified(_check(str(option), "--ffmpeg"), "option", f"--ffmpeg {option}")
    env = os.environ.get(ENV_VAR)
    if env:
        return _verified(_check(env, ENV_VAR), ENV_VAR, f"{ENV_VAR}={env}")
    found = shutil.which("ffmpeg")
    if found:
        return _verified(found, "PATH", f"the ffmpeg on PATH ({found})")
    try:
        import imageio_ffmpeg
    except ImportError:
        imageio_ffmpeg = None
    if imageio_ffmpeg is not None:
        try:
            exe = imageio_ffmpeg.get_ffmpeg_exe()
        except RuntimeError:
            exe = None
        if exe:
            return _verified(exe, "imageio-ffmpeg", f"the imageio-ffmpeg binary ({exe})")
    raise FFmpegError(
        f"ffmpeg not found: pass --ffmpeg PATH, set {ENV_VAR}, put ffmpeg on PATH, "
        "or install the imageio-ffmpeg wheel"
    )


def resolve(option: str | os.PathLike[str] | None = None) -> str:
    """The ffmpeg binary to use; see the module docstring for the order."""
    return resolve_with_source(option).path


def _check(path: str, where: str) -> str:
    p = shutil.which(path) or (path if Path(path).is_file() else None)
    if not p or not os.access(p, os.X_OK):
        raise FFmpegError(f"{where} names {path!r}, which is not an executable file")
    return p


def _verified(path: str, source: str, named: str) -> Resolved:
    first, why = identify(path)
    if first is None:
        raise FFmpegError(f"{named} is not ffmpeg ({why})")
    return Resolved(path, source)


VERSION_TIMEOUT = 20.0  # s; ffmpeg answers -version in a few ms, a wrong binary may not answer at all


@functools.lru_cache(maxsize=64)
def identify(path: str) -> tuple[str | None, str]:
    """``(first line of "PATH -version", "")`` when that line starts with "ffmpeg version", else
    ``(None, why not)``. Run once per path in a process (resolution happens in every command)."""
    name = Path(path).name
    try:
        proc = subprocess.run([path, "-version"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=VERSION_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return None, f"`{name} -version` did not answer within {VERSION_TIMEOUT:g} s"
    except OSError as e:
        return None, f"it cannot be run: {e.strerror or e}"
    lines = [ln.strip() for ln in proc.stdout.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    if lines and lines[0].startswith("ffmpeg version"):
        return lines[0], ""
    said = f"printed {lines[0][:60]!r}" if lines else "printed nothing"
    status = f" and exited with status {proc.returncode}" if proc.returncode else ""
    return None, f"`{name} -version` {said}{status}; expected \"ffmpeg version ...\""


def run(
    ffmpeg: str,
    args: Sequence[str],
    *,
    input: bytes | None = None,
    capture_stdout: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``ffmpeg args...``; raise ``FFmpegError`` with the tail of stderr when it fails."""
    cmd = [ffmpeg, "-hide_banner", "-nostdin", *args]
    try:
        proc = subprocess.run(
            cmd,
            input=input,
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise FFmpegError(f"ffmpeg not found at {ffmpeg!r}", cmd=cmd) from None
    except OSError as e:
        raise FFmpegError(f"cannot run ffmpeg at {ffmpeg!r}: {e.strerror or e}", cmd=cmd) from None
    except subprocess.TimeoutExpired:
        raise FFmpegError(f"ffmpeg took longer than {timeout} s", cmd=cmd) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", errors="replace")
        blamed = blame(err, input_files(args))
        if blamed is not None:
            path, message = blamed
            raise FFmpegError(message, cmd=cmd, stderr=err, path=path)
        raise FFmpegError(f"ffmpeg failed: {last_error_line(err)}", cmd=cmd, stderr=err)
    return proc


_PREFIX = re.compile(r"^(?:\[[^\]]*\]\s*)+")  # "[in#0 @ 0x55...] [dec:mp3 @ 0x...] "
_PARENS = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)")  # one level of nesting
_COMPLAINT = re.compile(r"error|could not|cannot|invalid|failed|unable|not found|no such|out of range", re.IGNORECASE)
# lines that follow any failure and say nothing about its cause
_AFTERMATH = re.compile(r"^(Conversion failed!|Terminating thread|Task finished|Nothing was written|size=|"
                        r"Error opening (?:in|out)put files?[:.])")


def last_error_line(stderr: str) -> str:
    """ffmpeg's first complaint about the cause of a failure (not "Conversion failed!" and the
    like that follow every failure), without its ``[xx @ 0x...]`` prefixes; else its last line."""
    lines = [_PREFIX.sub("", ln.strip()) for ln in stderr.strip().splitlines() if ln.strip()]
    for ln in lines:
        if _COMPLAINT.search(ln) and not _AFTERMATH.match(ln):
            return _shorten(ln)
    return _shorten(lines[-1]) if lines else "no message"


def _shorten(line: str) -> str:
    line = _PARENS.sub("", line)  # "(Audio: mp3 (mp3float), 0 channels, fltp)"
    return line if len(line) <= 160 else line[:80] + "..." + line[-77:]  # the reason is often at the end


def version(ffmpeg: str) -> str:
    """The first line of ``ffmpeg -version`` ("ffmpeg version ..."); ``FFmpegError`` when it is not ffmpeg."""
    first, why = identify(ffmpeg)
    if first is None:
        raise FFmpegError(f"{ffmpeg} is not ffmpeg ({why})")
    return first


# --- which input a failed command could not read ------------------------------------------------


def input_files(args: Sequence[str]) -> list[str | None]:
    """The command's inputs in ``-i`` order: the file name, or ``None`` for a pipe, ``-`` or a lavfi graph."""
    out: list[str | None] = []
    fmt = None
    for i, a in enumerate(args[:-1]):
        if a == "-f":
            fmt = args[i + 1]
        elif a == "-i":
            v = args[i + 1]
            out.append(None if fmt == "lavfi" or v == "-" or v.startswith("pipe:") else v)
            fmt = None
    return out


# What ffmpeg says when it cannot open or decode an input (versions 4 to 9). Output and encoder
# failures ("Error opening output", "Could not open encoder") are not in the list.
_INPUT_TROUBLE = re.compile(
    r"Invalid data found when processing input|Could not find codec parameters|Error while decoding"
    r"|Error submitting packet to decoder|Header missing|moov atom not found|Failed to find two consecutive"
    r"|Error opening input|could not find sync|Invalid frame|Packet corrupt|No such file or directory"
    r"|Permission denied",
    re.IGNORECASE,
)
_INPUT_INDEX = re.compile(r"^\[(?:in|aist|ist)#(\d+)")
_OPEN_FAILED = re.compile(r"^Error opening input file (.+)\.$")


def blame(stderr: str, files: Sequence[str | None]) -> tuple[str, str] | None:
    """``(input file, message)`` when ffmpeg's stderr says it could not open or decode one of
    ``files``; ``None`` when the failure lies elsewhere (output, encoder, filter options) or is unclear."""
    named = [f for f in files if f is not None]
    if not named:
        return None
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    culprit: str | None = None
    for ln in lines:  # ffmpeg >= 6: "Error opening input file X."; ffmpeg <= 5: "X: <reason>"
        m = _OPEN_FAILED.match(ln)
        if m and m.group(1) in named:
            culprit = m.group(1)
            break
        for f in named:
            if ln.startswith(f + ": "):
                culprit = f
                break
        if culprit:
            break
    # an output's own lines ("[out#0/ipod @ ...] Could not write header: Invalid data found ...") are not about
    # the inputs, whatever words they use
    trouble = [ln for ln in lines if _INPUT_TROUBLE.search(ln) and not ln.startswith(("Error opening output", "[out#"))]
    if culprit is None:
        if not trouble or any(ln.startswith("Error opening output") for ln in lines):
            return None
        indices = [int(m.group(1)) for ln in trouble if (m := _INPUT_INDEX.match(ln))]
        for i in indices:
            if i < len(files) and files[i] is not None:
                culprit = files[i]
                break
        else:
            if len(named) != 1:
                return None
            culprit = named[0]
    reason = _reason(trouble, culprit)
    if re.search(r"No such file or directory|Permission denied", reason):
        return culprit, f"cannot read the audio: {reason}"
    return culprit, f"not readable audio (ffmpeg: {reason})"


def _reason(trouble: list[str], culprit: str) -> str:
    """The most telling of ffmpeg's complaints, without its "[in#0 @ 0x...]" prefixes or the file name."""
    def clean(ln: str) -> str:
        ln = _PREFIX.sub("", ln)
        if ln.startswith(culprit + ": "):
            ln = ln[len(culprit) + 2:]
        for lead in ("Error opening input files: ", "Error opening input: "):
            if ln.startswith(lead):
                ln = ln[len(lead):]
        return _shorten(ln)

    specific = [ln for ln in trouble if not _OPEN_FAILED.match(ln)]
    return clean(specific[-1]) if specific else "it could not be opened"


# --- media facts, read from `ffmpeg -i` (no ffprobe) -------------------------------------------

_DURATION = re.compile(r"Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)")


@dataclass(frozen=True)
class MediaInfo:
    duration: int | None  # ms
    has_audio: bool
    has_video: bool
    sample_rate: int | None
    channels: int | None
    codec: str | None
    container: str | None


def probe_args(path: str | os.PathLike[str]) -> list[str]:
    return ["-i", str(path)]


def parse_probe(stderr: str) -> MediaInfo:
    """Read duration and the first audio stream from ``ffmpeg -i`` stderr."""
    duration = None
    m = _DURATION.search(stderr)
    if m:
        h, mi, s = int(m.group(1)), int(m.group(2)), float(m.group(3))
        duration = int(round((h * 3600 + mi * 60 + s) * 1000))
    audio = re.search(r"Stream #\S+.*?: Audio: (\w+)[^,\n]*(?:, (\d+) Hz)?(?:, ([^,\n]+))?", stderr)
    channels = None
    if audio and audio.group(3):
        layout = audio.group(3).strip()
        channels = {"mono": 1, "stereo": 2}.get(layout)
        if channels is None:
            cm = re.match(r"(\d+) channels", layout)
            channels = int(cm.group(1)) if cm else None
    container = None
    cm = re.search(r"Input #0, ([^,]+(?:,[^,\s]+)*), from", stderr)
    if cm:
        container = cm.group(1)
    return MediaInfo(
        duration=duration,
        has_audio=audio is not None,
        has_video=re.search(r"Stream #\S+.*?: Video: ", stderr) is not None,
        sample_rate=int(audio.group(2)) if audio and audio.group(2) else None,
        channels=channels,
        codec=audio.group(1) if audio else None,
        container=container,
    )


def probe(ffmpeg: str, path: str | os.PathLike[str]) -> MediaInfo:
    """Facts about a media file (its header's), or ``AudioError`` naming it when ffmpeg cannot read it."""
    p = Path(path)
    if not p.is_file():
        raise AudioError("no such audio file", path=str(p))
    cmd = [ffmpeg, "-hide_banner", "-nostdin", *probe_args(p)]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    except OSError as e:
        raise FFmpegError(f"cannot run ffmpeg at {ffmpeg!r}: {e.strerror or e}", cmd=cmd) from None
    err = proc.stderr.decode("utf-8", errors="replace")
    info = parse_probe(err)
    # a text file renamed .mp3 may be "detected" as MP3 with 0 channels and no sample rate
    unreadable = "Input #0" not in err or "Invalid data found" in err or "Error opening input" in err
    if unreadable or (info.has_audio and (info.channels == 0 or "Could not find codec parameters" in err)):
        blamed = blame(err, [str(p)])
        message = blamed[1] if blamed else f"not readable audio (ffmpeg: {last_error_line(err)})"
        raise AudioError(message, path=str(p))
    if not info.has_audio:
        raise AudioError("no audio stream in this file", path=str(p))
    return info


# --- the real length: every audio packet read ---------------------------------------------------

LENGTH_TOLERANCE = 1_000  # ms: header and packets may differ by a frame or two; more means a damaged file


@dataclass(frozen=True)
class AudioLength:
    """How long an audio file is: what its header says, and what its audio packets add up to.

    A file cut short (an interrupted download, ``head -c``) keeps its header: an MP3's Xing frame
    count, an M4A's moov atom and a FLAC's STREAMINFO all still state the full length, and an MP3
    without a Xing header has its length estimated from the bitrate. Only ``measured`` can be trusted.
    """

    header: Ms | None
    measured: Ms

    @property
    def ms(self) -> Ms:
        return self.measured

    @property
    def disagree(self) -> bool:
        return self.header is not None and abs(self.header - self.measured) > LENGTH_TOLERANCE

    def note(self, path: str | os.PathLike[str]) -> str | None:
        """A warning when header and audio disagree by more than ``LENGTH_TOLERANCE``, else ``None``."""
        if not self.disagree:
            return None
        assert self.header is not None
        what = "is the file truncated?" if self.measured < self.header else "its header is wrong"
        return (f"{path}: its header says it lasts {timecode.format_clock(self.header)}, but its audio ends at "
                f"{timecode.format_clock(self.measured)} ({what}); using {timecode.format_clock(self.measured)}")


def length_args(path: str | os.PathLike[str]) -> list[str]:
    """Read every packet of the first audio stream without decoding it (``-c copy`` into the null muxer).

    Measured on a 5-hour 128 kb/s stereo MP3 (288 MB) on 2 cores: 4.2 s this way; decoding it
    (``-vn -f null``) took 30 s and gives the same length to the millisecond, so packets are not decoded.
    """
    return ["-i", str(path), "-map", "0:a:0", "-c", "copy", "-f", "null", "-progress", "pipe:1", "-nostats", "-"]


_OUT_TIME = re.compile(r"^out_time_us=(\d+)\s*$", re.MULTILINE)


def parse_progress(stdout: str) -> Ms | None:
    """The last ``out_time_us`` of ``-progress`` output, in ms (``None`` when there is none)."""
    found = _OUT_TIME.findall(stdout)
    return int(round(int(found[-1]) / 1000)) if found else None


def audio_length(ffmpeg: str, path: str | os.PathLike[str], *, timeout: float | None = None) -> AudioLength:
    """The header's length and the measured one (``AudioError`` naming the file when it is not audio)."""
    info = probe(ffmpeg, path)
    proc = run(ffmpeg, length_args(path), capture_stdout=True, timeout=timeout)
    measured = parse_progress(proc.stdout.decode("utf-8", errors="replace"))
    if not measured:
        raise AudioError("not readable audio (no audio packets in it)", path=str(path))
    return AudioLength(info.duration, measured)
