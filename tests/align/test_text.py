"""clipper.align.text: the terms a transcript unit and a summary section are compared by."""
from clipper.align import text as tx


def test_words_of_any_script_stay_whole():
    """QA: the tokenizer knew only A-Z, so "Größe" was the terms "gr" and "e", and "Fußball" never met
    "Fussball": a German summary spelt the other way moved a chapter by 95 s."""
    assert tx.words("Die Größe, naïve Café-Besucher") == ["Die", "Größe", "naïve", "Café-Besucher"]
    assert tx.terms("Fußball") == tx.terms("Fussball") == tx.terms("FUSSBALL")
    assert tx.terms("Straße") == tx.terms("Strasse")


def test_english_terms_are_stemmed_without_stop_words():
    assert tx.terms("The scaling laws and what's scaled") == ["scale", "law", "scale"]
    assert tx.terms("non-technical people") == ["non-techn", "non", "technic"]
