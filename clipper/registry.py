"""Format registries: a name -> entry table with extension and content detection.

One ``Registry`` holds the transcript formats, one the summary formats, one the chapter formats.
Lookups that fail raise ``UnknownFormatError`` listing what is known, never ``KeyError``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, Iterator, TypeVar

from .errors import InputError, UnknownFormatError

T = TypeVar("T")


@dataclass(frozen=True)
class Format(Generic[T]):
    """A registered format.

    ``read(text, path=..., lenient=...)`` returns a value (or is ``None`` for write-only formats);
    ``write(value, **options)`` returns text (or is ``None`` for read-only formats).
    ``sniff(text)`` returns a score in [0, 1] of how surely ``text`` is this format.
    """

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    read: Callable[..., T] | None = None
    write: Callable[..., str] | None = None
    sniff: Callable[[str], float] | None = None
    filename: str | None = None  # the fixed output name used by --all
    priority: int = 0  # breaks ties between equal sniff scores


@dataclass
class Registry(Generic[T]):
    kind: str  # "transcript", "summary", "chapter"
    _formats: dict[str, Format[T]] = field(default_factory=dict)

    def register(self, fmt: Format[T]) -> Format[T]:
        if fmt.name in self._formats:
            raise ValueError(f"{self.kind} format {fmt.name!r} registered twice")
        self._formats[fmt.name] = fmt
        return fmt

    def __iter__(self) -> Iterator[Format[T]]:
        return iter(self._formats.values())

    def names(self, *, readable: bool | None = None, writable: bool | None = None) -> list[str]:
        out = []
        for f in self._formats.values():
            if readable is not None and (f.read is not None) != readable:
                continue
            if writable is not None and (f.write is not None) != writable:
                continue
            out.append(f.name)
        return out

    def get(self, name: str) -> Format[T]:
        try:
            return self._formats[name]
        except KeyError:
            known = ", ".join(self._formats)
            raise UnknownFormatError(f"unknown {self.kind} format {name!r}; known: {known}") from None

    def reader(self, name: str) -> Callable[..., T]:
        fmt = self.get(name)
        if fmt.read is None:
            raise UnknownFormatError(f"{self.kind} format {name!r} can be written but not read")
        return fmt.read

    def writer(self, name: str) -> Callable[..., str]:
        fmt = self.get(name)
        if fmt.write is None:
            raise UnknownFormatError(f"{self.kind} format {name!r} can be read but not written")
        return fmt.write

    def writable(self, name: str, *, option: str = "--format", what: str | None = None) -> str:
        """``name`` (any case) when this registry can write it, else an ``UnknownFormatError`` listing
        the formats that can be written, so a command refuses a misspelt format before it reads anything."""
        names = self.names(writable=True)
        if name.lower() not in names:
            raise UnknownFormatError(f"{option}: not a {what or self.kind} format clipper writes; use one of: "
                                     + ", ".join(names), text=name)
        return name.lower()

    def output_format(self, path: str | Path, named: str | None = None, *, default: str | None = None,
                      option: str = "--format", what: str | None = None) -> str:
        """The format to write ``path`` in: ``named`` (``--format``), else the one its name says (an
        extension a writer owns: ``x.srt``, ``x.json``, ``x.psc.xml``), else ``default``.

        Both given must agree: ``-f vtt -o x.srt`` would put WebVTT into a file every player reads as
        SubRip (an ``InputError`` naming both). With neither a known extension nor ``named`` nor
        ``default``, an ``UnknownFormatError`` lists the extensions that would do."""
        by_name = [f.name for f in self.by_extension(path) if f.write is not None]
        if named is None:
            if by_name:
                return by_name[0]
            if default is not None:
                return self.writable(default, option=option, what=what)
            exts = list(dict.fromkeys(e for f in self if f.write is not None for e in f.extensions))
            listed = ", ".join(exts[:-1]) + " or " + exts[-1] if len(exts) > 1 else "".join(exts)
            raise UnknownFormatError(f"cannot tell the output format from the file name; end it in {listed} "
                                     f"(or give {option})", path=str(path))
        fmt = self.writable(named, option=option, what=what)
        if by_name and fmt not in by_name:
            exts = self.get(fmt).extensions
            rename = f"name it {exts[0]}" if exts else "rename it"
            raise InputError(f"the file name says {by_name[0]} but {option} says {fmt}; {rename} or leave out {option}",
                             path=str(path))
        return fmt

    def by_extension(self, path: str | Path) -> list[Format[T]]:
        name = Path(path).name.lower()
        return [f for f in self._formats.values() if any(name.endswith(e) for e in f.extensions)]

    def detect(self, text: str, path: str | Path | None = None) -> Format[T]:
        """Pick the readable format whose sniffer is surest; the file extension breaks ties."""
        ext = {f.name for f in self.by_extension(path)} if path is not None else set()
        best: tuple[float, int, int, Format[T]] | None = None
        for order, f in enumerate(self._formats.values()):
            if f.read is None or f.sniff is None:
                continue
            score = f.sniff(text)
            if score <= 0:
                continue
            key = (score + (0.25 if f.name in ext else 0.0), f.priority, -order, f)
            if best is None or key[:3] > best[:3]:
                best = key
        if best is None:
            where = str(path) if path is not None else None
            raise UnknownFormatError(
                f"cannot tell which {self.kind} format this is; name one of: "
                + ", ".join(self.names(readable=True)),
                path=where,
            )
        return best[3]
