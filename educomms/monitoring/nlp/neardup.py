"""Near-duplicate clustering: MinHash signatures of word shingles, banded into LSH keys.

Syndicated copies of a story (the same news re-published with another title, a sentence added or
removed, a source line, a few words swapped, sometimes typed without diacritics) share most of their
word shingles (runs of k = 5 consecutive words), so their Jaccard similarity stays high; different
stories, even from the same template about the same school, share far fewer.

What to sign: the `core.text.fold`ed text, so that a copy typed without diacritics is identical to its
original. The body alone is the cleaner signal (syndicating sites change titles); title and body together
(what `monitoring.pipeline` signs) work too, a new title costing only a few shingles.

Why k = 5. A Vietnamese "word" here is a syllable, and compounds have two (phụ huynh, giáo viên), so
short shingles recur across unrelated stories on set phrases ("Sở GD&ĐT", "ban đại diện cha mẹ học
sinh"); 5 syllables are about two or three words. Measured on the generated stream
(`bench/_monitoring_neardup.py` logic, 3,000 items, seeds 1/5/9), pairwise precision / recall:

    k=3, threshold 0.50   0.93/0.96/0.95   0.99/0.98/0.98   (many same-template stories merged)
    k=4, threshold 0.50   0.96/0.99/0.98   0.98/0.96/0.98
    k=4, threshold 0.55   0.99/1.00/1.00   0.95/0.93/0.95
    k=5, threshold 0.50   0.98/1.00/1.00   0.96/0.95/0.96   <- chosen: the best worst case
    k=5, threshold 0.55   0.99/1.00/1.00   0.91/0.92/0.91

Short texts. A text of fewer than k words is shingled by single words (so it still has a signature),
but `Clusterer` refuses to cluster a signature whose set has fewer than MIN_SHINGLES (5) shingles:
"Hay quá!" under two posts is no evidence of a shared story. The set size is estimated from the
signature itself (the minima of n uniform hashes average 1/(n+1) of the range), so the check needs
nothing but the signature, and `clusterable(sig)` tells the pipeline not to store band keys for such
items. Measured over random texts: up to 7 words never pass, 8 words under 1%, 9 words about half,
10 words and more over 99%.

Determinism: words are hashed with CRC-32 and shingles and bands mixed with fixed 64-bit constants, and
the permutations come from a fixed seed, so signatures and band keys are the same in every process
(Python's `hash()` is salted per process and is never used).
"""

import re
import string
import zlib
from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

NUM_PERM = 128
BANDS = 32
ROWS = 4
SHINGLE_WORDS = 5
MIN_SHINGLES = 5
THRESHOLD = 0.5

assert BANDS * ROWS == NUM_PERM

Signature = npt.NDArray[np.uint32]

# The permutations x -> (a*x + b) mod p over the Mersenne prime 2^31 - 1: a, b and x are below 2^31, so
# a*x + b stays below 2^63 and the whole computation fits uint64 without overflow.
_PRIME = np.uint64((1 << 31) - 1)
_EMPTY = np.uint32(_PRIME)  # the value of every slot of an empty set: above any real minimum
_rng = np.random.default_rng(20260901)
_A = _rng.integers(1, int(_PRIME), size=(NUM_PERM, 1), dtype=np.uint64)
_B = _rng.integers(0, int(_PRIME), size=(NUM_PERM, 1), dtype=np.uint64)
del _rng

# Odd 64-bit multipliers (from splitmix64 / xxhash) to combine word hashes into shingle hashes.
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_MIX3 = np.uint64(0x94D049BB133111EB)
_WORD = re.compile(r"\w+")


def _finalize(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finalizer: every input bit affects every output bit (NumPy uint64 arrays wrap)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX2
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX3
    return x ^ (x >> np.uint64(31))


_POSITION = _finalize(np.arange(1, 17, dtype=np.uint64) * _MIX1) | np.uint64(1)  # odd multipliers; k ≤ 16


# Punctuation that news text is full of, turned into spaces before splitting (str.translate runs in C).
_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "“”‘’–—…«»•·", " "))


def _words(folded_text: str) -> list[str]:
    """The words (runs of letters and digits) of a text. Splitting on spaces after blanking common
    punctuation is several times faster than a `\\w+` regex over the whole text; the rare token that is
    still not alphanumeric (an emoji, a symbol) is split by the regex."""
    words: list[str] = []
    for token in folded_text.translate(_PUNCTUATION).split():
        if token.isalnum():
            words.append(token)
        else:
            words.extend(_WORD.findall(token))
    return words


# Word -> CRC-32, memoised: the folded vocabulary of Vietnamese news is a few tens of thousands of syllables,
# names and numbers, and a dictionary hit is several times cheaper than encoding and hashing again.
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 200_000


def _word_hashes(words: list[str]) -> npt.NDArray[np.uint64]:
    known = list(map(_WORD_HASHES.get, words))  # C-level lookups; None for words not seen yet
    if None in known:
        if len(_WORD_HASHES) >= _WORD_HASHES_MAX:
            _WORD_HASHES.clear()
        for i, word in enumerate(words):
            if known[i] is None:
                known[i] = _WORD_HASHES[word] = zlib.crc32(word.encode())
    return np.array(known, dtype=np.uint64)


def _shingle_hashes(folded_text: str, k: int) -> npt.NDArray[np.uint64]:
    """Distinct hashes (below 2^31 - 1) of the word k-shingles; single words when the text is shorter."""
    if not 1 <= k <= len(_POSITION):
        raise ValueError(f"shingles of 1 to {len(_POSITION)} words, not {k}")
    return _hashes_of_words(_words(folded_text), k)


