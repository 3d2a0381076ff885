"""Expression language, part 1: syntax — parsing, precedence, limits, escape attempts.

Type rules are in test_expressions_check.py, evaluation in
test_expressions_eval.py, the API around them (templates, rename,
dependencies) in test_expressions_api.py, property tests in
test_expressions_props.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from wizard.formdef import expressions as ex
from wizard.formdef.expr_ast import (
    Arith,
    BoolOp,
    Call,
    Compare,
    ListLit,
    Literal,
    Name,
    Unary,
)
from wizard.formdef.expr_parser import parse_expression


def root(source: str) -> object:
    return ex.parse(source).root


def value(source: str) -> object:
    """Evaluate a constant expression (no answers needed)."""
    return ex.evaluate(source, ex.DictEnv({}))


def syntax_error(source: str) -> ex.ExpressionError:
    with pytest.raises(ex.ExpressionError) as info:
        ex.parse(source)
    return info.value


# ---------------------------------------------------------------------------- literals


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("12.50", Decimal("12.50")),
        ("999999999999999", 999999999999999),  # 15 digits: the maximum
        ('"Hallo"', "Hallo"),
        ("'Hallo'", "Hallo"),
        ('"a\\"b"', 'a"b'),
        ("'a\\'b'", "a'b"),
        ('"a\\\\b"', "a\\b"),
        ('"a\\nb"', "a\nb"),
        ('"it\'s"', "it's"),
        ('""', ""),
        ("true", True),
        ("false", False),
        ("null", None),
    ],
)
def test_literals(source: str, expected: object) -> None:
    node = root(source)
    assert isinstance(node, Literal)
    assert node.value == expected
    assert type(node.value) is type(expected)


def test_decimal_literal_is_exact_and_never_float() -> None:
    node = root("0.1")
    assert isinstance(node, Literal)
    assert node.value == Decimal("0.1")
    assert value("0.1 + 0.2 == 0.3") is True


def test_list_literal() -> None:
    node = root('["VH", "LP"]')
    assert isinstance(node, ListLit)
    assert [item.value for item in node.items] == ["VH", "LP"]  # type: ignore[union-attr]
    assert (node.start, node.end) == (0, 12)
    assert isinstance(root("[]"), ListLit)


def test_names_and_calls() -> None:
    node = root("age(geburtsdatum)")
    assert isinstance(node, Call)
    assert node.name == "age"
    assert isinstance(node.args[0], Name)
    assert node.args[0].name == "geburtsdatum"
    assert (node.args[0].start, node.args[0].end) == (4, 16)
    assert root("steuer_id_2").name == "steuer_id_2"  # type: ignore[union-attr]
    assert isinstance(root("today()"), Call)


def test_expression_is_immutable_hashable_and_cached() -> None:
    first = ex.parse("a + 1")
    assert ex.parse("a + 1") is first  # cached by source
    fresh = parse_expression("a + 1")
    assert fresh is not first and fresh == first
    assert hash(first) == hash("a + 1")
    assert first.source == "a + 1"
    with pytest.raises(AttributeError):
        first.source = "b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ex.parse(42)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- precedence


def test_or_binds_weaker_than_and() -> None:
    node = root("a or b and c")
    assert isinstance(node, BoolOp) and node.op == "or"
    assert isinstance(node.operands[1], BoolOp) and node.operands[1].op == "and"
    assert value("true or true and false") is True
    assert value("(true or true) and false") is False


def test_not_binds_weaker_than_comparison() -> None:
    node = root("not a == b")
    assert isinstance(node, Unary) and node.op == "not"
    assert isinstance(node.operand, Compare)
    assert value("not 1 == 2") is True


def test_not_binds_stronger_than_and() -> None:
    node = root("not a and b")
    assert isinstance(node, BoolOp)
    assert isinstance(node.operands[0], Unary)
    assert value("not false and false") is False


def test_arithmetic_precedence_and_left_associativity() -> None:
    assert value("1 + 2 * 3") == 7
    assert value("(1 + 2) * 3") == 9
    assert value("10 - 4 - 3") == 3
    assert value("100 / 10 / 5") == 2
    assert value("7 % 4 * 2") == 6
    assert value("2 * 7 % 4") == 2
    assert value("-2 * 3") == -6
    assert value("- - 2") == 2
    assert value("1 - -1") == 2


def test_arithmetic_chains_are_flat() -> None:
    node = root("a + b - c + d")
    assert isinstance(node, Arith)
    assert [op for op, _offset, _operand in node.rest] == ["+", "-", "+"]
    assert [offset for _op, offset, _operand in node.rest] == [2, 6, 10]
    inner = root("a + b * c")
    assert isinstance(inner, Arith)
    assert isinstance(inner.rest[0][2], Arith)


def test_comparison_binds_weaker_than_arithmetic() -> None:
    node = root("a + 1 > b * 2")
    assert isinstance(node, Compare)
    assert node.op == ">"
    assert node.op_offset == 6
    assert isinstance(node.left, Arith) and isinstance(node.right, Arith)


@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">=", "in", "not in"])
def test_comparison_operators(op: str) -> None:
    node = root(f"a {op} b")
    assert isinstance(node, Compare)
    assert node.op == op
    assert node.op_offset == 2


def test_not_in() -> None:
    assert value('"a" not in ["b", "c"]') is True
    assert value('"b" not in ["b", "c"]') is False


def test_unary_minus_binds_stronger_than_multiplication() -> None:
    node = root("-a * b")
    assert isinstance(node, Arith)
    assert isinstance(node.first, Unary)


def test_whitespace_and_newlines_are_ignored() -> None:
    assert value("1 +\n\t2\r\n") == 3


# ---------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("a < b < c", "comparisons cannot be chained", 6),
        ("a == b == c", "comparisons cannot be chained", 7),
        ("a in b in c", "comparisons cannot be chained", 7),
        ('"abc', "unterminated string", 0),
        ("x == 'abc", "unterminated string", 5),
        ('"a\\tb"', "unknown escape '\\t' in a string", 2),
        ("a b", "unexpected name 'b'", 2),
        ("1 2", "unexpected number 2", 2),
        ("(a", "missing ')' for the '(' at character 0", 2),
        ("age(a", "missing ')' for the '(' at character 3", 5),
        ("[1, 2", "missing ']' for the '[' at character 0", 5),
        ("a)", "unmatched ')'", 1),
        ("a +", "expected an expression, found the end", 3),
        ("", "expected an expression, found the end", 0),
        ("and a", "expected an expression, found 'and'", 0),
        ("+1", "expected an expression, found '+'", 0),
        ("f(a,)", "unknown function 'f'", 0),
        ("age(a,)", "expected an expression, found ')'", 6),
        ("[1,]", "expected an expression, found ']'", 3),
        ("(a, b)", "expected ')', found ','", 2),
        ("()", "empty parentheses", 0),
        ("a not b", "'not' here must be followed by 'in'", 2),
        ("1234567890123456", "number is too long (more than 15 digits)", 0),
        ("1234567890.123456", "number is too long (more than 15 digits)", 0),
        ("1e5", "a number must not be followed directly by a letter", 1),
        ("1_000", "a number must not be followed directly by a letter", 1),
        ("12.", "a decimal point must be followed by digits", 2),
        (".5", "a decimal number needs a digit before the point", 0),
        ("größe", "names may only contain ASCII letters, digits and '_'", 2),
        ("ä", "names may only contain ASCII letters, digits and '_'", 0),
        ("a\u00a0== b", "unusual white space (e.g. a non-breaking space)", 1),
        ("a @ b", "unexpected character '@'", 2),
        ("a && b", "'&&' is not supported", 2),
        ("a || b", "'||' is not supported", 2),
        ("!a", "'!' is not supported", 0),
        ("a // 2", "'//' is not supported", 2),
        ("a is null", "'is' is not supported", 2),
        ("a AND b", "unexpected name 'AND'", 2),
        ("{a}", "braces are not allowed", 0),
    ],
)
def test_syntax_errors(source: str, message: str, offset: int) -> None:
    error = syntax_error(source)
    assert error.message == message
    assert error.offset == offset


def test_syntax_error_hints() -> None:
    assert syntax_error("agee(x)").hint == "did you mean 'age'?"
    assert syntax_error("a AND b").hint == "keywords are lower case: write 'and'"
    assert syntax_error("a < b < c").hint == (
        "combine two comparisons with 'and', e.g. a < b and b < c"
    )
    assert "ae" in (syntax_error("größe").hint or "")
    assert syntax_error("a = 1").hint == "use '==' to compare"
    assert syntax_error("1e5").hint == "scientific notation is not supported"


def test_first_error_in_source_order_wins() -> None:
    # The lexer would also object to the '@' later on; the parser's earlier error wins.
    error = syntax_error("(a b) @")
    assert error.message == "expected ')', found name 'b'"
    assert error.offset == 3


def test_error_str_and_pointer() -> None:
    error = syntax_error("a +\nb b")
    assert str(error) == (
        "unexpected name 'b' (at character 6); did you forget an operator such as 'and'?"
    )
    assert error.pointer("a +\nb b") == "b b\n  ^"
    assert error.shifted(10).offset == 16
    assert error == ex.ExpressionError(error.message, 6, error.hint)


def test_error_pickles() -> None:
    import pickle

    error = syntax_error("a b")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.offset, copy.hint) == (error.message, error.offset, error.hint)
    expr = ex.parse("a + 1")
    assert pickle.loads(pickle.dumps(expr)) == expr


# ---------------------------------------------------------------------------- escape attempts


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ('__import__("os")', "names must not start with '_'", 0),
        ("_x", "names must not start with '_'", 0),
        ("a__b", "names must not contain '__'", 1),
        ("x.__class__", "attribute access is not allowed", 1),
        ("x.y", "attribute access is not allowed", 1),
        ('"abc".upper', "attribute access is not allowed", 5),
        ("1.real", "attribute access is not allowed", 1),
        ("().__class__.__bases__", "empty parentheses", 0),
        ("(a).__class__", "attribute access is not allowed", 3),
        ('open("f")', "unknown function 'open'", 0),
        ('eval("1")', "unknown function 'eval'", 0),
        ("getattr(a, b)", "unknown function 'getattr'", 0),
        ("a[0]", "indexing is not allowed", 1),
        ("[1, 2][0]", "indexing is not allowed", 6),
        ("age(x)[0]", "indexing is not allowed", 6),
        ("(f)(x)", "only functions can be called, by name", 3),
        ("age(x)(y)", "only functions can be called, by name", 6),
        ("9**9**9", "exponentiation is not supported", 1),
        ("2^1000", "exponentiation is not supported", 1),
        ("lambda: 1", "lambda is not allowed", 0),
        ("lambda x: x", "lambda is not allowed", 0),
        ("a; b", "';' is not allowed", 1),
        ("a = 1", "assignment is not allowed", 2),
        ("(a := 1)", "assignment is not allowed", 3),
        ('f"{x}"', 'unexpected string "{x}"', 1),
        ("x if y else z", "unexpected name 'if'", 2),
        ("[x for x in y]", "expected ',' or ']', found name 'for'", 3),
        ("{'a': 1}", "braces are not allowed", 0),
        ("a[1:2]", "indexing is not allowed", 1),
        ("`a`", "unexpected character '`'", 0),
        ("a\\b", "unexpected character '\\\\'", 1),
    ],
)
def test_escape_attempts_are_rejected(source: str, message: str, offset: int) -> None:
    error = syntax_error(source)
    assert error.message == message
    assert error.offset == offset


def test_source_length_limit() -> None:
    ok = "1" + " " * (ex.MAX_SOURCE_LENGTH - 1)
    assert value(ok) == 1
    error = syntax_error(ok + " ")
    assert error.message == "expression is too long (2001 characters, at most 2000)"
    assert error.offset == ex.MAX_SOURCE_LENGTH


@pytest.mark.parametrize(
    "source",
    ["(" * 100_000, "-" * 100_000 + "1", "1+" * 10_000 + "1", "not " * 50_000 + "x"],
)
def test_huge_inputs_fail_fast_with_a_clear_error(source: str) -> None:
    error = syntax_error(source)
    assert error.message.startswith("expression is too long")


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("(", ")"), ("-", ""), ("not ", ""), ("abs(", ")"), ("[", "]")],
)
def test_nesting_limit(opening: str, closing: str) -> None:
    deepest = opening * ex.MAX_DEPTH + "1" + closing * ex.MAX_DEPTH
    ex.parse(deepest)
    too_deep = opening * (ex.MAX_DEPTH + 1) + "1" + closing * (ex.MAX_DEPTH + 1)
    error = syntax_error(too_deep)
    assert error.message == "expression is nested too deeply (more than 32 levels)"
    assert error.offset == len(opening) * ex.MAX_DEPTH
    assert error.hint == "split it into computed values"


def test_many_open_parentheses_within_the_length_limit() -> None:
    error = syntax_error("(" * 1999)
    assert error.message == "expression is nested too deeply (more than 32 levels)"
    assert error.offset == 32


def test_deepest_expression_checks_and_evaluates() -> None:
    # Each round uses four nesting levels and every precedence level, so the
    # tree is about as deep as the grammar allows within MAX_DEPTH.
    source = "x > 0"
    for _ in range(ex.MAX_DEPTH // 4):
        source = f"(false or true and not (if({source}, 1, 0) * 1 + 1 > 5))"
    ex.parse(source)
    with pytest.raises(ex.ExpressionError):
        ex.parse(f"not {source}")
    scope = ex.Scope([ex.Symbol("x", "number")])
    result_type, errors = ex.check(source, scope)
    assert errors == []
    assert result_type == ex.BOOL
    assert ex.evaluate(source, ex.DictEnv({"x": 3}), scope) is True
    assert ex.evaluate(source, ex.DictEnv({"x": 3})) is True


def test_long_flat_chains_stay_shallow() -> None:
    source = "+".join(["x"] * 1000)
    assert len(source) < ex.MAX_SOURCE_LENGTH
    scope = ex.Scope([ex.Symbol("x", "number")])
    assert ex.check(source, scope)[1] == []
    assert ex.evaluate(source, ex.DictEnv({"x": 2}), scope) == 2000
    assert ex.evaluate(" and ".join(["true"] * 200), ex.DictEnv({})) is True
    assert ex.evaluate(" or ".join(["false"] * 200), ex.DictEnv({})) is False


def test_constants_are_public() -> None:
    assert ex.KEYWORDS == {"and", "or", "not", "in", "true", "false", "null"}
    for name in ("today", "date", "age", "count", "sum", "min", "max", "if", "index"):
        assert name in ex.FUNCTIONS
    assert "open" not in ex.FUNCTIONS
