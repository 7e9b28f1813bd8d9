"""`run` over many episode folders, in parallel worker processes, with a manifest of what is done.

``plan(folders, out)`` names each episode after its folder and sends it to ``out/<name>``; two folders
with one name are an error before anything starts. ``run_batch(episodes, out, given, jobs=...)`` runs
``pipeline.run_episode`` for each in a process pool (spawned workers, so no thread or lock is forked)
and returns a ``BatchResult``.

The manifest, ``out/clipper-batch.json``, is written only by the parent, atomically, after each episode
finishes. One batch at a time writes into an output folder: a second one started on the same folder stops
with an error before it does anything (an advisory lock on ``out/.clipper-batch.lock``, removed at the
end), so neither can lose the other's episodes from the manifest. Per episode it keeps the status
(``done`` or ``failed``), the input files' fingerprints (sizes and content hashes, ``input_fingerprint``;
the files of a ``--templates`` folder count as inputs),
the options that shape the output, the files written, and the one-line error. A re-run skips an episode
that is done with the same inputs and options and whose files all still exist; the others run again. A run
replaces only the files an earlier run of the same episode folder wrote and nobody changed since
(``pipeline.RunLog``): an output the user edited, or one something else put there, fails that episode like
any other error unless ``force``.

An episode that fails or is interrupted leaves its output folder as it found it: files it had already
finished are removed again, so no episode is ever half there, and a re-run needs no ``--force``. Ctrl-C
stops the workers (each removes its temporary file), keeps in the manifest every episode that finished,
and raises ``KeyboardInterrupt`` to the caller; an ``Outcome`` says whether an episode had started and how
many unfinished files were removed. Stopped before any episode finished, a batch writes no manifest
(``BatchResult.manifest`` is ``None``) and removes the output folder again if it made it and it is empty.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import __version__, pipeline
from .errors import ClipperError, InputError, OutputError
from .progress import Progress
from .textio import decode, write_text

MANIFEST_NAME = "clipper-batch.json"
LOCK_NAME = ".clipper-batch.lock"
MANIFEST_VERSION = 1
# settings that do not change what a run writes (out is fixed by the batch: OUT/<name>)
VOLATILE = frozenset({"out", "force", "quiet", "json"})
STOP_GRACE_S = 30.0  # how long interrupted workers get to clean up before they are terminated


@dataclass(frozen=True)
class Episode:
    name: str
    folder: Path
    out: Path


@dataclass(frozen=True)
class Outcome:
    name: str
    folder: str
    status: str  # "done", "skipped" (done before), "failed", "interrupted"
    error: str | None = None
    outputs: tuple[str, ...] = ()  # relative to the batch's output folder
    seconds: float = 0.0
    chapters: int | None = None
    warnings: tuple[str, ...] = ()
    started: bool = True  # False: stopped (or failed) before its run began
    removed: int = 0  # files of an unfinished run that were removed again
    notes: tuple[str, ...] = ()  # the run's notes (nothing wrong), apart from its warnings

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "folder": self.folder, "status": self.status, "error": self.error,
                "outputs": list(self.outputs), "seconds": round(self.seconds, 2), "chapters": self.chapters,
                "warnings": list(self.warnings), "started": self.started, "removed": self.removed,
                "notes": list(self.notes)}


@dataclass(frozen=True)
class BatchResult:
    out: Path
    manifest: Path | None  # None when no episode was recorded (the batch was stopped before any finished)
    outcomes: tuple[Outcome, ...]

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")

    def as_dict(self) -> dict[str, Any]:
        """What ``batch --json`` prints: output paths under ``out`` as given (relative to the working
        directory when ``out`` is), as the text output and ``run --json`` give them; the manifest keeps
        them relative to ``out``."""
        return {"out": str(self.out), "manifest": None if self.manifest is None else str(self.manifest),
                "counts": {s: self.count(s) for s in ("done", "skipped", "failed", "interrupted")},
                "episodes": [{**o.as_dict(), "outputs": [str(self.out / p) for p in o.outputs]}
                             for o in self.outcomes]}


# --- planning ----------------------------------------------------------------------------------


def plan(folders: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str]) -> tuple[Episode, ...]:
    """One ``Episode`` per folder, writing to ``out/<folder name>``. A missing folder, a folder given
    twice or two folders with the same name is an ``InputError`` (nothing has started yet)."""
    out = Path(out)
    episodes: list[Episode] = []
    by_name: dict[str, Path] = {}
    for f in folders:
        d = Path(f)
        if not d.is_dir():
            raise InputError("is a file, not an episode folder" if d.exists() else "no such episode folder",
                             path=str(d))
        name = d.resolve().name
        if name in (MANIFEST_NAME, LOCK_NAME):
            raise InputError(f"an episode folder may not be named {name} (the batch's own file)", path=str(d))
        if name in by_name:
            other = by_name[name]
            if other.resolve() == d.resolve():
                raise InputError("episode folder given twice", path=str(d))
            raise InputError(f"two episode folders are named {name!r} ({other} and {d}); both would write to "
                             f"{out / name}: rename one", path=str(d))
        by_name[name] = d
        episodes.append(Episode(name, d, out / name))
    if not episodes:
        raise InputError("no episode folders given")
    return tuple(episodes)


# --- fingerprints and the manifest -------------------------------------------------------------


HASH_CHUNK = 1 << 20  # 1 MiB: the read size, and how much of each end of an audio file is hashed


def input_fingerprint(inputs: pipeline.EpisodeInputs, templates: str | os.PathLike[str] | None = None,
                      ) -> dict[str, list[int | str]]:
    """What each input file, the folder's clipper.toml and the user's templates hold, so a re-run sees any edit.

    A text input (transcript, summary, clips, reference, clipper.toml) is ``[size, "blake2b:<hash of
    every byte>"]``: an edit of the same length with the modification time put back is still seen, and a
    file only touched is not a change. The audio (hundreds of MB) is ``[size, mtime_ns, "blake2b-ends:<hash
    of its first and last MiB>"]``: re-encoded, trimmed, replaced or touched audio is a change; an edit in
    the middle that keeps the size and puts the time back is not seen. A manifest with another format
    (an older clipper's ``[size, mtime_ns]``) simply differs: the episode runs again.

    ``templates`` is the templates folder the run uses (``RunOptions.templates``, as ``pipeline.prepare``
    resolves it): every file under it is a text input too, so an edited, new or removed template runs the
    episode again. A folder that does not exist adds nothing (the run itself says so)."""
    files = list(inputs.files())
    if inputs.folder is not None and (inputs.folder / pipeline.CONFIG_NAME).is_file():
        files.append(inputs.folder / pipeline.CONFIG_NAME)
    fp: dict[str, list[int | str]] = {}
    for p in files:
        fp[str(Path(p).resolve())] = file_fingerprint(Path(p), whole=p != inputs.audio)
    for p in template_files(templates):
        fp.setdefault(str(p.resolve()), file_fingerprint(p))  # an input that is also in the folder: hashed once
    return fp


def template_files(templates: str | os.PathLike[str] | None) -> list[Path]:
    """Every file under the user's templates folder (sub-folders too: a template may include one from
    there), sorted; none when there is no such folder."""
    if not templates or not Path(templates).is_dir():
        return []
    return sorted(p for p in Path(templates).rglob("*") if p.is_file())


def file_fingerprint(path: Path, *, whole: bool = True) -> list[int | str]:
    """``[size, "blake2b:..."]`` of every byte (``whole``), else ``[size, mtime_ns, "blake2b-ends:..."]`` of
    the first and last ``HASH_CHUNK`` bytes. A file that cannot be read is an ``InputError``."""
    h = hashlib.blake2b(digest_size=20)
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if whole:
                while chunk := f.read(HASH_CHUNK):
                    h.update(chunk)
                return [st.st_size, f"blake2b:{h.hexdigest()}"]
            h.update(f.read(HASH_CHUNK))
            if st.st_size > HASH_CHUNK:
                f.seek(max(HASH_CHUNK, st.st_size - HASH_CHUNK))
                h.update(f.read(HASH_CHUNK))
            return [st.st_size, st.st_mtime_ns, f"blake2b-ends:{h.hexdigest()}"]
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=str(path)) from None


def option_fingerprint(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings that shape the output, JSON-ready, plus clipper's version."""
    fp = {k: (str(v) if isinstance(v, Path) else v) for k, v in sorted(settings.items()) if k not in VOLATILE}
    fp["clipper"] = __version__
    return fp


def read_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {"manifest_version": MANIFEST_VERSION, "episodes": {}}
    text = decode(path.read_bytes(), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"batch manifest is not valid JSON: {e.msg}; remove it to start afresh",
                         path=str(path), line=e.lineno) from None
    if not isinstance(data, dict) or not isinstance(data.get("episodes"), dict):
        raise InputError("not a clipper batch manifest (no \"episodes\" object); remove it to start afresh",
                         path=str(path))
    return data


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", force=True)


def is_done(entry: dict[str, Any] | None, ep: Episode, inputs_fp: dict, options_fp: dict, out: Path) -> bool:
    """Done before, from the same folder, with the same inputs and options, and every output still there."""
    return (
        entry is not None
        and entry.get("status") == "done"
        and entry.get("folder") == str(ep.folder.resolve())
        and entry.get("inputs") == inputs_fp
        and entry.get("options") == options_fp
        and all((out / rel).is_file() for rel in entry.get("outputs", []))
    )


# --- one folder's files before and after ---------------------------------------------------------


def snapshot(folder: Path) -> frozenset[str]:
    """Files and folders under ``folder`` (relative paths); empty when it does not exist."""
    if not folder.is_dir():
        return frozenset()
    return frozenset(str(p.relative_to(folder)) for p in folder.rglob("*"))


def restore(folder: Path, before: frozenset[str], root: Path) -> int:
    """Remove what appeared under ``folder`` since ``before`` (files, then emptied folders), and
    ``folder`` itself when it did not exist then and is empty now (``root`` is never removed).
    Returns how many files were removed."""
    if not folder.is_dir():
        return 0
    new = sorted((p for p in folder.rglob("*") if str(p.relative_to(folder)) not in before),
                 key=lambda p: len(p.parts), reverse=True)
    removed = 0
    for p in new:
        with contextlib.suppress(OSError):
            if p.is_dir() and not p.is_symlink():
                p.rmdir()
            else:
                p.unlink()
                removed += 1
    if not before and folder.resolve() != root.resolve():
        with contextlib.suppress(OSError):
            folder.rmdir()
    return removed


# --- the worker (runs in a spawned process) ----------------------------------------------------


_stop_event = None  # in a worker: set by the parent when the batch is stopping


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init_worker(stop_event) -> None:
    global _stop_event
    _stop_event = stop_event
    _ignore_sigint()


def _interrupted(signum, frame) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # one interrupt is enough; let the clean-up finish
    raise KeyboardInterrupt


def work(folder: str, given: dict[str, Any]) -> dict[str, Any]:
    """Run one episode; never raises (the outcome is a plain dict, picklable)."""
    t0 = time.monotonic()
    if _stop_event is not None and _stop_event.is_set():  # queued before Ctrl-C: do not start
        return {"status": "interrupted", "seconds": 0.0, "started": False}
    signal.signal(signal.SIGINT, _interrupted)
    try:
        inputs, options, _ = pipeline.prepare(folder, given)
        result = pipeline.run_episode(inputs, options)
        return {"status": "done", "outputs": [str(p) for p in result.files], "chapters": len(result.chapters),
                "warnings": list(result.warnings), "notes": list(result.notes), "seconds": time.monotonic() - t0}
    except ClipperError as e:
        return {"status": "failed", "error": str(e), "seconds": time.monotonic() - t0}
    except KeyboardInterrupt:
        return {"status": "interrupted", "seconds": time.monotonic() - t0}
    except Exception as e:  # a bug in clipper: say what it was, keep the batch going
        return {"status": "failed", "error": f"internal error: {type(e).__name__}: {e}", "seconds": time.monotonic() - t0}
    finally:
        _ignore_sigint()


# --- the batch ---------------------------------------------------------------------------------


@dataclass
class _State:
    out: Path
    manifest_path: Path
    manifest: dict[str, Any]
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def record(self, ep: Episode, outcome: Outcome, entry: dict[str, Any] | None) -> None:
        self.outcomes[ep.name] = outcome
        if entry is not None:
            self.manifest["episodes"][ep.name] = entry
            self.manifest["clipper"] = __version__
            write_manifest(self.manifest_path, self.manifest)


def _relative(paths: Iterable[str], out: Path) -> tuple[str, ...]:
    rel = []
    for p in paths:
        try:
            rel.append(Path(p).resolve().relative_to(out.resolve()).as_posix())
        except ValueError:
            rel.append(str(p))
    return tuple(rel)


def run_batch(
    episodes: Iterable[Episode],
    out: str | os.PathLike[str],
    given: dict[str, Any] | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> BatchResult:
    """Run every episode not already done into ``out/<name>``, ``jobs`` at a time (default: the CPU count,
    at most 4). ``given`` holds the run options set on the command line (setting names, as in
    ``pipeline.DEFAULTS``); ``force`` redoes done episodes and replaces files not written by this batch."""
    eps = tuple(episodes)
    out = Path(out)
    with exclusive(out):
        return _run_batch(eps, out, given, jobs=jobs, force=force, progress=progress, on_outcome=on_outcome)


@contextlib.contextmanager
def exclusive(out: Path):
    """Hold ``out``'s batch lock for the block; ``InputError`` at once when another batch holds it, and
    ``OutputError`` when ``out`` cannot be made or written. Folders made here are removed again at the end
    if nothing was written into them (a batch stopped before any episode finished leaves no trace)."""
    if out.exists() and not out.is_dir():
        raise InputError("the batch output is not a folder", path=str(out))
    made = [d for d in (out, *out.parents) if not d.exists()]  # what mkdir makes, to remove again if unused
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _cannot_write(e, out) from None
    try:
        with _locked(out):
            yield
    finally:
        for d in made:  # deepest first; a folder something was written into stays
            with contextlib.suppress(OSError):
                d.rmdir()


def _cannot_write(e: OSError, out: Path) -> OutputError:
    """The one-line error for an output folder the system refuses (as ``textio`` words it for files)."""
    on_the_way = next((p for p in (out, *out.parents) if p.exists() and not p.is_dir()), None)
    if on_the_way is not None:
        return OutputError(f"cannot write: {on_the_way} is a file, not a folder", path=str(out))
    return OutputError(f"cannot write: {e.strerror or e}", path=str(out))


@contextlib.contextmanager
def _locked(out: Path):
    try:
        import fcntl
    except ImportError:  # no flock (Windows): batches into one folder are then the user's care
        yield
        return
    path = out / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:  # the batch before us removed the folder it had made: make it again
            out.mkdir(parents=True, exist_ok=True)
            continue
        except OSError as e:  # a read-only folder
            raise _cannot_write(e, out) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise InputError(f"another clipper batch{who} is writing into this folder; let it finish or choose "
                             f"another --out", path=str(out)) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the batch before us removed the file after we opened it: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # while still holding the lock, so nobody locks a file about to vanish
        os.close(fd)


def _run_batch(eps: tuple[Episode, ...], out: Path, given: dict[str, Any] | None, *, jobs: int | None,
               force: bool, progress: Progress | None, on_outcome: Callable[[Outcome], None] | None) -> BatchResult:
    given = {k: v for k, v in (given or {}).items() if k not in VOLATILE}
    manifest_path = out / MANIFEST_NAME
    state = _State(out, manifest_path, read_manifest(manifest_path))
    report = progress or (lambda step, fraction: None)
    total = len(eps)

    def finished(ep: Episode, outcome: Outcome, entry: dict[str, Any] | None) -> None:
        state.record(ep, outcome, entry)
        report(f"{len(state.outcomes)}/{total} {ep.name} {outcome.status}", len(state.outcomes) / total)
        if on_outcome is not None:
            on_outcome(outcome)

    # decide what to run; an episode whose inputs cannot be found fails here, without a worker
    todo: list[tuple[Episode, dict[str, Any], dict[str, Any]]] = []
    report("checking episodes", 0.0)
    for ep in eps:
        entry = state.manifest["episodes"].get(ep.name)
        try:
            inputs, options, settings = pipeline.prepare(ep.folder, {**given, "out": ep.out})
            fp_in, fp_opt = input_fingerprint(inputs, options.templates), option_fingerprint(settings)
        except ClipperError as e:
            finished(ep, Outcome(ep.name, str(ep.folder), "failed", error=str(e), started=False),
                     _entry(ep, "failed", {}, {}, (), str(e), 0.0))
            continue
        if not force and is_done(entry, ep, fp_in, fp_opt, out):
            finished(ep, Outcome(ep.name, str(ep.folder), "skipped", outputs=tuple(entry["outputs"]),
                                 chapters=entry.get("chapters")), None)
            continue
        # not forced because an earlier batch did this episode: its run log says which files are still its
        # own, unchanged, and only those are replaced; an edited one fails the episode, as `run` refuses it
        run_given = {**given, "out": str(ep.out), "force": force}
        todo.append((ep, run_given, {"inputs": fp_in, "options": fp_opt}))

    if todo:
        _run_pool(todo, out, jobs, finished)
    ordered = tuple(state.outcomes[ep.name] for ep in eps if ep.name in state.outcomes)
    result = BatchResult(out, manifest_path if manifest_path.is_file() else None, ordered)
    if any(o.status == "interrupted" for o in ordered):
        raise BatchInterrupted(result)
    return result


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the batch; ``result`` holds what had finished (the manifest has it too)."""

    def __init__(self, result: BatchResult) -> None:
        super().__init__("batch interrupted")
        self.result = result


def _entry(ep: Episode, status: str, fp_in: dict, fp_opt: dict, outputs: tuple[str, ...], error: str | None,
           seconds: float, chapters: int | None = None, warnings: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"folder": str(ep.folder.resolve()), "status": status, "inputs": fp_in, "options": fp_opt,
            "outputs": list(outputs), "error": error, "seconds": round(seconds, 2), "chapters": chapters,
            "warnings": list(warnings), "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def _run_pool(todo, out: Path, jobs: int | None, finished) -> None:
    workers = max(1, min(jobs or min(os.cpu_count() or 1, 4), len(todo)))
    before = {ep.name: snapshot(ep.out) for ep, _, _ in todo}
    pending: dict[Future, tuple[Episode, dict[str, Any]]] = {}
    ctx = multiprocessing.get_context("spawn")
    stop_event = ctx.Event()

    def take(fut: Future, stopping: bool = False) -> None:
        ep, fps = pending.pop(fut)
        if fut.cancelled():
            r = {"status": "interrupted", "started": False}
        elif not fut.done():  # still running when the workers were terminated
            r = {"status": "interrupted"}
        else:
            try:
                r = fut.result()
            except BaseException as e:  # the worker died (killed, out of memory) or was stopped
                r = {"status": "interrupted" if stopping else "failed",
                     "error": f"worker stopped: {type(e).__name__}: {e}".rstrip(": ")}
        if stopping and r["status"] == "failed" and str(r.get("error", "")).startswith("worker stopped"):
            r = {"status": "interrupted"}
        status = r["status"]
        removed = restore(ep.out, before[ep.name], out) if status != "done" else 0  # no episode is left half there
        started = r.get("started", True)
        if status == "interrupted":
            finished(ep, Outcome(ep.name, str(ep.folder), "interrupted", seconds=r.get("seconds", 0.0),
                                 started=started, removed=removed), None)
            return
        outputs = _relative(r.get("outputs", []), out)
        warnings = tuple(r.get("warnings", ()))
        outcome = Outcome(ep.name, str(ep.folder), status, r.get("error"), outputs, r.get("seconds", 0.0),
                          r.get("chapters"), warnings, started, removed, tuple(r.get("notes", ())))
        finished(ep, outcome, _entry(ep, status, fps["inputs"], fps["options"], outputs, r.get("error"),
                                     r.get("seconds", 0.0), r.get("chapters"), warnings))

    ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(stop_event,))
    try:
        with _sigint_ignored():
            for ep, run_given, fps in todo:
                pending[ex.submit(work, str(ep.folder), run_given)] = (ep, fps)
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for fut in done:
                with _sigint_deferred():  # an outcome is recorded whole (manifest included) or not taken
                    take(fut)
    except KeyboardInterrupt:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        try:
            stop_event.set()
            _stop(pending, lambda fut: take(fut, stopping=True))
        finally:
            signal.signal(signal.SIGINT, old)
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _sigint_ignored():
    """SIGINT ignored inside the block, so the worker processes started here inherit SIG_IGN and none
    dies of a Ctrl-C while it is still importing (``work`` takes SIGINT back while it runs)."""
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


@contextlib.contextmanager
def _sigint_deferred():
    """A Ctrl-C inside the block is held back and raised when the block ends."""
    caught: list[int] = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if caught:
        raise KeyboardInterrupt


def _stop(pending: dict, take) -> None:
    """Cancel what has not started, interrupt what has, and collect every outcome."""
    for fut in list(pending):
        fut.cancel()
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError):
            os.kill(child.pid, signal.SIGINT)  # the worker's run raises KeyboardInterrupt and cleans up
    done, not_done = wait(list(pending), timeout=STOP_GRACE_S)
    for child in multiprocessing.active_children() if not_done else ():
        child.terminate()
    wait(list(pending), timeout=5)
    for fut in list(pending):
        take(fut)
