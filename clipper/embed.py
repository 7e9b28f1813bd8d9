"""Chapters inside the audio file: ID3v2 CHAP/CTOC frames in MP3, chapter atoms in MP4/M4A.

MP3: the input is copied to a staged temporary file, its ID3 tag gets one ``CHAP`` frame per chapter
(element ids ``chp0``, ``chp1`` ..., start/end in ms, a ``TIT2`` title sub-frame) and one top-level,
ordered ``CTOC`` listing them, written with mutagen as ID3v2.3 (ffmpeg drops a v2.4 chapter whose title
is over 127 bytes; the input's other tags are kept); then the file is published atomically.

MP4/M4A/M4B: ffmpeg copies the audio and any cover art (``-c copy``, no re-encode) and takes the
chapters from an FFMETADATA input fed on stdin (``-map_chapters 1``), replacing any the file had. The
audio's own tags are kept (``-map_metadata 0``). The command is built by ``mp4_args`` and run by
``clipper.ffmpeg.run``.

The input is never modified; the output may not be the input, and an existing output is replaced
only with ``force``. The audio's length is measured by ffmpeg reading every packet
(``clipper.ffmpeg.audio_length``), not taken from its header: a truncated file's header still states
the full length. Chapters that start after the audio ends are an error (they belong to another
episode, or the file is cut short); the last chapter ends where the audio ends.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from . import ffmpeg as ffmpeg_mod
from . import timecode
from .chapterformats import ffmetadata
from .chapterformats._common import spans
from .errors import AudioError, FFmpegError, InputError, OutputError
from .model import Chapter, ChapterList, Ms
from .textio import check_writable, staged

MP3_EXTENSIONS = (".mp3",)
MP4_EXTENSIONS = (".m4a", ".m4b", ".mp4", ".m4v", ".mov")
NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets: "not used"


def container(path: str | os.PathLike[str]) -> str:
    """``"mp3"`` or ``"mp4"`` from the file name; anything else is an error naming what works."""
    ext = Path(path).suffix.lower()
    if ext in MP3_EXTENSIONS:
        return "mp3"
    if ext in MP4_EXTENSIONS:
        return "mp4"
    raise InputError(
        f"cannot embed chapters in {ext or 'extension-less'} files; supported: "
        + ", ".join(MP3_EXTENSIONS + MP4_EXTENSIONS)
        + " (for other audio, write a chapter file with `clipper chapters --format ...`)",
        path=str(path),
    )


def fit(chapters: ChapterList, audio_ms: Ms, *, path: str | None = None, header_ms: Ms | None = None) -> ChapterList:
    """The chapters with real ends inside the audio: each ends where the next starts, the last at the
    audio's end. A chapter starting at or after the audio's end is an ``InputError`` (which says the
    file looks truncated when ``header_ms``, the length its header states, is longer)."""
    if not chapters.chapters:
        raise InputError("no chapters to embed", path=path)
    for c in chapters:
        if c.start >= audio_ms:
            if header_ms is not None and header_ms - audio_ms > ffmpeg_mod.LENGTH_TOLERANCE and c.start < header_ms:
                why = f"; its header says {timecode.format_clock(header_ms)}: is the file truncated?"
            else:
                why = "; are these the chapters of another episode?"
            raise InputError(
                f"chapter {c.title!r} starts at {timecode.format_clock(c.start)}, but the audio ends at "
                f"{timecode.format_clock(audio_ms)}{why}",
                path=path,
            )
    if any(b.start < a.start for a, b in zip(chapters, chapters.chapters[1:])):
        raise InputError("chapters are not in time order", path=path)
    fixed = []
    cl = ChapterList(chapters.chapters, title=chapters.title, duration=audio_ms)
    for i, (c, (s, e)) in enumerate(zip(chapters, spans(cl))):
        end = audio_ms if i == len(chapters) - 1 else min(max(e, s), audio_ms)
        fixed.append(replace(c, start=s, end=end))
    return ChapterList(tuple(fixed), title=chapters.title, duration=audio_ms, estimated=chapters.estimated,
                       warnings=chapters.warnings)


# --- MP3: ID3v2 CHAP + CTOC -------------------------------------------------------------------


def id3_frames(chapters: ChapterList) -> list:
    """One CHAP per chapter (``chp0`` ...) and a top-level ordered CTOC (``toc``) listing them."""
    from mutagen.id3 import CHAP, CTOC, TIT2, WXXX, CTOCFlags

    frames = []
    ids = []
    for i, c in enumerate(chapters):
        sub = [TIT2(encoding=3, text=[c.title])]
        if c.url:
            sub.append(WXXX(encoding=3, desc="", url=c.url))
        eid = f"chp{i}"
        ids.append(eid)
        frames.append(CHAP(element_id=eid, start_time=c.start, end_time=c.end, start_offset=NO_OFFSET,
                           end_offset=NO_OFFSET, sub_frames=sub))
    frames.append(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                       sub_frames=[]))
    return frames


def _chapter_ordered_id3():
    """mutagen's ID3 writing CHAP frames last and in time order.

    mutagen sorts frames by size, which scatters the CHAP frames; the CTOC says the real order, but
    readers that go by frame order (ffmpeg lists them as found) would show chapters shuffled.
    """
    from mutagen.id3 import ID3
    from mutagen.id3._tags import save_frame  # mutagen's own frame writer; stable since 1.22

    class ChapterOrderedID3(ID3):
        def _write(self, config):
            chaps = sorted(self.getall("CHAP"), key=lambda f: (f.start_time, f.element_id))
            self.delall("CHAP")
            try:
                head = super()._write(config)
            finally:
                for f in chaps:
                    self.add(f)
            return head + b"".join(save_frame(f, config=config) for f in chaps)

    return ChapterOrderedID3


def _embed_mp3(audio: Path, fitted: ChapterList, out: Path, force: bool) -> None:
    from mutagen import MutagenError
    from mutagen.id3 import ID3NoHeaderError

    ID3 = _chapter_ordered_id3()

    with staged(out, force=force) as tmp:
        shutil.copyfile(audio, tmp)
        try:
            tags = ID3(tmp)
        except ID3NoHeaderError:
            tags = ID3()
        except MutagenError as e:
            raise AudioError(f"cannot read its ID3 tag: {e}", path=str(audio)) from None
        tags.delall("CHAP")  # replace any chapters the file had
        tags.delall("CTOC")
        for frame in id3_frames(fitted):
            tags.add(frame)
        _save_v23(tags, tmp)


ID3_VERSION = 3  # ID3v2.3, whatever the input had: see _save_v23
# frames ID3v2.4 added that have no ID3v2.3 form (mutagen's update_to_v23 drops them) and still mean
# something in a rewritten tag; SEEK and ASPI point at byte offsets of the old tag and are left out
_V24_ONLY_KEPT = ("EQU2", "RVA2", "SIGN", "TDEN", "TDRL", "TDTG", "TMOO", "TPRO", "TSOA", "TSOP", "TSOT", "TSST")


def _save_v23(tags, path: Path) -> None:
    """Save ``tags`` to ``path`` as ID3v2.3.

    ffmpeg (the reader behind most players built on it) reads the sub-frames of an ID3v2.4 ``CHAP`` with
    the wrong size rule and drops every chapter whose title sub-frame is over 127 bytes (a title of about
    125 ASCII characters, fewer in other scripts); in v2.3 it reads them all, and so do mutagen and
    ``clipper inspect``. The input's tags are kept: v2.4 dates become v2.3 ones (TDRC -> TYER/TDAT/TIME,
    mutagen's ``update_to_v23``), and the v2.4-only frames without a v2.3 form (sort orders, RVA2, ...)
    are kept as they are (readers that know them, ffmpeg and mutagen included, read them back)."""
    kept = [f for key in _V24_ONLY_KEPT for f in tags.getall(key)]
    tags.update_to_v23()
    for frame in kept:
        if frame.HashKey not in tags:
            tags.add(frame)
    tags.save(path, v2_version=ID3_VERSION)


# --- MP4/M4A: ffmpeg, streams copied, chapters from FFMETADATA on stdin ------------------------


def mp4_args(audio: str | os.PathLike[str], out: str | os.PathLike[str]) -> list[str]:
    """The ffmpeg arguments: input 0 the audio, input 1 FFMETADATA on stdin, copy the audio and any
    picture (cover art keeps its attached-picture disposition), keep the audio's tags, take the chapters
    from input 1.

    Data streams are left out: a file that has chapters already carries them twice, as a ``chpl`` atom
    and as a QuickTime text track that ffmpeg reads as a ``bin_data`` data stream and cannot write back
    ("Could not write header"). The muxer writes a new chapter track from the new chapters."""
    return [
        "-i", str(audio),
        "-f", "ffmetadata", "-i", "pipe:0",
        "-map", "0:a",
        "-map", "0:v?",
        "-map_metadata", "0",
        "-map_chapters", "1",
        "-c", "copy",
        "-y", str(out),
    ]


def _embed_mp4(audio: Path, fitted: ChapterList, out: Path, force: bool, ffmpeg: str) -> None:
    metadata = ffmetadata.write(ChapterList(fitted.chapters)).encode("utf-8")  # chapters only, no global tags
    with staged(out, force=force) as tmp:
        try:
            ffmpeg_mod.run(ffmpeg, mp4_args(audio, tmp), input=metadata)
        except FFmpegError as e:
            # the audio was read through already (its length was measured), so a failure here is in
            # writing the copy: say what ffmpeg said, not that the input is unreadable
            if not e.stderr or not Path(audio).is_file():
                raise
            said = ffmpeg_mod.last_error_line(e.stderr)
            raise FFmpegError(f"ffmpeg could not write the chapters into a copy of this file: {said}",
                              cmd=e.cmd, stderr=e.stderr, path=str(audio)) from None


# --- reading back the chapters a file carries -------------------------------------------------


def chapters_args(audio: str | os.PathLike[str]) -> list[str]:
    """ffmpeg arguments that print the file's tags and chapters as FFMETADATA on stdout."""
    return ["-i", str(audio), "-f", "ffmetadata", "pipe:1"]


