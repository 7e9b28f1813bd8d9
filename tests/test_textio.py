import os

import pytest

from clipper.errors import InputError, OutputError
from clipper import textio
from clipper.textio import decode, read_text, staged, write_text


def test_decode_strips_bom_and_folds_line_ends():
    assert decode("\ufeffa\r\nb\rc\n".encode("utf-8")) == "a\nb\nc\n"
    assert decode("\ufeffhi\r\n".encode("utf-16-le")) == "hi\n"


def test_empty_file_is_an_error_at_line_1():
    with pytest.raises(InputError) as e:
        decode(b"  \n", "x.vtt")
    assert str(e.value).startswith("x.vtt:1: file is empty")


def test_binary_file_names_the_line():
    with pytest.raises(InputError) as e:
        decode(b"WEBVTT\n\nabc\x00\x01", "x.vtt")
    assert e.value.line == 3 and "binary" in e.value.message


def test_a_bom_alone_is_an_empty_file():
    for data in (b"\xef\xbb\xbf", b"\xff\xfe", "\ufeff \u200b\n".encode()):
        with pytest.raises(InputError) as e:
            decode(data, "x.vtt")
        assert str(e.value).startswith("x.vtt:1: file is empty")


def test_binary_file_names_the_byte():
    with pytest.raises(InputError) as e:
        decode(b"WEBVTT\n\nabc\x00\x01", "x.vtt")
    assert e.value.message == "binary file, not text (byte 0x00 at offset 11)"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_saved_without_a_byte_order_mark_is_read(encoding):
    """QA: Windows tools save UTF-16 without a BOM; it was 'binary file, not text'."""
    text = "WEBVTT\n\n00:00.000 --> 00:01.500\nCafé, naïve — “quoted”\n"
    assert decode(text.encode(encoding), "x.vtt") == text


def test_invisible_characters_from_web_pages_are_dropped():
    """QA: a summary whose blank lines held a zero-width space (or U+FEFF) gave 116 chapters with invisible
    titles; a zero-width space before WEBVTT made the file plain text; one in a name made a new speaker."""
    raw = "\u200bWEBVTT\n\u200b\n00:00.000 --> 00:01.000\n<v Ho\u200bst>Ca\u2060ts\u00ad and \ufeffdogs\n"
    assert decode(raw.encode()) == "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Host>Cats and dogs\n"
    # a joiner beside Latin letters or a line's end joins nothing: dropped
    assert decode("Claude\u200d\n\u200dAI \u200cis\n".encode()) == "Claude\nAI is\n"
    # joiners that mean something stay: an emoji family, a Persian word
    kept = "\U0001F468\u200d\U0001F469\u200d\U0001F467 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n"
    assert decode(kept.encode()) == kept


def test_wrong_encoding_names_the_line():
    with pytest.raises(InputError) as e:
        decode("line one\nline two caf\xe9\n".encode("latin-1"), "x.srt")
    assert e.value.line == 2 and "UTF-8" in e.value.message


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        read_text("/nonexistent/file.vtt")


def test_write_refuses_to_overwrite_without_force(tmp_path):
    p = tmp_path / "out.txt"
    write_text(p, "one")
    with pytest.raises(OutputError, match="--force"):
        write_text(p, "two")
    assert p.read_text() == "one"
    write_text(p, "two", force=True)
    assert p.read_text() == "two"


def test_failed_write_leaves_nothing(tmp_path):
    p = tmp_path / "out.bin"
    with pytest.raises(RuntimeError):
        with staged(p) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("interrupted")
    assert os.listdir(tmp_path) == []


def test_published_files_get_the_users_mode_not_mkstemps_0600(tmp_path):
    mask = os.umask(0o022)
    try:
        textio._umask.cache_clear()
        p = textio.write_text(tmp_path / "a.txt", "x")
        assert p.stat().st_mode & 0o777 == 0o644
        os.chmod(p, 0o640)
        textio.write_text(p, "y", force=True)  # replacing keeps the replaced file's mode
        assert p.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(mask)
        textio._umask.cache_clear()


# --- outputs that cannot be written: one OutputError, never an OSError ------------------------


