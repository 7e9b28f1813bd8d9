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
