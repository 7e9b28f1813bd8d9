"""Small text helpers shared by the text-based transcript and summary readers."""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Iterable

_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
# Markup is only a known tag, written the way pages write it: a lowercase HTML tag name whose attributes
# (if any) are ``name=value``. Other text in angle brackets is text: ``List<String>``, ``The <Vector>
# type``, ``when a<b and c>d``.
HTML_TAGS = ("a abbr article aside b bdi big blockquote br center cite code dd del details dfn div dl dt em "
             "figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark nav ol p pre "
             "q s samp section small span strike strong sub summary sup table tbody td tfoot th thead time tr tt "
             "u ul var wbr").split()
ATTRS = r"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))*"""
_TAG = re.compile(rf"</(?P<end>{'|'.join(HTML_TAGS)})\s*>|<(?P<start>{'|'.join(HTML_TAGS)}){ATTRS}\s*/?>")
# tags that break the line (a space in the text); inline ones (``<b>``, ``<a>``) join what they hold
_BREAKS = set("article aside blockquote br center dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
              "h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split())


def _untag(m: re.Match) -> str:
    return " " if (m.group("end") or m.group("start")) in _BREAKS else ""


def clean_inline(text: str) -> str:
    """Markdown links to their text, HTML tags (``HTML_TAGS``) dropped, entities decoded, spaces folded."""
    text = _MD_LINK.sub(r"\1", text)
    text = _TAG.sub(_untag, text)
    text = html.unescape(text).replace("\u00a0", " ")
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(text.split())


def _letter_classes() -> tuple[str, str]:
    """Regex class bodies, as ranges, of the capitals of every cased script and of the letters of scripts
    without case, in one pass over the letters (no letter with case lies beyond U+1FFFF)."""
    runs: tuple[list[list[int]], list[list[int]]] = ([], [])
    for c in range(0x20000):
        ch = chr(c)
        if not ch.isalpha():
            continue
        upper = ch.isupper() or ch.istitle()
        if not upper and ch.islower():
            continue
        kind = runs[0 if upper else 1]
        if kind and kind[-1][1] == c - 1:
            kind[-1][1] = c
        else:
            kind.append([c, c])
    return tuple("".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in r)
                 for r in runs)  # type: ignore[return-value]


_UPPER, _UNCASED_LETTERS = _letter_classes()
# A name's first letter: a capital of any cased script ("Lex", "Émile", "Łukasz", "Özil Şahin", "Иван")
UPPER = f"[{_UPPER}]"
# A letter of a script without case (CJK, Arabic, Hebrew, Thai): a label there cannot show itself by a capital
_UNCASED = f"[{_UNCASED_LETTERS}]"
_CAPITALISED = rf"{UPPER}[\w.'’-]*"
_CAPS = rf"{UPPER}(?:{UPPER}|[.'’-])*"  # a word in capitals ("JOHN", "ÉMILE")
# A label in a script without case: one word of up to 8 letters ("田中", "李明") or two to four short words
# ("محمد علي"), followed by a colon (the full-width "：" too, after which CJK writes no space).
UNCASED_NAME = rf"{_UNCASED}[\w.'’-]{{0,7}}(?=[:：])|{_UNCASED}[\w.'’-]{{0,11}}(?: [\w.'’-]{{1,12}}){{1,3}}"
_COLON = r"(?::\s+|：\s*)"

# "Lex: Hello there.", "Dario Amodei: Sure, ..." — a speaker label (one to three capitalised words) and speech
_LABELLED = re.compile(rf"^(?P<name>{_CAPITALISED}(?: {_CAPITALISED}){{0,2}}){_COLON}(?P<text>\S.*)$")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
SPEECH_WORDS = 10  # after a label, this many words read as speech even without a sentence end


def speech_label(text: str) -> str | None:
    """The speaker named at the start of a line of speech (``Lex: Hello there.`` -> ``Lex``), else ``None``.

    The text after the label must read as speech: a sentence end, or ``SPEECH_WORDS`` words or more.
    A chapter title with a colon (``Claude: the model``, ``ASL-3: what changes``) is not speech."""
    m = _LABELLED.match(text.strip())
    if not m:
        return None
    rest = m.group("text")
    return m.group("name") if _SENTENCE_END.search(rest) or len(rest.split()) >= SPEECH_WORDS else None


# A caption's speaker prefix: "Lex Fridman: ...", "Dr. Amodei: ...", the numbered labels of transcription
# services ("Speaker 1: ..."), and labels in capitals ("JOHN: ...", "SPEAKER 1: ...").
_PREFIX = re.compile(rf"^(?P<name>{_CAPITALISED}(?: {_CAPITALISED}){{0,3}}"
                     r"|(?:Speaker|Guest|Host|Person|Voice|Participant|Caller|Interviewer|Interviewee) \d{1,2}"
                     rf"|{_CAPS}(?: (?:{_CAPS}|\d{{1,2}})){{0,3}}"
                     rf"|{UNCASED_NAME}){_COLON}(?P<text>\S.*)$")
