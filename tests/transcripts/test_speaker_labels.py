"""Speaker labels in any script: capitals of every cased script, and recurring labels in scripts without case."""
from __future__ import annotations

import pytest

from clipper.model import Segment, Transcript
from clipper.transcripts._text import capital_speakers, speaker_prefix, speech_label
from clipper.transcripts.srt import read, write


def _srt(*lines: str) -> str:
    return "\n".join(f"{n}\n00:00:{4 * n - 3:02d},000 --> 00:00:{4 * n:02d},000\n{ln}\n" for n, ln in enumerate(lines, 1))


JA = "今日はスケーリング則について話しましょう。大きなモデルはより多くのデータで訓練されると、より賢くなります。"
ZH = "我们今天讨论缩放定律。更大的模型在更多数据上训练会变得更聪明。"


@pytest.mark.parametrize("lines,speakers", [
    # the QA files: n.srt, de.srt, ru.srt, cjk.srt
    (("Łukasz: Die Straße ist groß.", "Bob: Ja.", "Łukasz: Gut.", "Bob: Schön."), ["Łukasz", "Bob", "Łukasz", "Bob"]),
    (("Jürgen Müller: Die Straße ist groß.", "Özil Şahin: Ja, über alles.", "Jürgen Müller: Gut.", "Özil Şahin: Schön."),
     ["Jürgen Müller", "Özil Şahin", "Jürgen Müller", "Özil Şahin"]),
    (("Дмитрий: Привет всем.", "Анна: Да, конечно.", "Дмитрий: Хорошо."), ["Дмитрий", "Анна", "Дмитрий"]),
    ((f"田中: {JA}", f"李明: {ZH}", f"田中: {JA}", f"李明: {ZH}"), ["田中", "李明", "田中", "李明"]),
    # more capitals of cased scripts; the full-width colon CJK writes without a space
    (("Émile: Bonjour à tous.", "Ozil Şahin: Merci.", "Émile: On commence."), ["Émile", "Ozil Şahin", "Émile"]),
    (("田中：こんにちは。", "李明：你好。", "田中：始めましょう。", "李明：好的。"), ["田中", "李明", "田中", "李明"]),
    (("محمد علي: مرحبا بكم.", "سارة: شكرا.", "محمد علي: لنبدأ.", "سارة: حسنا."),
     ["محمد علي", "سارة", "محمد علي", "سارة"]),
])
def test_labels_in_any_script_name_speakers(lines, speakers):
    t = read(_srt(*lines), path="qa.srt")
    assert [s.speaker for s in t] == speakers
    assert [s.text for s in t] == [ln.replace("：", ": ").split(": ", 1)[1] for ln in lines]
    back = read(write(t))  # clipper's own SRT gives back the same speakers and text
    assert [(s.speaker, s.text) for s in back] == [(s.speaker, s.text) for s in t]


def test_a_label_without_case_names_a_speaker_only_when_it_recurs():
    once = read(_srt("田中: 今日は。", "李明: 你好。", "それでは始めましょう。"), path="x.srt")
    assert [(s.speaker, s.text) for s in once] == [
        (None, "田中: 今日は。"), (None, "李明: 你好。"), (None, "それでは始めましょう。")]
    # recurring labels name speakers; a one-off word with a colon among them stays text
    t = read(_srt("田中: 今日は。", "注意: 音が大きい。", "田中: 始めましょう。"), path="x.srt")
    assert [(s.speaker, s.text) for s in t] == [("田中", "今日は。"), ("田中", "注意: 音が大きい。"), ("田中", "始めましょう。")]


def test_a_long_run_of_text_before_a_colon_is_not_a_label():
    line = "私たちが昨日話したことについて：はい"  # a sentence, longer than a name
    assert capital_speakers([line, line]) == frozenset()
    assert speaker_prefix(line, frozenset({"私たちが昨日話したことについて"})) is None


def test_lowercase_words_and_digits_do_not_start_a_label():
    lines = ["über alles: ja.", "über alles: ja.", "łukasz: gut.", "łukasz: gut.", "2024: ein Jahr.", "2024: ein Jahr."]
    assert capital_speakers(lines) == frozenset()


def test_a_shouted_label_in_any_cased_script():
    t = read(_srt("ÉMILE: Bonjour.", "ИВАН: Привет.", "ÉMILE: On commence."), path="x.srt")
    assert [s.speaker for s in t] == ["ÉMILE", "ИВАН", "ÉMILE"]
    shout = read(_srt("Bonjour.", "J'AI DIT: ARRÊTEZ TOUT"), path="x.srt")
    assert [s.speaker for s in shout] == [None, None]


def test_speech_label_reads_capitals_of_any_script():
    assert speech_label("Émile: Bonjour à tous.") == "Émile"
    assert speech_label("Özil Şahin: Das war ein gutes Spiel.") == "Özil Şahin"
    assert speech_label("Глава: введение") is None  # a chapter title, not speech


def test_a_cjk_cue_whose_text_reads_as_a_label_names_its_speaker_again():
    t = Transcript((Segment(0, 2000, "論文の題名は", "田中"), Segment(2000, 4000, "李明: 縮放定律。", "田中"),
                    Segment(4000, 6000, "好的。", "李明"), Segment(6000, 8000, "はい。", "田中"),
                    Segment(8000, 9000, "再见。", "李明")))  # (a label without case must recur to name anyone)
    assert write(t).split("\n")[6] == "田中：李明: 縮放定律。"  # (the full-width colon of a wide-script name)
    assert [(s.speaker, s.text) for s in read(write(t))] == [(s.speaker, s.text) for s in t]


