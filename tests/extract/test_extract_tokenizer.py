"""Kiwi inside spaCy: tokens aligned with the text, particles apart, tags set, matchers usable."""

from spacy.matcher import Matcher

from citykg.extract.nlp import get_nlp, make_doc


def test_doc_text_is_the_input_exactly():
    text = "부산광역시는  2월 3일(목) 사업을 발표했다.\n\n\t다음 줄  끝 "
    doc = make_doc(text)
    assert doc.text == text
    assert all(doc.text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_particles_are_tokens_of_their_own_and_tags_are_set():
    doc = make_doc("행정안전부는 대전광역시와 협약을 맺었다")
    words = [t.text for t in doc]
    assert "행정안전부" in words and "는" in words
    assert "대전광역시" in words and "와" in words
    tok = doc[words.index("는")]
    assert tok.tag_.startswith("J") and tok.pos_ == "ADP"
    assert doc[words.index("행정안전부")].pos_ in ("PROPN", "NOUN")
    assert all(t.lemma_ for t in doc)


def test_contracted_morphemes_stay_one_word():
    doc = make_doc("그는 했다")
    assert doc.text == "그는 했다"
    assert any("+" in t.tag_ for t in doc)  # 했 = 하 + 었


def test_spacy_matcher_runs_on_korean_morphemes():
    nlp = get_nlp()
    matcher = Matcher(nlp.vocab)
    matcher.add("SUBJ", [[{"POS": "PROPN"}, {"TAG": {"IN": ["JKS", "JX"]}}]])
    doc = nlp("울산광역시가 계획을 세웠다")
    spans = [doc[s:e].text for _, s, e in matcher(doc)]
    assert any(s.startswith("울산광역시") for s in spans)


def test_pipe_gives_the_same_docs():
    nlp = get_nlp()
    texts = ["첫째 문장이다.", "둘째 문장이다."]
    assert [d.text for d in nlp.tokenizer.pipe(texts)] == texts


def test_long_text_is_tokenized_in_blocks_that_cover_it_exactly():
    from citykg.extract.nlp import blocks

    text = ("부산광역시는 계획을 세웠다. " * 900) + "\n" + ("끝" * 7000)
    parts = blocks(text, 2000)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 2000 for _, p in parts)
    assert all(text[o : o + len(p)] == p for o, p in parts)
    doc = make_doc(text[:5000])
    assert doc.text == text[:5000]
