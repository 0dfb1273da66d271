"""A query tree compiled into one Python function, for the Matcher's hot loop.

    match = compile_tree(parse(text).root)
    match(doc) == parse(text).matches(doc)  # always

Walking the tree calls a method per node and, for AND and OR, a generator; an item is checked against
about forty candidate queries, so that overhead was most of the matching. The compiled function tests
single words and the word pairs of phrases inline (`"hoc" in doc.words`), chains AND/OR/NOT with
Python's own `and`/`or`/`not` in the tree's order (an AND's cheapest children first) and calls the nodes'
own methods for the rest (where a longer phrase stands, prefix and title-only terms, NEAR). The source is
generated from the tree: every word enters it as a `repr()` string literal, every other node as a name
bound to its method, never as text.
"""

from collections.abc import Callable

from .document import Document
from .nodes import And, Node, Not, Or, Site, Term


def compile_tree(root: Node) -> Callable[[Document], bool]:
    """A function equal to `root.matches`."""
    bound: dict[str, Callable[[Document], bool]] = {}

    def expression(node: Node) -> str:
        if isinstance(node, Term) and len(node.words) == 1 and not node.title and not node.words[0].prefix:
            word = node.words[0]
            return f"({word.text!r} in doc.exact_words)" if word.exact else f"({word.folded!r} in words)"
        if isinstance(node, Term) and node.title_word:
            return f"({node.words[0].folded!r} in title_words)"
        if isinstance(node, Term) and len(node.words) > 1:  # as Term.matches: its pairs, then its positions
            table = "title_pairs" if node.title else "pairs"
            pairs = " and ".join(f"({pair!r} in {table})" for pair in node.pairs)
            if node.two_words:
                return f"({pairs})"
            placed = f"({node.needle!r} in lines)" if node.needle and not node.title else f"{bind(node.placed)}(doc)"
            return f"({pairs} and {placed})" if pairs else placed
        if isinstance(node, And):
            return "(" + " and ".join(map(expression, node.order)) + ")"
        if isinstance(node, Or):
            return "(" + " or ".join(map(expression, node.children)) + ")"
        if isinstance(node, Not):
            return f"(not {expression(node.child)})"
        if isinstance(node, Site):
            return f"({node.domain!r} in doc.sites)"
        return f"{bind(node.matches)}(doc)"

    def bind(method: Callable[[Document], bool]) -> str:
        name = f"_node{len(bound)}"
        bound[name] = method
        return name

    body = expression(root)
    source = ("def match(doc):\n"
              "    words, pairs = doc.words, doc.pairs\n"
              "    title_words, title_pairs, lines = doc.title_words, doc.title_pairs, doc.lines\n"
              f"    return bool({body})\n")
    namespace: dict[str, object] = dict(bound)
    exec(compile(source, "<topic query>", "exec"), namespace)  # noqa: S102 (generated as described above)
    match = namespace["match"]
    assert callable(match)
    return match  # type: ignore[return-value]