def test_a_file_on_the_way_is_an_output_error(tmp_path):
    (tmp_path / "notes").write_text("mine")
    for target in (tmp_path / "notes/x.txt", tmp_path / "notes/deeper/x.txt"):
        with pytest.raises(OutputError) as e:
            write_text(target, "x")
        assert str(e.value) == f"{target}: cannot write: {tmp_path / 'notes'} is a file, not a folder"
    assert (tmp_path / "notes").read_text() == "mine"


def test_a_read_only_folder_is_an_output_error(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        try:
            write_text(ro / "x.txt", "x")
        except OutputError as e:
            assert str(e) == f"{ro / 'x.txt'}: cannot write: Permission denied"
            assert os.listdir(ro) == []
        else:
            if os.geteuid() == 0:
                pytest.skip("running as root: the read-only folder was written anyway")
            raise AssertionError("a read-only folder was written")
    finally:
        ro.chmod(0o755)


def test_os_errors_while_staging_become_output_errors(tmp_path, monkeypatch):
    """Whatever the system refuses (making the folder, the temporary file, the final move) is an
    OutputError naming the output, and no temporary file is left."""
    target = tmp_path / "new/out.txt"

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    def disk_full(*a, **k):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(textio.Path, "mkdir", refuse)
        with pytest.raises(OutputError, match="cannot write: Permission denied") as e:
            write_text(target, "x")
        assert e.value.path == str(target)
    target.parent.mkdir()
    with monkeypatch.context() as m:
        m.setattr(textio, "_make_temp", refuse)
        with pytest.raises(OutputError, match="cannot write: Permission denied"):
            write_text(target, "x")
    with monkeypatch.context() as m:
        m.setattr(textio.os, "replace", refuse)
        with pytest.raises(OutputError, match="cannot write: Permission denied"):
            write_text(target, "x", force=True)
    with monkeypatch.context() as m:
        m.setattr(textio.os, "fsync", disk_full)
        with pytest.raises(OutputError, match="cannot write: No space left on device"):
            write_text(target, "x")
    assert os.listdir(target.parent) == []


def test_ctrl_c_just_after_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """The temporary file's name is known before it is created, so a Ctrl-C the moment it exists (before
    mkstemp's caller had it, as happened under load) still has it removed."""
    real_open = os.open

    def open_then_interrupt(path, flags, *a, **k):
        fd = real_open(path, flags, *a, **k)
        os.close(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(textio.os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text(tmp_path / "out.txt", "x")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_outputs_that_are_inputs_or_folders(tmp_path):
    src = tmp_path / "transcript.vtt"
    src.write_text("WEBVTT\n")
    os.link(src, tmp_path / "same.vtt")
    for target in (src, tmp_path / "same.vtt", tmp_path / "." / "transcript.vtt"):
        with pytest.raises(OutputError) as e:
            textio.check_writable(target, force=True, inputs=(None, src))
        assert e.value.message == "output would overwrite an input file"  # --force would not help: not said
    (tmp_path / "folder").mkdir()
    for force in (False, True):
        with pytest.raises(OutputError) as e:
            textio.check_writable(tmp_path / "folder", force=force)
        assert e.value.message == "is a folder, not a file"


def test_recording_sees_each_file_as_it_will_be_published(tmp_path):
    seen = {}

    def journal(path, st):
        seen[path.name] = textio.fingerprint(st)
        write_text(tmp_path / "log.json", str(sorted(seen)), force=True)  # not recorded itself

    with textio.recording(journal):
        a = write_text(tmp_path / "a.txt", "one")
        with staged(tmp_path / "b.bin") as tmp:
            tmp.write_bytes(b"two")
    write_text(tmp_path / "c.txt", "after")  # outside the block: not recorded
    assert seen == {"a.txt": textio.fingerprint(a.stat()), "b.bin": textio.fingerprint((tmp_path / "b.bin").stat())}
    assert (tmp_path / "log.json").read_text() == "['a.txt', 'b.bin']"


def test_a_failing_journal_publishes_nothing(tmp_path):
    def journal(path, st):
        raise OutputError("cannot write: Read-only file system", path=str(tmp_path / "log.json"))

    with textio.recording(journal), pytest.raises(OutputError, match="Read-only"):
        write_text(tmp_path / "a.txt", "one")
    assert os.listdir(tmp_path) == []