def _hashes_of_words(words: list[str], k: int) -> npt.NDArray[np.uint64]:
    if not words:
        return np.empty(0, dtype=np.uint64)
    word_hashes = _word_hashes(words)
    width = k if len(words) >= k else 1
    count = len(words) - width + 1
    # A different odd multiplier per position keeps the word order ("a b c" and "c b a" differ); the
    # finalizer then spreads every bit before the value is reduced below the prime.
    combined = word_hashes[:count] * _POSITION[0]
    for offset in range(1, width):
        combined += word_hashes[offset:offset + count] * _POSITION[offset]
    return np.unique(_finalize(combined) % _PRIME)


def shingles(folded_text: str, k: int = SHINGLE_WORDS) -> set[int]:
    """The hashed word k-shingles of a `core.text.fold`ed text (single words if it has fewer than k)."""
    return set(_shingle_hashes(folded_text, k).tolist())


def _minhash(hashes: npt.NDArray[np.uint64]) -> Signature:
    if hashes.size == 0:
        return np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    # One (NUM_PERM × shingles) array: every permutation of every shingle, then row minima. In place: adding
    # the (NUM_PERM, 1) column by broadcasting into a new array is several times slower in NumPy 2.
    values = _A * hashes
    values += _B
    values %= _PRIME
    return values.min(axis=1).astype(np.uint32)


def signature(folded_text: str) -> Signature:
    """MinHash signature (NUM_PERM uint32 values) of a folded text; the same in every process."""
    return _minhash(_shingle_hashes(folded_text, SHINGLE_WORDS))


def signature_of_words(words: list[str]) -> Signature:
    """`signature(" ".join(words))` for a text already split into folded words (`\\w+` runs)."""
    return _minhash(_hashes_of_words(words, SHINGLE_WORDS))


_BAND_SEEDS = _finalize(np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX1)


def band_keys(sig: Signature) -> list[int]:
    """BANDS signed 64-bit LSH keys (they fit a PostgreSQL bigint); each mixes in its band's index, so one
    index over all keys serves every band."""
    rows = np.asarray(sig, dtype=np.uint64).reshape(BANDS, ROWS)
    keys = _BAND_SEEDS.copy()
    for column in range(ROWS):
        keys = _finalize((keys ^ rows[:, column]) * _MIX1)
    return keys.view(np.int64).tolist()


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0.0 when either text had no words)."""
    if a[0] == _EMPTY and bool((a == _EMPTY).all()) or b[0] == _EMPTY and bool((b == _EMPTY).all()):
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def estimated_size(sig: Signature) -> float:
    """The number of distinct shingles behind a signature: n uniform minima average p/(n+1)."""
    fractions = sig.astype(np.float64) / float(_PRIME)
    mean = float(fractions.mean())
    return 0.0 if mean >= 1.0 else 1.0 / max(mean, 1e-12) - 1.0


def clusterable(sig: Signature) -> bool:
    """Whether a text is long enough to be clustered (and its band keys worth storing)."""
    return estimated_size(sig) >= MIN_SHINGLES


def to_bytes(sig: Signature) -> bytes:
    """4 × NUM_PERM bytes, little-endian, for a BinaryField."""
    return np.asarray(sig, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> Signature:
    if len(data) != 4 * NUM_PERM:
        raise ValueError(f"a signature has {4 * NUM_PERM} bytes, not {len(data)}")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


Lookup = Callable[[list[int]], Iterable[tuple[int, bytes | Signature]]]


class Clusterer:
    """Assigns items to clusters. Candidates come from a `lookup(keys) -> Iterable[tuple[int, bytes|ndarray]]`
    callable (cluster id or item id and a signature) so that the same logic runs in memory (benchmarks, tests)
    and against the database (the pipeline passes a lookup over a table of band keys).

    A candidate may be returned several times (once per shared band, or once per member of its cluster):
    the best similarity over all of them counts.
    """

    def __init__(self, lookup: Lookup, *, threshold: float = THRESHOLD) -> None:
        self.lookup = lookup
        self.threshold = threshold

    def assign(self, sig: Signature, keys: list[int] | None = None) -> int | None:
        """The best matching existing cluster id with similarity >= threshold, or None (also for texts too
        short to cluster). Ties go to the smaller id, so the answer does not depend on lookup order.
        `keys`: the signature's `band_keys`, when the caller has them (it has then checked `clusterable`)."""
        if keys is None:
            if not clusterable(sig):
                return None
            keys = band_keys(sig)
        best: tuple[float, int] | None = None
        for cluster_id, stored in self.lookup(keys):
            other = from_bytes(stored) if isinstance(stored, bytes | bytearray | memoryview) else stored
            score = similarity(sig, other)
            if score >= self.threshold and (best is None or (score, -cluster_id) > (best[0], -best[1])):
                best = (score, cluster_id)
        return None if best is None else best[1]


class MemoryIndex:
    """An in-memory band-key table for tests and benchmarks: `add` what was clustered, call it as a lookup."""

    def __init__(self) -> None:
        self._buckets: dict[int, list[int]] = {}
        self._entries: list[tuple[int, Signature]] = []

    def add(self, cluster_id: int, sig: Signature) -> None:
        """Remember a member of a cluster; unclusterable (too short) signatures are not indexed."""
        if not clusterable(sig):
            return
        entry = len(self._entries)
        self._entries.append((cluster_id, sig))
        for key in band_keys(sig):
            self._buckets.setdefault(key, []).append(entry)

    def __call__(self, keys: list[int]) -> Iterable[tuple[int, Signature]]:
        seen: set[int] = set()
        for key in keys:
            for entry in self._buckets.get(key, ()):
                if entry not in seen:
                    seen.add(entry)
                    yield self._entries[entry]
