"""What a rule may cost, read from its parse tree before it ever runs (pure).

celpy interprets a rule by walking its lark parse tree recursively, one comprehension
iteration at a time, in pure Python (tens of microseconds a step). So the cost of a rule is
bounded by: how many nodes it has, how deep they nest (the evaluator's recursion), how many
comprehensions (`all`, `exists`, `exists_one`, `map`, `filter`) run one inside another's body
(their iterations multiply: five nested over ten elements is 100,000 steps), and how long the
literal lists are that they iterate. Everything else in CEL is linear in the rule's text: there
is no loop, no variable binding and no string or list repetition (`"a" * 3` does not
type-check), and `matches` runs on RE2, which cannot backtrack. What stays data-dependent, a
comprehension over the application's form, is cut by the evaluation budget instead.

The walk is iterative (an explicit stack), so a tree deep enough to overflow Python's stack
is measured, not recursed into.
"""

from dataclasses import dataclass

from lark import Token, Tree

MAX_NODES = 3000
MAX_DEPTH = 250  # parse-tree levels; a parenthesis costs ten, the evaluator overflows near 700
MAX_COMPREHENSION_NESTING = 2
MAX_COMPREHENSIONS = 10
MAX_LITERAL_ITEMS = 50
MAX_PATTERN_LENGTH = 200
COMPREHENSIONS = frozenset({"all", "exists", "exists_one", "map", "filter"})


@dataclass(frozen=True)
class TooCostly:
    """Why a rule is refused, in both languages (short: it goes into a 422)."""

    en: str
    fa: str


def inspect(tree: Tree[Token]) -> TooCostly | None:
    """The first reason this rule could run long, or None if its cost is bounded."""
    nodes = comprehensions = 0
    stack: list[tuple[Tree[Token], int, int]] = [(tree, 1, 0)]
    while stack:
        node, depth, nesting = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return TooCostly(
                f"is too large (more than {MAX_NODES} parse nodes)",
                f"بیش از حد بزرگ است (بیش از {MAX_NODES} گره)",
            )
        if depth > MAX_DEPTH:
            return TooCostly(
                f"is nested too deeply (more than {MAX_DEPTH} levels)",
                f"بیش از حد تودرتو است (بیش از {MAX_DEPTH} سطح)",
            )
        body_nesting = nesting
        if _comprehension(node):
            comprehensions += 1
            body_nesting = nesting + 1
            if body_nesting > MAX_COMPREHENSION_NESTING:
                return TooCostly(
                    f"nests comprehensions (all, exists, exists_one, map, filter) more than "
                    f"{MAX_COMPREHENSION_NESTING} deep",
                    f"پیمایش‌ها (all، exists، exists_one، map، filter) را بیش از "
                    f"{MAX_COMPREHENSION_NESTING} سطح تودرتو کرده است",
                )
            if comprehensions > MAX_COMPREHENSIONS:
                return TooCostly(
                    f"has more than {MAX_COMPREHENSIONS} comprehensions",
                    f"بیش از {MAX_COMPREHENSIONS} پیمایش دارد",
                )
        if reason := _literal_too_long(node) or _dynamic_pattern(node):
            return reason
        for index, child in enumerate(node.children):
            if isinstance(child, Tree):
                # Only a comprehension's body (its exprlist) runs once per element; the
                # collection it walks (its first child) is evaluated once.
                inner = body_nesting if index > 0 else nesting
                stack.append((child, depth + 1, inner))
    return None


def _comprehension(node: Tree[Token]) -> bool:
    if node.data != "member_dot_arg" or len(node.children) < 2:
        return False
    name = node.children[1]
    return isinstance(name, Token) and str(name) in COMPREHENSIONS


def _literal_too_long(node: Tree[Token]) -> TooCostly | None:
    if node.data not in ("list_lit", "map_lit") or not node.children:
        return None
    items = node.children[0]
    count = len(items.children) if isinstance(items, Tree) else 0
    if node.data == "map_lit":
        count //= 2  # mapinits holds key, value, key, value…
    if count <= MAX_LITERAL_ITEMS:
        return None
    return TooCostly(
        f"has a literal list or map of more than {MAX_LITERAL_ITEMS} items",
        f"فهرست یا نگاشتی صریح با بیش از {MAX_LITERAL_ITEMS} عضو دارد",
    )


def _dynamic_pattern(node: Tree[Token]) -> TooCostly | None:
    """`matches` only with a short literal pattern: an applicant's form must not write one."""
    pattern = _pattern_argument(node)
    if pattern is None:
        return None
    literal = _only_literal(pattern)
    if literal is not None and len(literal) <= MAX_PATTERN_LENGTH + 2:  # with its quotes
        return None
    return TooCostly(
        f"calls matches() with a pattern that is not a string literal of at most "
        f"{MAX_PATTERN_LENGTH} characters",
        f"matches() را با الگویی جز رشته‌ای صریح تا {MAX_PATTERN_LENGTH} نویسه فراخوانده است",
    )


def _pattern_argument(node: Tree[Token]) -> Tree[Token] | Token | None:
    """The pattern of `s.matches(p)` (member_dot_arg) or `matches(s, p)` (ident_arg)."""
    if node.data == "member_dot_arg" and len(node.children) == 3:
        name, arguments, position = node.children[1], node.children[2], 0
    elif node.data == "ident_arg" and len(node.children) == 2:
        name, arguments, position = node.children[0], node.children[1], 1
    else:
        return None
    if not (isinstance(name, Token) and str(name) == "matches" and isinstance(arguments, Tree)):
        return None
    if len(arguments.children) <= position:
        return None
    return arguments.children[position]


def _only_literal(node: Tree[Token] | Token) -> str | None:
    """The string literal `node` consists of (through single-child chains), or None."""
    while isinstance(node, Tree) and len(node.children) == 1:
        node = node.children[0]
    if isinstance(node, Token) and node.type in ("STRING_LIT", "MLSTRING_LIT"):
        return str(node)
    return None
