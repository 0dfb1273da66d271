"""Topic query text → `Query` (a tree of nodes), with Vietnamese error messages that point at the problem.

Grammar, loosest first (NOT > NEAR > AND > OR):

    query   := or EOF
    or      := and ("OR" and)*
    and     := near (["AND"] near)*            adjacent operands mean AND
    near    := unary ["NEAR/n" unary]          operands: terms or OR groups of terms
    unary   := ("NOT" | "-")* primary
    primary := term | "(" or ")" | "title:" (term | "(" or ")") | "site:" domain
    term    := ["="] (word | '"' words '"')     a word may end with "*" (prefix); "=" keeps diacritics

Only upper-case AND, OR, NOT, NEAR are operators; "and", "or", "not" are ordinary words.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .document import MAX_NEAR, site_of, token_forms, tokens
from .errors import QueryError
from .nodes import And, Near, Node, Not, Or, Site, Term, Word

MAX_LENGTH = 2000
MAX_DEPTH = 20
_QUOTES = '"“”'
_RUN_END = frozenset("()" + _QUOTES)
_NEAR = re.compile(r"NEAR/(\d+)")
_DOMAIN = re.compile(r"[\w-]+(\.[\w-]+)*")
_OPERATORS = {"AND": "and", "OR": "or", "NOT": "not"}
_OPERAND_START = frozenset({"term", "lp", "not", "title", "site"})


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # term, lp, rp, and, or, not, near, title, site
    pos: int
    text: str  # as written, for messages ("AND", "NEAR/5", "-")
    words: tuple[Word, ...] = ()
    distance: int = 0
    domain: str = ""


def _fail(message: str, position: int) -> QueryError:
    return QueryError(message, position)


def _words(chunk: str, offset: int, exact: bool) -> tuple[Word, ...]:
    """The words of one space-free piece of a query; punctuation splits words, a final "*" marks a prefix."""
    star = chunk.find("*")
    prefix = star != -1
    if prefix:
        if star != len(chunk) - 1:
            raise _fail(_("Dấu “*” chỉ đặt ở cuối từ, ví dụ giáo*"), offset + star)
        chunk = chunk[:-1]
    found = tokens(chunk)
    if prefix and (not found or len(token_forms(found[-1])[1]) < 2):
        raise _fail(_("Tiền tố cần ít nhất 2 chữ cái trước dấu “*”, ví dụ giáo*"), offset + star)
    words = []
    for index, token in enumerate(found):
        text, folded = token_forms(token)
        is_prefix = prefix and index == len(found) - 1
        # An exact prefix is compared before and after tone normalisation: "hoà*" must find both "hoàng"
        # (never re-marked) and "hoà" (stored as "hòa").
        raw = token.lower() if is_prefix and exact else ""
        words.append(Word(text, folded, is_prefix, exact, raw))
    return tuple(words)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[_Token] = []

    def run(self) -> list[_Token]:
        text, i = self.text, 0
        while i < len(text):
            char = text[i]
            if char.isspace():
                i += 1
            elif char in "()":
                self.out.append(_Token("lp" if char == "(" else "rp", i, char))
                i += 1
            elif char in _QUOTES:
                i = self._phrase(i, i, exact=False)
            elif char == "=":
                i = self._exact(i)
            elif char == "-" and i + 1 < len(text) and not text[i + 1].isspace() and text[i + 1] != ")":
                self.out.append(_Token("not", i, "-"))
                i += 1
            else:
                i = self._run(i)
        return self.out

    def _end_of_run(self, i: int) -> int:
        text = self.text
        while i < len(text) and not text[i].isspace() and text[i] not in _RUN_END:
            i += 1
        return i

    def _phrase(self, quote: int, start: int, *, exact: bool) -> int:
        close = next((j for j in range(quote + 1, len(self.text)) if self.text[j] in _QUOTES), -1)
        if close == -1:
            raise _fail(_("Dấu ngoặc kép chưa đóng"), quote)
        words: list[Word] = []
        for match in re.finditer(r"\S+", self.text[quote + 1 : close]):
            words.extend(_words(match.group(), quote + 1 + match.start(), exact))
        if not words:
            raise _fail(_("Cụm từ trong ngoặc kép trống"), quote)
        self.out.append(_Token("term", start, self.text[start : close + 1], words=tuple(words)))
        return close + 1

    def _exact(self, i: int) -> int:
        text, j = self.text, i + 1
        if j < len(text) and text[j] in _QUOTES:
            return self._phrase(j, i, exact=True)
        end = self._end_of_run(j)
        words = _words(text[j:end], j, exact=True)
        if not words:
            raise _fail(_("Sau dấu “=” cần một từ hoặc cụm từ, ví dụ =Hòa"), i)
        self.out.append(_Token("term", i, text[i:end], words=words))
        return end

    def _run(self, i: int) -> int:
        end = self._end_of_run(i)
        run = self.text[i:end]
        if run in _OPERATORS:
            self.out.append(_Token(_OPERATORS[run], i, run))
        elif run == "NEAR" or run.startswith("NEAR/"):
            self.out.append(self._near(run, i))
        elif run.lower().startswith("title:"):
            self.out.append(_Token("title", i, run[:6]))
            return i + 6  # what follows "title:" is lexed as usual
        elif run.lower().startswith("site:"):
            self.out.append(self._site(run, i))
        else:
            words = _words(run, i, exact=False)
            if words:  # a piece of bare punctuation ("&", "–") is ignored, as in documents
                self.out.append(_Token("term", i, run, words=words))
        return end

    def _near(self, run: str, i: int) -> _Token:
        match = _NEAR.fullmatch(run)
        if not match:
            raise _fail(_("NEAR cần một số, ví dụ NEAR/5"), i)
        distance = int(match.group(1))
        if distance > MAX_NEAR:
            raise _fail(_("Khoảng cách NEAR tối đa là %(max)d từ") % {"max": MAX_NEAR}, i)
        return _Token("near", i, run, distance=distance)

    def _site(self, run: str, i: int) -> _Token:
        value = run[5:]
        if not value:
            raise _fail(_("site: cần một tên miền, ví dụ site:vnexpress.net"), i)
        try:
            domain = site_of("", value)
        except ValueError:  # urlsplit rejects some malformed hosts (an unclosed "[")
            domain = ""
        if not _DOMAIN.fullmatch(domain):
            raise _fail(_("Tên miền sau site: không hợp lệ, ví dụ site:vnexpress.net"), i + 5)
        return _Token("site", i, run, domain=domain)


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.or_()
        extra = self.peek()
        if extra is not None:  # only an unmatched ")" can be left over
            raise _fail(_("Dấu ngoặc đóng “)” không có dấu ngoặc mở tương ứng"), extra.pos)
        return node

    def expect_operand(self, after: _Token | None) -> None:
        token = self.peek()
        if token is not None and token.kind in _OPERAND_START:
            return
        if after is not None:
            raise _fail(_("Thiếu từ khóa sau %(operator)s") % {"operator": after.text}, after.pos)
        if token is None:
            raise _fail(_("Truy vấn trống"), 0)
        if token.kind == "rp":
            raise _fail(_("Dấu ngoặc đóng “)” không có dấu ngoặc mở tương ứng"), token.pos)
        raise _fail(_("Thiếu từ khóa trước %(operator)s") % {"operator": token.text}, token.pos)

    def or_(self) -> Node:
        children = [self.and_()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            children.append(self.and_(after=token))
        return _flat(Or, children)

    def and_(self, after: _Token | None = None) -> Node:
        children = [self.near(after)]
        while (token := self.peek()) is not None and (token.kind == "and" or token.kind in _OPERAND_START):
            if token.kind == "and":
                self.take()
                children.append(self.near(after=token))
            else:
                children.append(self.near())
        return _flat(And, children)

    def near(self, after: _Token | None = None) -> Node:
        left = self.unary(after)
        while (token := self.peek()) is not None and token.kind == "near":
            self.take()
            right = self.unary(after=token)
            if isinstance(left, Not) and left.child.positional:
                # NOT binds tighter than NEAR; "NOT a NEAR/3 b" almost always means NOT (a NEAR/3 b).
                raise _fail(
                    _("NOT đứng trước NEAR: hãy viết NOT (%(left)s %(near)s %(right)s) để loại trừ cả cụm")
                    % {"left": left.child.describe(), "near": token.text, "right": right.describe()},
                    left.pos,
                )
            if isinstance(left, Near):
                raise _fail(
                    _("Mỗi NEAR chỉ nối hai vế; để nối ba từ, viết (a NEAR/3 b) AND (b NEAR/3 c)"), token.pos
                )
            for operand in (left, right):
                if not operand.positional:
                    raise _fail(_("NEAR chỉ nối từ, cụm từ, tiền tố hoặc nhóm OR của chúng"), operand.pos)
            left = Near(left, right, token.distance, left.pos)
        return left

    def unary(self, after: _Token | None = None) -> Node:
        self.expect_operand(after)
        nots: list[_Token] = []
        while (token := self.peek()) is not None and token.kind == "not":
            nots.append(self.take())
            self.expect_operand(token)
        node = self.primary()
        return Not(node, nots[0].pos) if len(nots) % 2 else node  # NOT NOT x is x

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "term":
            return Term(token.words, False, token.pos)
        if token.kind == "site":
            return Site(token.domain, token.pos)
        if token.kind == "title":
            following = self.peek()
            if following is None or following.kind not in ("term", "lp"):
                raise _fail(_("Sau title: cần một từ, cụm từ hoặc nhóm trong ngoặc"), token.pos)
            return self.primary().in_title()
        return self.group(token)

    def group(self, opening: _Token) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _fail(_("Quá nhiều cấp ngoặc lồng nhau: tối đa %(max)d") % {"max": MAX_DEPTH}, opening.pos)
        following = self.peek()
        if following is not None and following.kind == "rp":
            raise _fail(_("Cặp ngoặc trống"), opening.pos)
        if following is None:
            raise _missing_close(opening)
        node = self.or_()
        closing = self.peek()
        if closing is None or closing.kind != "rp":
            raise _missing_close(opening)
        self.take()
        self.depth -= 1
        return node


def _missing_close(opening: _Token) -> QueryError:
    # str(error) adds "ở vị trí N": the position of the "(" that was never closed.
    return _fail(_("Thiếu dấu ngoặc đóng “)” cho dấu ngoặc mở"), opening.pos)


def _flat(kind: Callable[[tuple[Node, ...], int], Node], children: list[Node]) -> Node:
    """One child stays itself; nested nodes of the same kind merge ((a OR b) OR c is a OR b OR c)."""
    if len(children) == 1:
        return children[0]
    merged: list[Node] = []
    for child in children:
        merged.extend(child.children if type(child) is kind else (child,))  # type: ignore[attr-defined]
    return kind(tuple(merged), children[0].pos)


def _check_positive(root: Node) -> None:
    """A query must say what an item contains, not only what it lacks: "NOT x" would match nearly all."""
    if root.anchor() is not None:
        return
    if isinstance(root, Or):
        branch = next(child for child in root.children if child.anchor() is None)
        raise _fail(_("Mỗi vế của OR cần ít nhất một điều kiện khẳng định, không chỉ có NOT"), branch.pos)
    raise _fail(_("Truy vấn chỉ có NOT: cần ít nhất một điều kiện khẳng định"), root.pos)


def parse_tree(text: str) -> Node:
    """The root node of a query; raises QueryError."""
    if len(text) > MAX_LENGTH:
        raise _fail(_("Truy vấn quá dài: tối đa %(max)d ký tự") % {"max": MAX_LENGTH}, MAX_LENGTH)
    if not text.strip():
        raise _fail(_("Truy vấn trống"), 0)
    root = _Parser(_Lexer(text).run()).parse()
    _check_positive(root)
    return root
