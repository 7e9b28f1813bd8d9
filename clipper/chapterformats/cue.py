"""CUE sheets: one ``TRACK nn AUDIO`` per chapter with ``INDEX 01 mm:ss:ff`` (75 frames a second).

The CDRWIN format caps minutes at 99 (a CD holds 80); podcast episodes run longer, so minutes are
written as they are (``312:45:10`` for 5 h 12 min 45 s): foobar2000, CUETools and ffmpeg's cue reader
take that. CUE strings have no escape for ``"``, so a double quote in a title is written as ``ʺ`` (U+02BA
MODIFIER LETTER DOUBLE PRIME, which players show as the same mark) and read back as ``"``: titles round-trip.
(A title holding U+02BA itself, a transliteration mark no podcast title uses, reads back with ``"``.) A
backslash ending a title gets a space after it: right before the closing quote it would read as an escape.
A sheet holds at most 99 tracks.
"""
from __future__ import annotations

import re
import shlex
from pathlib import PurePath

from ..errors import ClipperError, ParseError
from ..model import ChapterList
from ..registry import Format
from ._common import Read, build, clean_title, render, rows

FPS = 75
MAX_TRACKS = 99
_INDEX = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})$")
_FILE_TYPES = {".mp3": "MP3", ".aif": "AIFF", ".aiff": "AIFF", ".aifc": "AIFF", ".wav": "WAVE"}


def format_cue_time(ms: int) -> str:
    frames = (ms * FPS + 500) // 1000  # nearest frame
    s, f = divmod(frames, FPS)
    m, s = divmod(s, 60)
    return f"{m:02d}:{s:02d}:{f:02d}"


QUOTE = "\u02ba"  # stands for '"', which a CUE string cannot hold


def cue_title(title: str) -> str:
    """``title`` as a CUE string's contents: ``"`` as ``QUOTE``, and a space after a backslash that ends
    it, which would otherwise make the closing quote ``\\"``: an escaped quote and a string left open to
    the readers that take backslash escapes (ffmpeg, shlex). ``_title_value`` drops that space again
    (a title, whitespace-trimmed, never ends in one)."""
    text = clean_title(title).replace('"', QUOTE)
    return text + " " if text.endswith("\\") else text


def _title_value(value: str) -> str:
    """A TITLE line's value: the quoted string (or the bare rest of the line), ``QUOTE`` read as ``"``
    and the space ``cue_title`` puts after a final backslash dropped."""
    value = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    if value.endswith("\\ "):
        value = value[:-1]
    return value.replace(QUOTE, '"')


def file_type(audio_name: str) -> str:
    """The FILE line's type: MP3 for .mp3, AIFF for .aif(f), else WAVE. The CDRWIN sheet knows only
    BINARY, MOTOROLA (raw data), AIFF, WAVE and MP3; for any other audio (.m4a, .flac, .ogg, .opus,
    .ape) foobar2000, CUETools, EAC's own sheets and ffmpeg's reader take WAVE, which names no
    container but "decoded audio", so WAVE it is."""
    return _FILE_TYPES.get(PurePath(audio_name).suffix.lower(), "WAVE")


def write(cl: ChapterList, *, templates: str | None = None, audio_name: str | None = None) -> str:
    """``audio_name``, the audio's file name when known, goes on the FILE line with its type (``file_type``);
    unknown, the line names the episode title (or ``episode``) plus ``.mp3``."""
    if len(cl) > MAX_TRACKS:
        raise ClipperError(f"a CUE sheet holds at most {MAX_TRACKS} tracks; this episode has {len(cl)} chapters")
    if audio_name is None:
        stem = re.sub(r'[\\/:*?"<>|]+', " ", cl.title or "").strip() or "episode"
        audio_name = f"{stem}.mp3"
    audio_name = PurePath(audio_name).name  # the sheet sits next to the audio
    items = rows(cl, time=format_cue_time, title=cue_title)
    return render("chapters.cue.j2", cl, items, templates, audio_name=cue_title(audio_name),
                  file_type=file_type(audio_name), title_text=cue_title(cl.title) if cl.title else None)


def _args(line: str, n: int, path: str) -> list[str]:
    try:
        return shlex.split(line, posix=True)
    except ValueError:
        raise ParseError("unbalanced quotes", path=path, line=n, text=line) from None


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    title = None
    found: list[Read] = []
    track: dict | None = None
    skipped = 0

    def close() -> None:
        nonlocal track, skipped
        if track is None:
            return
        t, track = track, None
        if "start" not in t:
            if lenient:
                skipped += 1
                return
            raise ParseError("TRACK without INDEX 01", path=path, line=t["line"])
        found.append(Read(t["start"], t.get("title", ""), t["line"]))

    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        word = line.split(None, 1)[0].upper()
        if word == "REM":
            continue
        if word == "TRACK":
            close()
            track = {"line": n}
        elif word == "TITLE":
            value = _title_value(line[5:].strip())
            if track is None:
                title = value
            else:
                track["title"] = value
        elif word == "INDEX" and track is not None:
            args = _args(line, n, path)
            m = _INDEX.match(args[2]) if len(args) == 3 else None
            if m is None or int(m.group(2)) > 59 or int(m.group(3)) >= FPS:
                if lenient:
                    skipped += 1
                    continue
                raise ParseError("bad INDEX (expected 'INDEX nn mm:ss:ff', 75 frames a second)", path=path,
                                 line=n, text=raw)
            if args[1] == "01" or ("start" not in track and args[1] != "00"):
                frames = (int(m.group(1)) * 60 + int(m.group(2))) * FPS + int(m.group(3))
                track["start"] = (frames * 1000 + FPS // 2) // FPS
        elif word in ("FILE", "PERFORMER", "SONGWRITER", "CATALOG", "CDTEXTFILE", "FLAGS", "ISRC", "PREGAP",
                      "POSTGAP", "INDEX"):
            continue
        elif lenient:
            skipped += 1
        else:
            raise ParseError(f"unknown CUE command {word!r}", path=path, line=n, text=raw)
    close()
    notes = [f"{path}: skipped {skipped} malformed line(s) or track(s)"] if skipped else []
    return build(found, path=path, lenient=lenient, title=title, skipped=notes)


_TRACK = re.compile(r"^\s*TRACK\s+\d+\s+AUDIO", re.M)


def sniff(text: str) -> float:
    return 0.9 if _TRACK.search(text) and "INDEX" in text else 0.0


FORMAT = Format(
    "cue",
    "CUE sheet (one TRACK per chapter)",
    extensions=(".cue",),
    read=read,
    write=write,
    sniff=sniff,
    filename="chapters.cue",
)