def test_stamped_transcripts_name_speakers_in_any_script():
    """Otter-style "Name  0:05" lines and "[00:00:05] Name: text" lines with accented or Cyrillic names."""
    from clipper.transcripts import parse_transcript

    otter = "Émile  0:00\nBonjour à tous, bienvenue.\n\nИван  0:05\nПривет всем.\n\nÉmile  0:09\nMerci beaucoup.\n"
    labelled = "[00:00:01] Émile: Bonjour à tous.\n[00:00:05] Иван: Привет всем.\n[00:00:09] Émile: Merci.\n"
    for text in (otter, labelled):
        t = parse_transcript(text, path="t.txt")
        assert t.format == "stamped" and [s.speaker for s in t.segments] == ["Émile", "Иван", "Émile"]
    cjk = "00:00:01 Émile: Bonjour à tous.\n00:00:06 田中：今日はいい天気ですね。\n00:00:09 Émile: Oui, merci.\n"
    t = parse_transcript(cjk, format="stamped", path="t.txt")
    assert [(s.speaker, s.text) for s in t.segments][1] == ("田中", "今日はいい天気ですね。")


def test_a_wide_script_label_said_once_in_the_writers_form_names_a_speaker_among_other_labels():
    """The QA file cjk.srt: 王小明 speaks two cues (``王小明: ``, a label that recurs); re-segmented, they are one
    cue the writer opens with ``王小明：`` once, which must still name him, not go on John Smith's turn."""
    lines = ("田中：今日はいい天気ですね。", "佐藤：そうですね、散歩しましょう。", "田中：公園に行きましょうか。",
             "John Smith: Can I come too?", "佐藤：もちろんです。", "John Smith: Great, thanks.", "王小明：我也去。好的。")
    t = read(_srt(*lines), path="out.srt")
    assert [(s.speaker, s.text) for s in t][-2:] == [("John Smith", "Great, thanks."), ("王小明", "我也去。好的。")]
    assert capital_speakers(lines) == {"田中", "佐藤", "王小明"}


@pytest.mark.parametrize("lines", [
    ("注意：明日は休みです。", "今日はいい天気ですね。"),  # no other label: a sentence with a colon
    ("注意：明日は休みです。",),
    ("田中: 今日は。", "注意: 音が大きい。"),  # the ASCII colon and a space: a label only when it recurs
])
def test_a_wide_script_colon_sentence_stays_text_without_other_labels(lines):
    assert [s.speaker for s in read(_srt(*lines), path="x.srt")] == [None] * len(lines)


def test_srt_round_trip_of_a_wide_script_speaker_written_once():
    t = Transcript((Segment(0, 2000, "Great, thanks.", "John Smith"), Segment(2000, 4000, "我也去。好的。", "王小明"),
                    Segment(4000, 6000, "See you.", "John Smith")), format="srt")
    back = read(write(t), path="x.srt")
    assert [(s.speaker, s.text) for s in back] == [(s.speaker, s.text) for s in t.segments]


def _srt(*cues: str) -> str:
    return "".join(f"{k}\n00:00:{k:02d},000 --> 00:00:{k + 1:02d},000\n{c}\n\n" for k, c in enumerate(cues, 1))


def test_cjk_notice_words_are_not_speakers_and_two_labels_once_stay_text():
    # "注意" (attention) opening a caption is a notice, in a file that names speakers or not, once or twice
    named = read(_srt("李华：大家好，欢迎收听", "今天我们来聊聊人工智能", "王小明：谢谢邀请", "李华：那我们开始吧", "注意：这不是标签"))
    assert {s.speaker for s in named.segments} - {None} == {"李华", "王小明"}
    assert "注意：这不是标签" in named.segments[-1].text
    notices = read(_srt("注意：请系好安全带", "飞机即将起飞", "注意：手机请关机"))
    assert all(s.speaker is None for s in notices.segments)
    # two labels in that form once each stay text: phrases ("比如说：" for example, "我觉得：" I think) take that
    # form as often as names do, and a phrase read as a speaker would lose its words
    for cues in (("田中：今日は", "いい天気ですね", "佐藤：そうですね"), ("比如说：这个问题", "我觉得：这样不太好。", "今天天气很好")):
        once = read(_srt(*cues))
        assert all(s.speaker is None for s in once.segments)
        assert "".join(s.text for s in once.segments).replace(" ", "") == "".join(cues)


def test_cjk_field_names_and_speech_verbs_that_recur_are_not_speakers():
    """QA: "他说：" (he said) and "结论：" (conclusion), "時間：" and "場所：" twice each, were read as speakers."""
    for cues in (("原因很简单：我们没有时间。", "他说：明天再来。", "结论：这个方法有效。", "他说：我不同意。", "结论：需要更多研究。"),
                 ("時間：午後三時から始まります。", "場所：東京駅の前です。", "時間：約二時間です。", "場所：変更の可能性があります。")):
        t = read(_srt(*cues))
        assert {s.speaker for s in t.segments} == {None}, t.segments
        assert "他说" in "".join(s.text for s in t.segments) or "時間" in "".join(s.text for s in t.segments)
