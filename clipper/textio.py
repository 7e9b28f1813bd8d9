"""I/O at the edges: reading input text safely and writing outputs atomically.

``read_text`` is the one way inputs are read: bytes in, clean ``str`` out (BOM removed, CRLF/CR
folded to LF), or an ``InputError`` naming the file and line. Inputs are opened read-only and
never written.

``write_text``/``write_bytes``/``staged`` are the one way outputs are written: to a temporary
file in the same folder, flushed, then moved into place, so a final name never holds a half-written
file. An existing file is not replaced unless ``force`` is set, an input file never. Whatever the
operating system refuses (a read-only folder, a file where a folder should be, a full disk) is an
``OutputError`` naming the output. ``recording(journal)`` lets a caller keep a record of the files
it published (``clipper run`` does, so a re-run may replace its own files).
"""
from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import secrets
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator

from .errors import InputError, OutputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


# Characters that show nothing and mean nothing in a transcript or a title, kept by copying from web pages:
# zero-width space, word joiner, zero-width no-break space (a BOM inside the text), soft hyphen. (The zero-width
# joiner and non-joiner stay: emoji sequences and Persian words need them.)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
# ... and a joiner next to ASCII, a space or a line's end ("Claude\u200d"): there it joins nothing
_STRAY_JOINER = re.compile(r"(?<=[\x00-\x7f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f]|$)|^[\u200c\u200d]+",
                           re.MULTILINE)


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the bytes are plainly UTF-16 text saved without a byte-order mark
    (mostly-ASCII text: every other byte zero), else ``None``."""
    sample = data[:8192]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd >= 0.9 and zeros_even <= 0.1:
        return "utf-16-le"
    if zeros_even >= 0.9 and zeros_odd <= 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "<input>") -> str:
    """Decode input bytes: UTF-8 (with or without BOM) or UTF-16 (with a BOM, or plainly without); LF line
    ends; invisible characters (``_INVISIBLE``) dropped."""
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], enc
            break
    else:
        encoding = _utf16_without_bom(data) or encoding
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        at = data.index(b"\x00")
        raise InputError(f"binary file, not text (byte 0x00 at offset {at})", path=path,
                         line=data[:at].count(b"\n") + 1)
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
        at = text.index("\x00")
        raise InputError("binary file, not text (a NUL character)", path=path, line=text[:at].count("\n") + 1)
    text = _STRAY_JOINER.sub("", text.translate(_INVISIBLE))
    if not text.strip():
        raise InputError("file is empty", path=path, line=1)
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


def _exists(p: Path) -> bool:
    try:
        return p.exists()
    except OSError as e:  # a folder on the way that may not be searched
        raise _cannot_write(e, p) from None


def _cannot_write(e: OSError, path: Path) -> OutputError:
    """An ``OSError`` met while writing ``path``, as the one-line error the CLI prints."""
    return _blocked(path) or OutputError(f"cannot write: {e.strerror or e}", path=str(path))


def _blocked(path: Path) -> OutputError | None:
    """The error for a file standing where one of ``path``'s folders should be, if one does."""
    blocker = _file_on_the_way(path)
    if blocker is None:
        return None
    return OutputError(f"cannot write: {blocker} is a file, not a folder", path=str(path))


def _file_on_the_way(path: Path) -> Path | None:
    """The nearest folder of ``path`` that exists as something other than a folder, if any."""
    for parent in path.parents:
        try:
            if parent.is_dir():
                return None
            if parent.exists():
                return parent
        except OSError:
            return None
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)  # samefile: hard links too
    except OSError:
        return False


def check_writable(path: str | os.PathLike[str], *, force: bool = False, inputs: tuple = ()) -> Path:
    """Refuse an output that would overwrite an input file (even with ``force``), a folder, a path
    through a file, or an existing file without ``force``."""
    p = Path(path)
    exists = _exists(p)
    for inp in inputs:
        if inp is not None and exists and _same_file(p, Path(inp)):
            raise OutputError("output would overwrite an input file", path=str(p))
    if exists and p.is_dir():
        raise OutputError("is a folder, not a file", path=str(p))
    if exists and not force:
        raise OutputError("file exists; use --force to overwrite it", path=str(p))
    if not exists and (blocked := _blocked(p)) is not None:
        raise blocked
    return p


# --- the record of files written ---------------------------------------------------------------

Journal = Callable[[Path, os.stat_result], None]
_journal: ContextVar[Journal | None] = ContextVar("clipper_textio_journal", default=None)


@contextlib.contextmanager
def recording(journal: Journal) -> Iterator[None]:
    """Within the block, ``journal(final_path, stat)`` is called for every output about to be published,
    just before it is moved into place: ``stat`` (size, mtime, inode) is what the file under its final
    name will have, so whoever keeps the record can later tell its own, unchanged files from any other,
    even when an interrupt comes between the record and the move. An error in ``journal`` stops that
    file from being published. Files written by ``journal`` itself are not recorded."""
    token = _journal.set(journal)
    try:
        yield
    finally:
        _journal.reset(token)


def fingerprint(st: os.stat_result) -> list[int]:
    """What a journal keeps of a file: size, modification time (ns) and inode."""
    return [st.st_size, st.st_mtime_ns, st.st_ino]


# --- staged writes -----------------------------------------------------------------------------


def _make_temp(final: Path, suffix: str, made: list[Path]) -> None:
    """Create an empty, private temporary file beside ``final``; its path goes into ``made`` *before*
    it is created, so an interrupt at any point leaves the caller knowing what to remove."""
    for _ in range(100):
        candidate = final.parent / f".{final.name}.{secrets.token_hex(4)}.part{suffix}"
        made.append(candidate)
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:  # another file's name: not ours to remove
            made.pop()
            continue
        os.close(fd)
        return
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(final.parent))


@contextlib.contextmanager
def staged(path: str | os.PathLike[str], *, force: bool = False, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it into place, on failure remove it.

    For outputs written by other programs (ffmpeg). Without ``force`` the final step refuses to
    replace a file that appeared meanwhile (hard link, then unlink: atomic create-if-absent). A folder
    that cannot be made or written (read-only, a file on the way) is an ``OutputError``.
    """
    final = check_writable(path, force=force)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _cannot_write(e, final) from None
    sfx = suffix if suffix is not None else final.suffix
    made: list[Path] = []
    try:  # the temporary file is named inside the try: a Ctrl-C at any point leaves none behind
        try:
            _make_temp(final, sfx, made)
        except OSError as e:
            raise _cannot_write(e, final) from None
        yield made[0]
        _commit(made[0], final, force)
    except BaseException:
        for tmp in made:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _commit(tmp: Path, final: Path, force: bool) -> None:
    # temporary files are created 0600: give the output the mode a plain open() would (or the mode of
    # the file it replaces), so published files are as readable as the user's other files.
    try:
        mode = final.stat().st_mode & 0o7777 if final.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except OSError:
        pass
    try:
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        journal = _journal.get()
        if journal is not None:
            token = _journal.set(None)  # the journal's own file is not recorded
            try:
                journal(final, os.stat(tmp))
            finally:
                _journal.reset(token)
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
    except OSError as e:
        raise _cannot_write(e, final) from None
    with contextlib.suppress(OSError):  # published; a temporary name left over is only a stray link
        tmp.unlink()


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    with staged(path, force=force) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as e:  # a full disk, a quota
            raise _cannot_write(e, Path(path)) from None
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    return write_bytes(path, text.encode("utf-8"), force=force)