_TURN = re.compile(r"^(?:[-–—]\s+|>>\s*)")
# Capitals that open a line without naming anyone
NOT_NAMES = frozenset("NOTE NB N.B. PS P.S. WARNING CAUTION UPDATE EDIT TIP IMPORTANT BREAKING LIVE ALERT "
                      "WEBVTT STYLE REGION CAPTION CAPTIONS SUBTITLES TRANSCRIPT "
                      # the same words in scripts without case ("注意：请系好安全带" is a notice, not a speaker)
                      "注意 注 提示 备注 備註 備考 警告 说明 說明 重要 参考 參考 更新 字幕 标题 標題 主题 主題 例 问 問 答 "
                      "注記 注意事項 メモ ヒント お知らせ 참고 주의 경고 알림 메모 공지 "
                      # and the field names and speech verbs such lines open with ("时间：", "他说：")
                      "结论 結論 答案 问题 问题是 問題は 原因 时间 時間 地点 地點 場所 日期 日時 他说 她说 我说 他說 她說 "
                      "例如 比如 比如说 例えば 我觉得 我覺得 시간 장소 결론 답".split())


def _shouted(name: str) -> bool:
    return not any(c.islower() for c in name)


def _uncased(name: str) -> bool:
    """A label in a script without case (``田中``, ``محمد``): nothing shows it is a name, not words."""
    return not any(c.isupper() or c.islower() for c in name)


def _doubtful(name: str) -> bool:
    """A label that may be a word, not a name: in capitals (``NOTE``, ``WOW``), one Title-case word
    (``Remember``, ``Wow``) or in a script without case (``田中``). Such a label names a speaker only when
    the file uses it consistently."""
    return _shouted(name) or " " not in name or _uncased(name)


def capital_speakers(lines: Iterable[str]) -> frozenset[str]:
    """The doubtful labels (``_doubtful``: ``JOHN:``, ``SPEAKER 1:``, ``Lex:``) that name speakers in these
    caption lines: used consistently, i.e. one opening two lines or more (a speaker speaks again; a shouted
    "STOP: NOW" or a "Remember: this" does not recur), or, in a conversation, each of two or more labels in
    capitals; a one-word Title-case label used once also when the file's other cues name speakers (a
    ``Dario Amodei:`` label, or a label that recurs). A label in a script without case (``田中:``) only
    when it recurs, or, written as CJK subtitles write it (``王小明：我也去。``: a wide-script name, the
    full-width colon, no space), also once when the file's other cues name speakers; alone in a file
    (``注意：明日は休みです。``) it is text, as are two such labels once each (``比如说：``, ``我觉得：`` are phrases as
    often as ``田中：``, ``佐藤：`` are names), and notice words (``注意``, ``提示``, ``참고``) never name anyone. Never a word like ``NOTE``. A line whose text is in
    capitals too (``I SAID: STOP``) is shouting, not a label."""
    seen: dict[str, int] = {}
    wide: set[str] = set()  # labels written "田中：今日は", as CJK subtitles (and clipper's SRT writer) name speakers
    sure = False  # a label that needs no consistency: "Dario Amodei:", "Speaker 1:"
    for ln in lines:
        m = _PREFIX.match(_TURN.sub("", ln.strip(), count=1))
        if not m:
            continue
        name = m.group("name")
        if _wide_label(name, m.string[m.end("name"):m.start("text")]):
            wide.add(name)
        if not _doubtful(name):
            sure = True
        elif _uncased(name) or not (_shouted(name) and _shouted(m.group("text"))):  # "I SAID: STOP" is shouting
            seen[name] = seen.get(name, 0) + 1
    names = {n: k for n, k in seen.items() if n.upper() not in NOT_NAMES and any(c.isalpha() for c in n)}
    shouted = [n for n in names if _shouted(n) and not _uncased(n)]
    taken = {n for n, k in names.items() if k >= 2 or n in shouted and len(shouted) >= 2}
    if sure or taken:  # the file names speakers: a Title-case word used once may be one more of them,
        # and so may a name in a wide script written with the full-width colon and no space ("王小明：我也去。")
        taken |= {n for n in names if (not _shouted(n) or n in wide) and (sure or taken - {n})}
    return frozenset(taken)


def _wide_label(name: str, colon: str) -> bool:
    """A label in the form CJK subtitles give it: a name in a wide script (``王小明``) and the full-width colon
    right after it, the text following without a space (``王小明：我也去。``)."""
    return colon == "\uff1a" and all(unicodedata.east_asian_width(c) in "WF" for c in name)


def reads_as_label(text: str) -> bool:
    """Whether a caption line starting with ``text`` could be read as a speaker's label (``Zoom In: An
    Introduction to Circuits.``), whatever labels the rest of the file uses: a writer that means no label
    there must say whose words they are (SRT has no escapes)."""
    return bool(_PREFIX.match(_TURN.sub("", text.strip(), count=1)))


def speaker_label(name: str) -> str:
    """What a writer puts before a speaker's words: ``Name: ``; a name in a wide script (``田中``, written without
    spaces) takes the full-width colon its subtitles use, with no space (``田中：``), as such files are read."""
    return f"{name}\uff1a" if unicodedata.east_asian_width(name[-1:] or " ") in "WF" else f"{name}: "


def speaker_prefix(line: str, capitals: frozenset[str]) -> tuple[str, str] | None:
    """(speaker, text) of a caption line opening with a speaker's label; a doubtful label (in capitals, or
    one Title-case word) only when it is one of ``capitals`` (``capital_speakers`` of the file)."""
    m = _PREFIX.match(line)
    if not m or (_doubtful(m.group("name")) and m.group("name") not in capitals):
        return None
    return m.group("name"), m.group("text")
