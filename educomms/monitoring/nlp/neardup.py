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

Signatures: one-permutation MinHash. Each shingle is hashed once; the hash picks one of NUM_PERM = 256
bins and a bin keeps its smallest value; empty bins borrow from other bins by a fixed sequence (optimal
densification, Shrivastava 2017). Two texts then agree in a slot with probability their Jaccard
similarity, as with independent permutations, for one hash per shingle instead of one per permutation:
signing a batch of 500 articles costs 0.06 ms per article, against 0.22 ms for the 128-permutation
MinHash used before. An article has about 200 shingles, so with 128 bins a fifth of them borrowed and
the estimate was noisier (the pipeline's stored clusters lost 1.6 points of precision); with 256 bins,
over eight seeds of the generated stream (3,000 items each), pairwise precision / recall are 0.988 /
0.964, against 0.986 / 0.962 for the old signatures.

Bands: the first BANDS × ROWS = 20 × 3 slots form the LSH keys. A pair with Jaccard 0.5 shares a band
with probability 1 - (1 - 0.5^3)^20 = 0.93 (32 bands of 4 rows: 0.87), a pair at 0.3 with 0.42, which
costs only a comparison; 16 bands lost 0.3 points of recall. The pipeline stores 20 keys per
representative of a cluster instead of 32.

Short texts. A text of fewer than k words is shingled by single words (so it still has a signature),
but `Clusterer` refuses to cluster a signature with fewer than MIN_SHINGLES (5) distinct shingles:
"Hay quá!" under two posts is no evidence of a shared story. The signature tells: its distinct values
are the bins its shingles fell into, so `clusterable(sig)` needs nothing else and tells the pipeline not
to store band keys for such items. Up to 8 words (4 shingles) never pass; 9 words (5 shingles) pass
unless two shingles share a bin (about 4%); longer texts practically always.

Determinism: words are hashed with CRC-32, shingles and bands mixed with fixed 64-bit constants, so
signatures and band keys are the same in every process (Python's `hash()` is salted per process and is
never used). Changing any of this changes every stored band key: migration 0005 dropped those of the
128-permutation signatures.
"""

import re
import string
import zlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

NUM_PERM = 256
BANDS = 20
ROWS = 3
SHINGLE_WORDS = 5
MIN_SHINGLES = 5
THRESHOLD = 0.5

assert BANDS * ROWS <= NUM_PERM

Signature = npt.NDArray[np.uint32]

_PRIME = np.uint64((1 << 31) - 1)  # values are reduced below it
_EMPTY = np.uint32(_PRIME)  # the value of every slot of an empty text: above any real value

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


def shingles(folded_text: str, k: int = SHINGLE_WORDS) -> set[int]:
    """The hashed word k-shingles of a `core.text.fold`ed text (single words if it has fewer than k)."""
    if not 1 <= k <= len(_POSITION):
        raise ValueError(f"shingles of 1 to {len(_POSITION)} words, not {k}")
    words = _words(folded_text)
    if not words:
        return set()
    combined, _owner = _batch_shingles(_word_hashes(words), np.array([len(words)]), k)
    return set((_finalize(combined) % _PRIME).tolist())


def signatures_of_words(texts: Sequence[list[str]]) -> npt.NDArray[np.uint32]:
    """One-permutation MinHash signatures of many texts at once (a row each, NUM_PERM uint32 values), each
    text given as its folded words (`\\w+` runs).

    Every word k-shingle is hashed once; the hash's top bits choose one of NUM_PERM bins and the rest is its
    value; a bin keeps its smallest value. A bin that no shingle fell into borrows the value of another bin of
    the same text, chosen by a fixed sequence of bins per empty bin (optimal densification, Shrivastava 2017),
    so two texts compare slot by slot as with NUM_PERM independent permutations, at the cost of one hash per
    shingle instead of NUM_PERM. A text with no words gets _EMPTY in every slot."""
    n = len(texts)
    out = np.full((n, NUM_PERM), _UNSET, dtype=np.uint64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    words = [w for text in texts for w in text]
    if words:
        hashes, owner = _batch_shingles(_word_hashes(words), lengths, SHINGLE_WORDS)
        mixed = _finalize(hashes)
        bins = (mixed >> np.uint64(64 - _BIN_BITS)).astype(np.int64)
        np.minimum.at(out.reshape(-1), owner * NUM_PERM + bins, (mixed & np.uint64(0xFFFFFFFF)) % _PRIME)
        _densify(out, lengths > 0)
    out[lengths == 0] = _EMPTY
    return out.astype(np.uint32)


def _batch_shingles(word_hashes: npt.NDArray[np.uint64], lengths: npt.NDArray[np.int64], k: int
                    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """The combined hashes of every text's word k-shingles (single words for a text shorter than k), and the
    index of the text each belongs to. The texts' words lie end to end in `word_hashes`."""
    total = len(word_hashes)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    width = np.where(lengths >= k, k, 1)
    counts = np.where(lengths > 0, lengths - width + 1, 0)
    owner = np.repeat(np.arange(len(lengths)), counts)
    first = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts) + np.arange(counts.sum())
    long = width[owner] == k
    # A different odd multiplier per position keeps the word order ("a b c" and "c b a" differ).
    padded = np.concatenate((word_hashes, np.zeros(k - 1, dtype=np.uint64)))
    combined = padded[first] * _POSITION[0]
    for offset in range(1, k):
        combined += np.where(long, padded[np.minimum(first + offset, total + k - 2)] * _POSITION[offset], 0)
    return combined, owner


