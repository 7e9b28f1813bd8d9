"""One exception base; subclasses carry where the problem is (file, line) and the bad text.

The CLI turns any ``ClipperError`` into one line, ``error: file:line: what is wrong``, and exit
status 2. Nothing else should reach the user as a traceback.
"""
from __future__ import annotations


class ClipperError(Exception):
    """Base of every error clipper raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        text: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.text = text

    def where(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or ""

    def __str__(self) -> str:
        parts = []
        where = self.where()
        if where:
            parts.append(where)
        msg = self.message
        if self.text is not None:
            shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
            msg += f" (got {shown!r})"
        parts.append(msg)
        return ": ".join(parts)


class InputError(ClipperError):
    """An input file could not be read: bad encoding, binary data, malformed content."""


class ParseError(InputError):
    """A line or block of an input file is malformed."""


class UnknownFormatError(InputError):
    """No reader or writer is registered for the format asked for or detected."""


class OutputError(ClipperError):
    """An output could not be written, or would overwrite a file without --force."""


class FFmpegError(ClipperError):
    """ffmpeg could not be found, or a command failed; ``stderr`` holds its last words."""

    def __init__(self, message: str, *, cmd: list[str] | None = None, stderr: str = "", **kw) -> None:
        super().__init__(message, **kw)
        self.cmd = cmd or []
        self.stderr = stderr


class AudioError(ClipperError):
    """An audio file is missing, unreadable or truncated."""


class MatchError(ClipperError):
    """A quote or section could not be found in the transcript."""
