"""Kiwi morphology inside a spaCy pipeline.

spaCy's own Korean tokenizer needs MeCab; here Kiwi (kiwipiepy) is registered as the tokenizer of
a blank spaCy `Language` (`citykg.KiwiTokenizer`), so spaCy's Matcher/PhraseMatcher and our own
components work on Korean morphemes with particles split from names. The Doc's words are built
from Kiwi's character offsets, so `doc.text == text` and every token maps back to the input.

One Kiwi instance per process (`get_kiwi`), one spaCy pipeline (`get_nlp`), both cached.
Reference names are added to Kiwi as user words so they are not split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import spacy
from kiwipiepy import Kiwi
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from citykg.extract.resources import user_words

# Kiwi (Sejong) tags -> Universal POS, for token.pos_.
_UPOS = {
    "NNG": "NOUN",
    "NNB": "NOUN",
    "NR": "NUM",
    "NP": "PRON",
    "NNP": "PROPN",
    "VV": "VERB",
    "VA": "ADJ",
    "VX": "AUX",
    "VCP": "AUX",
    "VCN": "AUX",
    "MM": "DET",
    "MAG": "ADV",
    "MAJ": "CCONJ",
    "IC": "INTJ",
    "JKS": "ADP",
    "JKC": "ADP",
    "JKG": "ADP",
    "JKO": "ADP",
    "JKB": "ADP",
    "JKV": "ADP",
    "JKQ": "ADP",
    "JX": "ADP",
    "JC": "CCONJ",
    "EP": "PART",
    "EF": "PART",
    "EC": "PART",
    "ETN": "PART",
    "ETM": "PART",
    "XPN": "X",
    "XSN": "X",
    "XSV": "X",
    "XSA": "X",
    "XSM": "X",
    "XR": "X",
    "SF": "PUNCT",
    "SP": "PUNCT",
    "SS": "PUNCT",
    "SSO": "PUNCT",
    "SSC": "PUNCT",
    "SE": "PUNCT",
    "SO": "PUNCT",
    "SW": "SYM",
    "SL": "PROPN",
    "SH": "X",
    "SN": "NUM",
    "SB": "X",
    "UN": "X",
    "W_URL": "X",
    "W_EMAIL": "X",
    "W_HASHTAG": "X",
    "W_MENTION": "X",
    "W_SERIAL": "NUM",
    "W_EMOJI": "SYM",
    "Z_CODA": "X",
    "Z_SIOT": "X",
    "USER0": "PROPN",
}
_WS = re.compile(r"\s+|\S+")


def upos(tag: str) -> str:
    """Universal POS of a Kiwi tag (the first morpheme's tag for merged tokens like 'XSV+EP')."""
    first = tag.split("+", 1)[0]
    return _UPOS.get(first, _UPOS.get(first.split("-", 1)[0], "X"))


@lru_cache(maxsize=1)
def get_kiwi() -> Kiwi:
    """The process's Kiwi, with every reference name (gazetteer, titles, data/user_words) as a user word."""
    kiwi = Kiwi(num_workers=1)  # one thread: the process is one worker of its own
    for word, tag in user_words():
        kiwi.add_user_word(word, tag, 0.0)
    return kiwi


def doc_from_kiwi(vocab: Vocab, text: str, tokens: Iterable[tuple[int, int, str, str]]) -> Doc:
    """A spaCy Doc over `text` from Kiwi tokens (start, length, tag, form).

    Overlapping morphemes (했 = 하+었) become one word, whitespace goes into `spaces` (extra runs
    become SPACE tokens), unanalysed gaps become X tokens."""
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []
    pos = 0  # end of the last emitted word

    def gap(upto: int) -> None:
        nonlocal pos
        for m in _WS.finditer(text, pos, upto):
            run = m.group()
            if run.isspace():
                if words and not spaces[-1] and run[0] == " ":
                    spaces[-1] = True
                    run = run[1:]
                if not run:
                    continue
                words.append(run), spaces.append(False), tags.append("_SP"), lemmas.append(run)
            else:
                words.append(run), spaces.append(False), tags.append("UN"), lemmas.append(run)
        pos = upto

    for start, length, tag, form in tokens:
        end = start + length
        if end <= start:
            continue
        if start < pos:  # overlaps the previous word: merge
            if end > pos:
                words[-1] += text[pos:end]
                pos = end
            tags[-1] += "+" + tag
            continue
        gap(start)
        words.append(text[start:end]), spaces.append(False), tags.append(tag), lemmas.append(form)
        pos = end
    gap(len(text))
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        lemmas=lemmas,
        pos=[("SPACE" if t == "_SP" else upos(t)) for t in tags],
    )
    return doc


BLOCK = 20000  # characters per Kiwi call: Kiwi's time grows faster than linearly on long inputs


def blocks(text: str, size: int = BLOCK) -> list[tuple[int, str]]:
    """(offset, piece) cuts of `text` of at most `size` characters, at line ends where possible."""
    out = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            # cut after a line end, else after a sentence end, else after a space, else anywhere
            for sep in ("\n", ". ", "다 ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        out.append((start, text[start:end]))
        start = end
    return out


def kiwi_tokens(text: str) -> list[tuple[int, int, str, str]]:
    """(start, length, tag, form) of every Kiwi morpheme of `text`, tokenized block by block."""
    kiwi = get_kiwi()
    out = []
    for offset, piece in blocks(text):
        out.extend((t.start + offset, t.len, str(t.tag), t.form) for t in kiwi.tokenize(piece))
    return out


class KiwiTokenizer:
    """spaCy tokenizer backed by Kiwi: `nlp.tokenizer(text) -> Doc` with tag_, pos_, lemma_ set."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return doc_from_kiwi(self.vocab, text, kiwi_tokens(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterable[Doc]:
        for text in texts:  # single-threaded Kiwi: one text at a time
            yield doc_from_kiwi(self.vocab, text, kiwi_tokens(text))

    # spaCy serialization hooks (nothing to save: the model ships with kiwipiepy-model)
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> KiwiTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> KiwiTokenizer:
        return self


@spacy.registry.tokenizers("citykg.KiwiTokenizer")
def create_kiwi_tokenizer():
    def make(nlp: Language) -> KiwiTokenizer:
        return KiwiTokenizer(nlp.vocab)

    return make


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """A blank multi-language spaCy pipeline whose tokenizer is Kiwi (built once per process).

    spaCy's 1,000,000-character `max_length` guards the memory of its parser and NER, which this
    pipeline does not run; Kiwi tokenizes in BLOCK-sized pieces, so the limit is the readers' own
    MAX_CHARS (CITYKG_MAX_CHARS), with a clear message, instead of spaCy's raw E088.
    """
    from citykg.extract.readers import MAX_CHARS

    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": "citykg.KiwiTokenizer"}}})
    nlp.max_length = MAX_CHARS + 1
    return nlp


def make_doc(text: str) -> Doc:
    return get_nlp().make_doc(text)
