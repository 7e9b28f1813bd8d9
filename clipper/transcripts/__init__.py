"""Transcript formats: a registry of readers (and writers), chosen by content and extension.

Every reader has the signature ``read(text: str, *, path: str = "<string>", lenient: bool = False)
-> Transcript``; every writer ``write(transcript: Transcript) -> str``. Readers get decoded text
(``clipper.textio.decode``: no BOM, LF line ends) and report problems as ``ParseError`` with the
1-based line number and offending text. With ``lenient=True`` a reader skips bad blocks and counts
them in ``Transcript.skipped`` instead of raising.
"""
from __future__ import annotations

import os

from ..model import Transcript
from ..registry import Registry
from ..textio import decode, read_text

TRANSCRIPT_FORMATS: Registry[Transcript] = Registry("transcript")
# What each writer writes (``clipper formats`` lists subtitle writers by it): a registry entry's
# description says what its reader reads ("YouTube auto-captions (deduplicated)"), not what clipper writes.
WRITES: dict[str, str] = {}


def parse_transcript(
    text: str, *, format: str | None = None, path: str = "<string>", lenient: bool = False
) -> Transcript:
    fmt = TRANSCRIPT_FORMATS.get(format) if format else TRANSCRIPT_FORMATS.detect(text, path)
    reader = TRANSCRIPT_FORMATS.reader(fmt.name)
    return reader(text, path=path, lenient=lenient)


def load_transcript(
    path: str | os.PathLike[str], *, format: str | None = None, lenient: bool = False
) -> Transcript:
    """Read a transcript file; the format is detected unless named."""
    return parse_transcript(read_text(path), format=format, path=str(path), lenient=lenient)


def parse_transcript_bytes(data: bytes, **kw) -> Transcript:
    return parse_transcript(decode(data, kw.get("path", "<bytes>")), **kw)


def dump_transcript(transcript: Transcript, format: str) -> str:
    return TRANSCRIPT_FORMATS.writer(format)(transcript)


# Importing the format modules registers them.
from . import vtt, srt, jsonfmt, jsonstt, stamped, plaintext  # noqa: E402,F401
