"""The classifiers' features for a batch of texts, computed over token ids with NumPy.

`features.build_vectorizer()` is a FeatureUnion of three TF-IDF blocks: word 1–2-grams, folded word
1–2-grams and character 1–5-grams, over the text as `features.prepare` makes it. Its `transform` walks
every n-gram of every text in Python; for the pipeline's batches that was most of the classifiers' time.

`BatchVectorizer(union).transform(texts)` gives the same matrix from raw texts another way. Each
whitespace-separated raw token is prepared once and becomes the ids of its pieces ("trường," → the ids
of "trường" and ","); each piece id carries, computed once, its word column, its folded word column and
its character n-gram columns. A batch is then one flat array of piece ids, and the unigrams, the bigrams
(a sorted table of the vocabulary's bigrams as pairs of unigram columns, searched with `searchsorted`) and
the character n-grams are array operations. The counts go through each block's own fitted TF-IDF
transformer, so sublinear tf, idf and norm are scikit-learn's.

A bigram in the vocabulary implies both of its words are (every feature occurring once is kept:
`min_df=1`, `max_df=1.0`, no `max_features`); `supports(union)` checks those settings, and
`TextClassifier` uses the union's own transform for anything else.
"""

import re
import threading
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.pipeline import FeatureUnion

from .features import (
    TOKEN_CACHE,
    WORD_PATTERN,
    CharNgramTfidf,
    _fold_token,
    _prepare_token,
    _token_ngrams,
    folded_words,
)

_WORD = re.compile(r"\w+")
_Ids = npt.NDArray[np.int64]


def supports(union: Any) -> bool:
    """Whether `union` is the FeatureUnion `features.build_vectorizer` makes, with the settings this relies on."""
    if not isinstance(union, FeatureUnion) or [name for name, _t in union.transformer_list] != [
            "words", "folded", "chars"] or union.transformer_weights:
        return False
    words, folded, chars = (t for _n, t in union.transformer_list)
    every_feature = all(getattr(v, "min_df", None) == 1 and getattr(v, "max_df", None) == 1.0
                        and getattr(v, "max_features", 0) is None and hasattr(v, "vocabulary_")
                        and hasattr(v, "_tfidf") for v in (words, folded))
    return (every_feature and words.analyzer == "word" and words.ngram_range == (1, 2)
            and words.token_pattern == WORD_PATTERN and not words.lowercase and words.preprocessor is None
            and words.strip_accents is None and words.stop_words is None and folded.analyzer is folded_words
            and isinstance(chars, CharNgramTfidf) and hasattr(chars, "vocabulary_"))


class _Growing:
    """An int64 array that grows by appending (capacity doubles)."""

    def __init__(self) -> None:
        self.data = np.empty(1024, dtype=np.int64)
        self.size = 0

    def extend(self, values: Sequence[int]) -> None:
        end = self.size + len(values)
        if end > len(self.data):
            grown = np.empty(max(end, 2 * len(self.data)), dtype=np.int64)
            grown[:self.size] = self.data[:self.size]
            self.data = grown
        self.data[self.size:end] = values
        self.size = end

    @property
    def view(self) -> _Ids:
        return self.data[:self.size]


def _bigram_table(vocabulary: dict[str, int]) -> tuple[_Ids, _Ids, int]:
    """The vocabulary's bigrams as sorted keys `left column × width + right column`, with their columns."""
    width = len(vocabulary)
    keys, columns = [], []
    for feature, column in vocabulary.items():
        left, space, right = feature.partition(" ")
        if space:
            keys.append(vocabulary[left] * width + vocabulary[right])
            columns.append(column)
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    return np.array(keys, dtype=np.int64)[order], np.array(columns, dtype=np.int64)[order], width


def _lookup(table: tuple[_Ids, _Ids, int], left: _Ids, right: _Ids) -> tuple[npt.NDArray[np.bool_], _Ids]:
    """For pairs of unigram columns (−1: not in the vocabulary), which are bigrams of the vocabulary and their
    columns."""
    keys, columns, width = table
    if not len(keys):
        return np.zeros(len(left), dtype=bool), np.zeros(0, dtype=np.int64)
    wanted = left * width + right
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = (left >= 0) & (right >= 0) & (keys[at] == wanted)
    return found, columns[at[found]]


