"""The jinja2 environment for every text output.

Templates are looked up in the user's ``--templates DIR`` first, then in the project's
``templates/`` folder (a source checkout), then in the copy packaged into the wheel.
Whatever goes wrong while a template is loaded or rendered (a syntax error, an undefined name, a
``{{ 1/0 }}``, a missing include) comes out as an ``InputError`` naming the template file and line.

Every template, bundled or the user's, renders in jinja2's immutable sandbox: a template is data (an episode
folder's ``clipper.toml`` can point at one), so it may read attributes, call filters and methods, but not
reach ``_private`` attributes (``cycler.__init__.__globals__.os``...) or mutate what it is given; trying to
is an ``InputError`` like any other template error.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2
import jinja2.sandbox

from . import timecode
from .errors import ClipperError, InputError

_HERE = Path(__file__).resolve().parent
BUILTIN_DIRS = (_HERE.parent / "templates", _HERE / "templates")


def _filters() -> dict:
    return {
        "clock": timecode.format_clock,
        "hms": timecode.format_hms,
        "youtube_time": timecode.format_youtube,
        "seconds": timecode.ms_to_seconds,
    }


@lru_cache(maxsize=8)
def environment(user_dir: str | None = None, autoescape: bool = False) -> jinja2.Environment:
    dirs = [d for d in ([Path(user_dir)] if user_dir else []) + list(BUILTIN_DIRS) if d.is_dir()]
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters())
    return env


def render(name: str, *, templates: str | os.PathLike[str] | None = None, **context) -> str:
    """Render ``name``; HTML and XML templates (``*.html[.j2]``, ``*.xml[.j2]``) are autoescaped."""
    escaped = name.removesuffix(".j2").endswith((".html", ".xml"))
    if templates and not Path(templates).is_dir():
        raise InputError("--templates: no such folder", path=str(templates))
    env = environment(str(templates) if templates else None, autoescape=escaped)
    try:
        return env.get_template(name).render(**context)
    except ClipperError:
        raise
    except jinja2.TemplateNotFound as e:
        # raised inside a template ({% include %}, {% import %}, {% extends %}): that template's file and line
        path, line = template_frame(e)
        where = path or _source_path(env, name) or (str(templates) if templates else None)
        raise InputError(f"template error: template {e.name!r} not found", path=where, line=line,
                         text=_line(_lines(path), line) if path else None) from None
    except jinja2.TemplateSyntaxError as e:
        text = _line(e.source.split("\n"), e.lineno) if e.source else None
        raise InputError(f"template error: {e.message or e}", path=e.filename or name, line=e.lineno,
                         text=text) from None
    except UnicodeDecodeError:
        raise InputError("template error: not UTF-8 text", path=_source_path(env, name) or name) from None
    except Exception as e:  # anything a template can raise: UndefinedError, ZeroDivisionError, TypeError...
        path, line = template_frame(e)
        if isinstance(e, jinja2.exceptions.SecurityError):
            message = f"not allowed in a template: {e}"
        elif isinstance(e, jinja2.TemplateError):
            message = str(e)
        else:
            message = f"{e} ({type(e).__name__})"
        text = _line(_lines(path), line) if path else None
        raise InputError(f"template error: {message}", path=path or _source_path(env, name) or name, line=line,
                         text=text) from None


def _source_path(env: jinja2.Environment, name: str) -> str | None:
    """The file ``name`` is loaded from (the first folder that has it)."""
    for folder in getattr(env.loader, "searchpath", ()):
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    return None


def template_frame(e: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where ``e`` was raised: jinja2 rewrites the traceback so that frames
    of template code carry the template's file name and line (they hold ``__jinja_exception__``)."""
    path = line = None
    tb = e.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            path, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return path, line


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line(lines: list[str], n: int | None) -> str | None:
    """Line ``n`` (1-based) stripped, shown with the error; None when there is no such line or it is blank."""
    if not n or not 0 < n <= len(lines):
        return None
    return lines[n - 1].strip() or None
