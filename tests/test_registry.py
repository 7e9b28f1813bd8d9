"""clipper.registry: which format an output file gets, shared by chapters, subtitles and retime."""
import pytest

from clipper.errors import InputError, UnknownFormatError
from clipper.registry import Format, Registry


def registry() -> Registry[str]:
    r: Registry[str] = Registry("test")
    write = lambda value, **_: value  # noqa: E731
    r.register(Format("srt", "SubRip", (".srt",), write=write))
    r.register(Format("vtt", "WebVTT", (".vtt",), write=write))
    r.register(Format("psc", "Podlove", (".psc.xml",), write=write))
    r.register(Format("page", "read only", (".md",), read=lambda text, **_: text))
    return r


def test_the_file_name_chooses_and_a_named_format_must_agree_with_it():
    r = registry()
    assert r.output_format("out/x.SRT") == "srt" and r.output_format("x.psc.xml") == "psc"
    assert r.output_format("x.vtt", "VTT") == "vtt"  # any case
    assert r.output_format("x.txt", "srt") == "srt" and r.output_format("x.txt", default="vtt") == "vtt"
    with pytest.raises(InputError) as e:
        r.output_format("x.srt", "vtt")
    assert str(e.value) == "x.srt: the file name says srt but --format says vtt; name it .vtt or leave out --format"


def test_unknown_or_read_only_formats_list_what_can_be_written():
    r = registry()
    with pytest.raises(UnknownFormatError) as e:
        r.output_format("x.srt", "page", option="-f", what="subtitle")
    assert str(e.value) == "-f: not a subtitle format clipper writes; use one of: srt, vtt, psc (got 'page')"
    with pytest.raises(UnknownFormatError) as e:
        r.output_format("x.md")  # a reader's extension, no writer's
    assert str(e.value) == ("x.md: cannot tell the output format from the file name; end it in .srt, .vtt or "
                            ".psc.xml (or give --format)")
