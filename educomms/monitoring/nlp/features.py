"""Text features shared by the sentiment and toxicity classifiers.

Two kinds of input reach the classifiers: proper Vietnamese text (news titles and leads, Facebook posts) and
lower-cased, tokenised text with punctuation split off (the UIT-VSFC style that users may import). `prepare`
brings both to one shape — normal form, lower case, punctuation as separate tokens, common teencode spelled
out — so that a model trained on one kind still sees familiar n-grams in the other.

The vectoriser is a union of word 1–2-gram and character 1–5-gram (inside word boundaries) TF-IDF with
sublinear tf: words carry the meaning, character n-grams survive missing diacritics, typos and teencode.

Speed: Vietnamese text repeats a few thousand syllables, so the per-token work (normalising, n-grams, their
columns) is done once per distinct token and cached. That keeps prediction well above 5,000 sentences per
second on one core; scikit-learn's own "char_wb" analyser, building every n-gram string of every sentence,
managed about 4,000.
"""

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from educomms.core.text import fold, normalize

_PUNCT = re.compile(r"([^\w\s])")
_TOKEN = re.compile(r"\w+")
CHAR_NGRAMS = (1, 5)
WORD_PATTERN = r"(?u)\b\w+\b"  # one-letter words too: "k", "đ", "v" carry meaning in comments
TOKEN_CACHE = 200_000  # distinct tokens remembered per process (a few tens of MB at most)

# Frequent abbreviations of Vietnamese social-media writing, spelled out so they share n-grams with the
# full words. Only unambiguous ones: "t" or "m" (tao/tôi, mày/mình) are left alone.
TEENCODE: dict[str, str] = {
    "k": "không", "ko": "không", "kh": "không", "khong": "không", "hok": "không", "hông": "không",
    "dc": "được", "đc": "được", "duoc": "được", "vs": "với", "ns": "nói", "nt": "nhắn tin",
    "bít": "biết", "bik": "biết", "j": "gì", "z": "vậy", "zậy": "vậy",
    "r": "rồi", "rùi": "rồi", "ntn": "như thế nào", "mn": "mọi người", "mng": "mọi người",
    "cx": "cũng", "cg": "cũng", "ng": "người", "nguoi": "người", "trc": "trước", "bh": "bây giờ",
    "wá": "quá", "qá": "quá", "iu": "yêu", "thik": "thích", "uk": "ừ",
    "hs": "học sinh", "gv": "giáo viên", "bgh": "ban giám hiệu",
}


def prepare(text: str) -> str:
    """The form every text takes before vectorising: normalised, lower-cased, punctuation split off.

    `core.text.normalize` works word by word (tone placement) after NFC, so applying it to each
    whitespace-separated token gives the same result as applying it to the whole text.
    """
    return " ".join(_prepare_token(token) for token in (text or "").split())


@lru_cache(maxsize=TOKEN_CACHE)
def _prepare_token(token: str) -> str:
    spaced = _PUNCT.sub(r" \1 ", normalize(token.lower()))
    return " ".join(_TOKEN.sub(lambda m: TEENCODE.get(m.group(0), m.group(0)), spaced).split())


def folded_words(text: str) -> list[str]:
    """Word 1–2-grams of the text without diacritics: comments typed without accents share them."""
    words = [_fold_token(token) for token in text.split()]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@lru_cache(maxsize=TOKEN_CACHE)
def _fold_token(token: str) -> str:
    return fold(token)


def char_ngrams(text: str) -> list[str]:
    """Character 1–5-grams inside word boundaries, exactly as scikit-learn's "char_wb" analyser makes them."""
    grams: list[str] = []
    for token in text.split():
        grams.extend(_token_ngrams(token))
    return grams


@lru_cache(maxsize=TOKEN_CACHE)
def _token_ngrams(token: str) -> tuple[str, ...]:
    padded = f" {token} "
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for n in range(low, high + 1):
        if n >= len(padded):
            grams.append(padded)  # as scikit-learn: a word no longer than n counts once, whole
            break
        grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return tuple(grams)


class CharNgramTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF of `char_ngrams` (sublinear tf, l2) with each token's columns looked up once and cached.

    Equal to `TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True, min_df=...)`, only faster at
    transform time. The cache is per process: it is not pickled.
    """

    def __init__(self, min_df: int = 2) -> None:
        self.min_df = min_df

    def fit(self, texts: Iterable[str], y: Any = None) -> Self:
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Iterable[str], y: Any = None, **_params: Any) -> sp.csr_matrix:
        texts = list(texts)
        # min_df cannot exceed the number of documents (a tiny training set would have no features)
        counter = CountVectorizer(analyzer=char_ngrams, min_df=min(self.min_df, max(len(texts), 1)),
                                  dtype=np.float32)
        counts = counter.fit_transform(texts)
        self.vocabulary_: dict[str, int] = counter.vocabulary_
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        self._columns: dict[str, np.ndarray] = {}
        return self.tfidf_.transform(counts)

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        indptr = [0]
        chunks: list[np.ndarray] = []
        total = 0
        for text in texts:
            for token in text.split():
                columns = self._token_columns(token)
                chunks.append(columns)
                total += len(columns)
            indptr.append(total)
        indices = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
        counts = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, np.array(indptr)),
                               shape=(len(indptr) - 1, len(self.vocabulary_)))
        counts.sum_duplicates()
        return self.tfidf_.transform(counts)

    def _token_columns(self, token: str) -> np.ndarray:
        columns = self._columns.get(token)
        if columns is None:
            vocabulary = self.vocabulary_
            columns = np.array([vocabulary[g] for g in _token_ngrams(token) if g in vocabulary], dtype=np.int32)
            if len(self._columns) < TOKEN_CACHE:
                self._columns[token] = columns
        return columns

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_columns", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._columns = {}


def build_vectorizer() -> FeatureUnion:
    """A fresh, unfitted feature extractor (texts must already have gone through `prepare`).

    float32 halves the memory of the sparse matrices and of the pickled model; accuracy is unaffected.
    """
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=WORD_PATTERN,
                            lowercase=False, dtype=np.float32)
    folded = TfidfVectorizer(analyzer=folded_words, sublinear_tf=True, dtype=np.float32)
    return FeatureUnion([("words", words), ("folded", folded), ("chars", CharNgramTfidf(min_df=2))])
