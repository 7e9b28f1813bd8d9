"""clipper.templating: user templates first, built-in ones otherwise; a missing --templates folder is an error."""
import pytest

from clipper import templating
from clipper.errors import InputError


def test_user_templates_come_first_and_the_rest_fall_back(tmp_path):
    from clipper import chapterformats
    from clipper.model import Chapter, ChapterList

    (tmp_path / "chapters.youtube.j2").write_text("{{ chapters | length }} chapters, my way\n")
    chs = ChapterList((Chapter(0, 10_000, "Intro"), Chapter(10_000, 20_000, "Scaling laws"),
                       Chapter(20_000, 35_000, "Limits")), duration=35_000)
    assert chapterformats.render(chs, "youtube", templates=tmp_path).startswith("3 chapters, my way")
    # a template the folder does not have comes from the built-in ones
    assert "Scaling laws" in chapterformats.render(chs, "audacity", templates=tmp_path)


def test_a_missing_templates_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(InputError, match="no such folder") as e:
        templating.render("chapters.youtube.j2", templates=tmp_path / "nope", chapters=())
    assert e.value.path == str(tmp_path / "nope")


# --- whatever a template raises is one error naming the template file and line -------------------


def chapters():
    from clipper.model import Chapter, ChapterList

    return ChapterList((Chapter(0, 10_000, "Intro"), Chapter(10_000, 20_000, "Scaling laws"),
                        Chapter(20_000, 35_000, "Limits")), duration=35_000)


def render_youtube(folder, source: str):
    from clipper import chapterformats

    (folder / "chapters.youtube.j2").write_text(source)
    return chapterformats.render(chapters(), "youtube", templates=folder)


def test_a_python_exception_in_a_template_names_file_line_and_text(tmp_path):
    with pytest.raises(InputError) as e:
        render_youtube(tmp_path, "Chapters:\n{% for c in chapters %}\n{{ c.title }} {{ 1/0 }}\n{% endfor %}\n")
    assert e.value.path == str(tmp_path / "chapters.youtube.j2") and e.value.line == 3
    assert e.value.text == "{{ c.title }} {{ 1/0 }}"
    assert str(e.value) == (f"{tmp_path / 'chapters.youtube.j2'}:3: template error: division by zero "
                            "(ZeroDivisionError) (got '{{ c.title }} {{ 1/0 }}')")


def test_a_filter_given_the_wrong_type_is_a_template_error(tmp_path):
    with pytest.raises(InputError, match=r"template error: .* \(TypeError\)") as e:
        render_youtube(tmp_path, "{% for c in chapters %}\n{{ c.title | clock }}\n{% endfor %}\n")
    assert e.value.line == 2 and e.value.text == "{{ c.title | clock }}"


def test_an_undefined_name_gives_its_line(tmp_path):
    with pytest.raises(InputError, match="template error: 'no_such_name' is undefined") as e:
        render_youtube(tmp_path, "ok\n\n{{ no_such_name }}\n")
    assert e.value.line == 3 and e.value.path.endswith("chapters.youtube.j2")


def test_a_syntax_error_gives_its_line_and_text(tmp_path):
    with pytest.raises(InputError, match="template error: .*'endfor'") as e:
        render_youtube(tmp_path, "Chapters:\n{% for c in chapters %}\n{{ c.title }}\n")
    assert e.value.path == str(tmp_path / "chapters.youtube.j2") and e.value.line == 3
    assert e.value.text == "{{ c.title }}"


def test_an_error_in_an_included_template_names_that_template(tmp_path):
    (tmp_path / "row.j2").write_text("{{ c.title }}\n{{ c.start // 0 }}\n")
    with pytest.raises(InputError, match=r"integer division or modulo by zero \(ZeroDivisionError\)") as e:
        render_youtube(tmp_path, "{% for c in chapters %}\n{% include 'row.j2' %}\n{% endfor %}\n")
    assert e.value.path == str(tmp_path / "row.j2") and e.value.line == 2


def test_a_missing_include_and_a_binary_template_are_errors_too(tmp_path):
    with pytest.raises(InputError, match="template 'nope.j2' not found"):
        render_youtube(tmp_path, "{% include 'nope.j2' %}\n")
    (tmp_path / "chapters.youtube.j2").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="template error: not UTF-8 text") as e:
        from clipper import chapterformats

        chapterformats.render(chapters(), "youtube", templates=tmp_path)
    assert e.value.path == str(tmp_path / "chapters.youtube.j2")