class BatchVectorizer:
    """`union.transform([features.prepare(t) for t in texts])` for a fitted `build_vectorizer()` union."""

    def __init__(self, union: FeatureUnion) -> None:
        if not supports(union):
            raise ValueError("not a features.build_vectorizer() union")
        words, folded, chars = (t for _n, t in union.transformer_list)
        self._blocks = (words, folded, chars)
        self._words, self._folded, self._chars = words.vocabulary_, folded.vocabulary_, chars.vocabulary_
        self._word_bigrams = _bigram_table(self._words)
        self._folded_bigrams = _bigram_table(self._folded)
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._raw: dict[str, tuple[int, ...]] = {}  # raw token → ids of its prepared pieces
        self._piece: dict[str, int] = {}  # prepared piece → id
        self._word_column = _Growing()  # −1: punctuation, or not in the vocabulary
        self._is_word = _Growing()  # 1: a \w+ piece (the word analyser's tokens; punctuation is skipped)
        self._folded_column = _Growing()
        self._char_start = _Growing()  # each piece's character columns: char_columns[start:start + count]
        self._char_count = _Growing()
        self._char_columns = _Growing()

    def _piece_id(self, piece: str) -> int:
        found = self._piece.get(piece)
        if found is not None:
            return found
        found = self._piece[piece] = len(self._piece)
        is_word = bool(_WORD.fullmatch(piece))
        self._word_column.extend([self._words.get(piece, -1) if is_word else -1])
        self._is_word.extend([int(is_word)])
        self._folded_column.extend([self._folded.get(_fold_token(piece), -1)])
        columns = [self._chars[g] for g in _token_ngrams(piece) if g in self._chars]
        self._char_start.extend([self._char_columns.size])
        self._char_count.extend([len(columns)])
        self._char_columns.extend(columns)
        return found

    def _ids(self, texts: Sequence[str]) -> tuple[_Ids, _Ids]:
        """The piece ids of all texts in a row, and how many each text has."""
        if len(self._raw) >= TOKEN_CACHE or len(self._piece) >= TOKEN_CACHE:  # a flood of junk tokens
            self._reset()
        flat: list[int] = []
        lengths: list[int] = []
        raw = self._raw
        for text in texts:
            tokens = text.split() if text else []
            known = list(map(raw.get, tokens))
            if None in known:
                for i, token in enumerate(tokens):
                    if known[i] is None:
                        known[i] = raw[token] = tuple(self._piece_id(p) for p in _prepare_token(token).split())
            before = len(flat)
            flat.extend(chain.from_iterable(known))  # type: ignore[arg-type]  # every None was filled above
            lengths.append(len(flat) - before)
        return np.array(flat, dtype=np.int64), np.array(lengths, dtype=np.int64)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        if not texts:
            return sp.csr_matrix((0, len(self._words) + len(self._folded) + len(self._chars)), dtype=np.float32)
        with self._lock:  # worker threads share the model; new pieces grow the tables
            ids, lengths = self._ids(texts)
            rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
            blocks = [self._word_counts(ids, rows, len(texts)), self._folded_counts(ids, rows, len(texts)),
                      self._char_counts(ids, rows, len(texts))]
        words, folded, chars = self._blocks
        return sp.hstack([words._tfidf.transform(blocks[0]), folded._tfidf.transform(blocks[1]),
                          chars.tfidf_.transform(blocks[2])]).tocsr()

    @staticmethod
    def _counts(rows: _Ids, columns: _Ids, n_rows: int, width: int, weights: Any = None) -> sp.csr_matrix:
        # By column first, then by row: two linear bucket passes leave each row's columns in order (the entries
        # come row by row), where sorting every row (CountVectorizer's way) cost most of the transform.
        data = np.ones(len(columns), dtype=np.float32) if weights is None else weights
        counts = sp.csc_matrix((data, (rows, columns)), shape=(n_rows, width)).tocsr()
        counts.sum_duplicates()  # a linear pass: the columns are already in order
        return counts

    def _word_counts(self, ids: _Ids, rows: _Ids, n: int) -> sp.csr_matrix:
        words = self._is_word.view[ids].astype(bool)  # the word analyser skips punctuation, bigrams too
        return self._gram_counts(self._word_bigrams, self._word_column.view[ids[words]], rows[words], n)

    def _folded_counts(self, ids: _Ids, rows: _Ids, n: int) -> sp.csr_matrix:
        return self._gram_counts(self._folded_bigrams, self._folded_column.view[ids], rows, n)

    def _gram_counts(self, table: tuple[_Ids, _Ids, int], columns: _Ids, rows: _Ids, n: int) -> sp.csr_matrix:
        """Counts of the unigrams (`columns`, −1 outside the vocabulary) and of the bigrams that consecutive
        unigrams of one text form."""
        found, bigram_columns = _lookup(table, columns[:-1], columns[1:])
        same_text = rows[:-1] == rows[1:]
        bigrams = found & same_text
        unigrams = columns >= 0
        return self._counts(np.concatenate([rows[unigrams], rows[:-1][bigrams]]),
                            np.concatenate([columns[unigrams], bigram_columns[same_text[found]]]), n, table[2])

    def _char_counts(self, ids: _Ids, rows: _Ids, n: int) -> sp.csr_matrix:
        # Each distinct piece of a text once, weighted by how often it occurs there ("học" five times is one
        # piece with weight 5): a quarter fewer entries, and they come out sorted by text.
        width = len(self._piece) + 1
        keys, weights = np.unique(rows * width + ids, return_counts=True)
        rows, ids = keys // width, keys % width
        counts = self._char_count.view[ids]
        starts = self._char_start.view[ids]
        total = int(counts.sum())
        # A ragged gather: position j of piece i reads char_columns[starts[i] + j].
        offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total, dtype=np.int64)
        return self._counts(np.repeat(rows, counts), self._char_columns.view[offsets], n, len(self._chars),
                            np.repeat(weights.astype(np.float32), counts))
