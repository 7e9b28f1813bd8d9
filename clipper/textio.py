"""I/O at the edges: reading input text safely and writing outputs atomically.

``read_text`` is the one way inputs are read: bytes in, clean ``str`` out (BOM removed, CRLF/CR
folded to LF), or an ``InputError`` naming the file and line. Inputs are opened read-only and
never written.

``write_text``/``write_bytes``/``publish`` are the one way outputs are written: to a temporary
file in the same folder, flushed, then moved into place, so a final name never holds a half-written
file. An existing file is not replaced unless ``force`` is set.
"""
from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import InputError, OutputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode(data: bytes, path: str = "<input>") -> str:
    """Decode input bytes: UTF-8 (with or without BOM) or BOM-marked UTF-16; LF line ends."""
    if not data.strip():
        raise InputError("file is empty", path=path, line=1)
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], enc
            break
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary file, not text", path=path, line=line)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        bad = data[max(0, e.start - 10): e.start + 10]
        raise InputError(
            f"not {encoding.upper()} text (byte 0x{data[e.start]:02x}); re-save the file as UTF-8",
            path=path,
            line=line,
            text=bad.decode(encoding, errors="replace"),
        ) from None
    if "\x00" in text:
        raise InputError("binary file, not text", path=path, line=text[: text.index("\x00")].count("\n") + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(p)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=str(p)) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", path=str(p)) from None
    return decode(data, str(p))


def check_writable(path: str | os.PathLike[str], *, force: bool = False, inputs: tuple = ()) -> Path:
    """Refuse an output that would overwrite a file without ``force``, or any input file."""
    p = Path(path)
    for inp in inputs:
        if inp is not None and Path(inp).exists() and p.exists() and p.resolve() == Path(inp).resolve():
            raise OutputError("output would overwrite an input file", path=str(p))
    if p.exists() and not force:
        raise OutputError("file exists; use --force to overwrite it", path=str(p))
    if p.exists() and p.is_dir():
        raise OutputError("is a folder, not a file", path=str(p))
    return p


@contextlib.contextmanager
def staged(path: str | os.PathLike[str], *, force: bool = False, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it into place, on failure remove it.

    For outputs written by other programs (ffmpeg). Without ``force`` the final step refuses to
    replace a file that appeared meanwhile (hard link, then unlink: atomic create-if-absent).
    """
    final = check_writable(path, force=force)
    final.parent.mkdir(parents=True, exist_ok=True)
    sfx = suffix if suffix is not None else final.suffix
    tmp_path: Path | None = None
    try:  # the temporary file is created inside the try: a Ctrl-C at any point leaves none behind
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=f".part{sfx}", dir=final.parent)
        tmp_path = Path(tmp)
        os.close(fd)
        yield tmp_path
        _commit(tmp_path, final, force)
    except BaseException:
        if tmp_path is not None:
            with contextlib.suppress(OSError):
                tmp_path.unlink()
        raise


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _commit(tmp: Path, final: Path, force: bool) -> None:
    # mkstemp creates 0600 files: give the output the mode a plain open() would (or the mode of the
    # file it replaces), so published files are as readable as the user's other files.
    try:
        mode = final.stat().st_mode & 0o7777 if final.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except OSError:
        pass
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    if force:
        os.replace(tmp, final)
        return
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise OutputError("file exists; use --force to overwrite it", path=str(final)) from None
    except OSError:  # file systems without hard links
        if final.exists():
            raise OutputError("file exists; use --force to overwrite it", path=str(final)) from None
        os.replace(tmp, final)
        return
    tmp.unlink()


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    with staged(path, force=force) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    return write_bytes(path, text.encode("utf-8"), force=force)