def _densify(sigs: npt.NDArray[np.uint64], rows: npt.NDArray[np.bool_]) -> None:
    """Fill the empty bins of the `rows` that have at least one value, in place (see signatures_of_words)."""
    empty = sigs == _UNSET
    empty[~rows] = False
    row, col = np.nonzero(empty)
    for attempt in range(len(_DONORS)):
        if not len(row):
            return
        donor = _DONORS[attempt, col]
        found = ~empty[row, donor]
        sigs[row[found], col[found]] = sigs[row[found], donor[found]]
        row, col = row[~found], col[~found]


def _donor_sequences() -> npt.NDArray[np.int64]:
    """For each bin, the bins it borrows from in turn: 32 pseudo-random ones (the same in every process),
    then every other bin in order, so that any text with one value fills all its bins."""
    bins = np.arange(NUM_PERM, dtype=np.uint64)
    random = [(_finalize((bins + np.uint64(1)) * _MIX1 ^ np.uint64(attempt * int(_MIX2) % 2**64)) % np.uint64(NUM_PERM))
              .astype(np.int64) for attempt in range(1, 33)]
    ordered = [(np.arange(NUM_PERM) + step) % NUM_PERM for step in range(1, NUM_PERM)]
    return np.array(random + ordered, dtype=np.int64)


_BIN_BITS = NUM_PERM.bit_length() - 1
assert 1 << _BIN_BITS == NUM_PERM
_UNSET = np.uint64(np.iinfo(np.uint64).max)
_DONORS = _donor_sequences()


def signature(folded_text: str) -> Signature:
    """MinHash signature (NUM_PERM uint32 values) of a folded text; the same in every process."""
    return signatures_of_words([_words(folded_text)])[0]


def signature_of_words(words: list[str]) -> Signature:
    """`signature(" ".join(words))` for a text already split into folded words (`\\w+` runs)."""
    return signatures_of_words([words])[0]


_BAND_SEEDS = _finalize(np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX1)


def band_keys(sig: Signature) -> list[int]:
    """BANDS signed 64-bit LSH keys (they fit a PostgreSQL bigint); each mixes in its band's index, so one
    index over all keys serves every band."""
    return band_keys_of(np.asarray(sig).reshape(1, NUM_PERM))[0].tolist()


def band_keys_of(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
    """`band_keys` of each row of `sigs`, as a (rows, BANDS) array."""
    slots = np.asarray(sigs[:, :BANDS * ROWS], dtype=np.uint64).reshape(len(sigs), BANDS, ROWS)
    keys = np.broadcast_to(_BAND_SEEDS, (len(sigs), BANDS))
    for column in range(ROWS):
        keys = _finalize((keys ^ slots[:, :, column]) * _MIX1)
    return keys.view(np.int64)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0.0 when either text had no words)."""
    if a[0] == _EMPTY and bool((a == _EMPTY).all()) or b[0] == _EMPTY and bool((b == _EMPTY).all()):
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def distinct_shingles(sig: Signature) -> int:
    """How many bins of the signature a shingle fell into (its distinct values): the number of distinct
    shingles for a short text, NUM_PERM at most."""
    return 0 if sig[0] == _EMPTY and bool((sig == _EMPTY).all()) else len(np.unique(sig))


def clusterable(sig: Signature) -> bool:
    """Whether a text is long enough to be clustered (and its band keys worth storing)."""
    return distinct_shingles(sig) >= MIN_SHINGLES


def clusterable_rows(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """`clusterable` of each row of `sigs`."""
    ordered = np.sort(sigs, axis=1)
    distinct = 1 + np.count_nonzero(ordered[:, 1:] != ordered[:, :-1], axis=1)
    return (distinct >= MIN_SHINGLES) & (ordered[:, 0] != _EMPTY)


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
            # `similarity` without its checks for an empty text: `sig` is not one (clusterable), and an empty
            # stored signature (every slot above any real value) agrees with it nowhere.
            score = np.count_nonzero(other == sig) / NUM_PERM
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