def test_the_cli_prints_one_line_for_a_broken_template(lex_page, seed_summary, tmp_path):
    from typer.testing import CliRunner

    from clipper.cli import app

    (tmp_path / "chapters.youtube.j2").write_text("{% for c in chapters %}\n{{ c.title }}: {{ 1/0 }}\n{% endfor %}\n")
    r = CliRunner().invoke(app, ["chapters", str(lex_page), str(seed_summary), "--templates", str(tmp_path), "-q"])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (f"error: {tmp_path / 'chapters.youtube.j2'}:2: template error: division by zero "
                        "(ZeroDivisionError) (got '{{ c.title }}: {{ 1/0 }}')\n")


# --- templates are data: they render in jinja2's sandbox, bundled and user ones alike -------------

EXPLOIT = 'Chapters:\n{{ cycler.__init__.__globals__.os.popen("touch %s").read() }}\n'


def test_every_template_renders_in_the_immutable_sandbox(tmp_path):
    import jinja2.sandbox

    assert isinstance(templating.environment(None), jinja2.sandbox.ImmutableSandboxedEnvironment)
    assert isinstance(templating.environment(str(tmp_path), True), jinja2.sandbox.ImmutableSandboxedEnvironment)


def test_a_template_reaching_for_python_internals_is_an_error_and_runs_nothing(tmp_path):
    marker = tmp_path / "PWNED"
    with pytest.raises(InputError, match=r"template error: not allowed in a template: access to attribute "
                                         r"'__init__' .* is unsafe") as e:
        render_youtube(tmp_path, EXPLOIT % marker)
    assert e.value.path == str(tmp_path / "chapters.youtube.j2") and e.value.line == 2
    assert e.value.text.startswith("{{ cycler.__init__")
    assert not marker.exists()


def test_a_template_cannot_mutate_what_it_is_given(tmp_path):
    with pytest.raises(InputError, match="not allowed in a template: .*unsafe") as e:
        render_youtube(tmp_path, "{% set xs = [1] %}\n{{ xs.append(2) }}\n")
    assert e.value.line == 2


def test_the_sandbox_still_allows_what_the_bundled_templates_use(tmp_path):
    out = render_youtube(tmp_path, "{% set ns = namespace(n=0) %}{% for c in chapters %}{% set ns.n = ns.n + 1 %}"
                                   "{{ '%02d' | format(loop.index) }} {{ c.start | youtube_time }} {{ c.title | upper }}\n"
                                   "{% endfor %}{{ ns.n }}\n")
    assert out == "01 0:00 INTRO\n02 0:10 SCALING LAWS\n03 0:20 LIMITS\n3\n"


def test_a_missing_include_names_the_including_file_line_and_text(tmp_path):
    with pytest.raises(InputError) as e:
        render_youtube(tmp_path, "a\nb\n{% include \"missing.j2\" %}\n")
    assert str(e.value) == (f"{tmp_path / 'chapters.youtube.j2'}:3: template error: template 'missing.j2' not "
                            "found (got '{% include \"missing.j2\" %}')")
    # inside an included template too: the file that has the include, not the top one
    (tmp_path / "row.j2").write_text("{{ c.title }}\n{% import 'macros.j2' as m %}\n")
    with pytest.raises(InputError, match="template 'macros.j2' not found") as e:
        render_youtube(tmp_path, "{% for c in chapters %}\n{% include 'row.j2' %}\n{% endfor %}\n")
    assert e.value.path == str(tmp_path / "row.j2") and e.value.line == 2


def test_the_cli_refuses_an_exploit_template_with_exit_2_and_writes_nothing(lex_page, seed_summary, tmp_path):
    from typer.testing import CliRunner

    from clipper.cli import app

    tpl, marker, out = tmp_path / "tpl", tmp_path / "PWNED", tmp_path / "yt.txt"
    tpl.mkdir()
    (tpl / "chapters.youtube.j2").write_text(EXPLOIT % marker)
    r = CliRunner().invoke(app, ["chapters", str(lex_page), str(seed_summary), "--templates", str(tpl),
                                 "-o", str(out), "-q"])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(f"error: {tpl / 'chapters.youtube.j2'}:2: template error: not allowed in a template")
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    assert not marker.exists() and not out.exists()


def test_an_episode_folders_template_cannot_run_code_in_batch(tmp_path):
    import shutil
    from pathlib import Path

    from typer.testing import CliRunner

    from clipper.cli import app

    ep = tmp_path / "eps" / "evil"
    shutil.copytree(Path(__file__).resolve().parent / "data/episodes/lex-452-head", ep)
    (ep / "tpl").mkdir()
    (ep / "tpl" / "chapters.youtube.j2").write_text(EXPLOIT % (tmp_path / "PWNED"))
    (ep / "clipper.toml").write_text('templates = "tpl"\n')
    r = CliRunner().invoke(app, ["batch", str(ep), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.stdout.startswith(f"failed      evil: error: {ep / 'tpl/chapters.youtube.j2'}:2: template error: "
                               "not allowed in a template")
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "out" / "evil").exists()