def _mp3_chapters(audio: Path) -> ChapterList:
    """The ID3 CHAP frames in time order, to the millisecond as stored (ffmpeg shifts them by the MP3's
    start padding), and the TIT2 tag as the title."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3, ID3NoHeaderError

    try:
        tags = ID3(audio)
    except ID3NoHeaderError:
        return ChapterList(())
    except MutagenError as e:
        raise AudioError(f"cannot read its ID3 tag: {e}", path=str(audio)) from None
    found = []
    for f in sorted(tags.getall("CHAP"), key=lambda f: (f.start_time, f.element_id)):
        title = next((str(t.text[0]) for t in f.sub_frames.getall("TIT2") if t.text), "") or f.element_id
        found.append(Chapter(f.start_time, max(f.end_time, f.start_time), title))
    tit2 = tags.getall("TIT2")
    return ChapterList(tuple(found), title=str(tit2[0].text[0]) if tit2 and tit2[0].text else None)


def read_chapters(audio: str | os.PathLike[str], *, ffmpeg: str, mp3: bool | None = None) -> ChapterList:
    """The chapters ``audio`` carries (empty when none) and its title tag: ID3 CHAP frames of an MP3 read
    with mutagen, anything else as ffmpeg reads it (``-f ffmetadata``: MP4 chapters, Ogg/FLAC comments).
    ``mp3`` says whether it is an MP3 when its name does not (ffmpeg's probe knows)."""
    src = Path(audio)
    if src.suffix.lower() in MP3_EXTENSIONS if mp3 is None else mp3:
        return _mp3_chapters(src)
    out = ffmpeg_mod.run(ffmpeg, chapters_args(src), capture_stdout=True).stdout.decode("utf-8", errors="replace")
    if "\n[CHAPTER]" not in out:
        return ChapterList((), title=_global_title(out))
    return ffmetadata.read(out, path=str(src), lenient=True)


def _global_title(text: str) -> str | None:
    """The ``title=`` of an FFMETADATA text's global section (unescaped), for a file without chapters."""
    for line in text.splitlines()[1:]:
        if line.startswith("["):
            break
        if line.startswith("title="):
            return re.sub(r"\\(.)", r"\1", line[len("title="):])
    return None


# --- the library entry point ------------------------------------------------------------------


@dataclass(frozen=True)
class Embedded:
    path: Path
    container: str
    chapters: ChapterList  # as written: ends fitted to the audio (its warnings include ``warnings``)
    warnings: tuple[str, ...] = ()  # about the audio: header and measured length disagree


def embed_chapters(
    audio: str | os.PathLike[str],
    chapters: ChapterList,
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    ffmpeg: str | None = None,
    length: ffmpeg_mod.AudioLength | None = None,
) -> Embedded:
    """Write a copy of ``audio`` with ``chapters`` inside to ``out``. ``ffmpeg`` is the binary that
    measures the audio's length and writes MP4 chapters (resolved with ``clipper.ffmpeg.resolve`` when
    not given); ``length`` is that measurement when the caller has made it already (``run`` does)."""
    src, dst = Path(audio), Path(out)
    if not src.is_file():
        raise AudioError("no such audio file", path=str(src))
    kind = container(src)
    if dst.exists() and dst.resolve() == src.resolve() or os.path.abspath(dst) == os.path.abspath(src):
        raise OutputError("output would overwrite the input audio; name another file", path=str(dst))
    if container(dst) != kind:
        raise OutputError(f"output must be an {kind.upper()} file like the input ({src.suffix})", path=str(dst))
    check_writable(dst, force=force, inputs=(src,))
    ff = ffmpeg_mod.resolve(ffmpeg)
    if length is None:
        length = ffmpeg_mod.audio_length(ff, src)
    note = length.note(src)
    warnings = (note,) if note else ()
    fitted = fit(chapters, length.ms, path=str(src), header_ms=length.header)
    fitted = ChapterList(fitted.chapters, title=fitted.title, duration=fitted.duration, estimated=fitted.estimated,
                         warnings=fitted.warnings + warnings)
    if kind == "mp3":
        _embed_mp3(src, fitted, dst, force)
    else:
        _embed_mp4(src, fitted, dst, force, ff)
    return Embedded(dst, kind, fitted, warnings)
