"""Positions of libcst nodes: every range equals PositionProvider's, on odd and real code."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import CodePosition, MetadataWrapper, PositionProvider

from linter.static.positions import Positions

CORPUS = Path(__file__).parent / "corpus"

ODD_SOURCES = {
    "crlf": "import os\r\n\r\ndef f(a,\r\n      b):\r\n    return a  # done\r\n",
    "old mac line ends": "x = 1\ry = (2,\r     3)\r",
    "mixed line ends": "a = 1\r\nb = 2\nc = '''x\r\ny'''\r\n",
    "no trailing newline": "def f():\n    pass",
    "empty": "",
    "only comments": "# one\n\n# two\n",
    "decorators and classes": (
        "@a.b(1)\n@c\nclass K(Base, metaclass=M):\n    '''doc'''\n\n    x: int = 1\n\n"
        "    @property\n    async def m(self):\n        await self.n()\n"),
    "compound statements": (
        "if a:\n    pass\nelif b:\n    x = 1; y = 2\nelse:\n    z = 3\n"
        "for i in r:\n    continue\nelse:\n    pass\n"
        "while w:\n    break\n"
        "try:\n    t()\nexcept (A, B) as e:\n    raise\nelse:\n    u()\nfinally:\n    v()\n"
        "with open(p) as f, g:\n    f.read()\n"),
    "match and try star": (
        "match p:\n    case {'k': [1, *rest]} if rest:\n        pass\n    case _:\n"
        "        pass\n"
        "try:\n    pass\nexcept* ValueError:\n    pass\n"),
    "expressions": (
        "f(*a, **k)[1:2, ::3]\nlambda x, /, *, y=2: (x, y)\n"
        "d = {**base, 'k': [i async for i in g() if i]}\n"
        "s = f'{x!r:>{width}} {y=}'\nn = -1 if not a else b or c\n"),
    "tabs and a wide character": "def f():\n\tif x:\n\t\treturn 'é'  # é\n",
}


def _assert_same_ranges(code: str) -> int:
    module = cst.parse_module(code)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = Positions(module)
    for node, where in expected.items():
        assert positions[node] == where, (type(node).__name__, code.count("\n"))
    return len(expected)


@pytest.mark.parametrize("code", list(ODD_SOURCES.values()), ids=list(ODD_SOURCES))
def test_ranges_equal_position_provider_on_odd_code(code: str) -> None:
    assert _assert_same_ranges(code) > 0


def test_ranges_equal_position_provider_on_the_corpus() -> None:
    # Every tenth file: PositionProvider, the reference, is the slow part.
    files = sorted(CORPUS.rglob("*.py"))[::10]
    assert len(files) > 10
    checked = sum(_assert_same_ranges(f.read_text(encoding="utf-8")) for f in files)
    assert checked > 20_000


def test_a_statement_leaves_out_its_surrounding_whitespace() -> None:
    module = cst.parse_module("x = 1\n\n\n    # a comment\ndef f():\n    return 2\n")
    function = module.body[1]
    where = Positions(module)[function]
    assert where.start == CodePosition(5, 0)
    assert where.end == CodePosition(6, 12)


def test_a_node_of_another_module_is_not_found() -> None:
    positions = Positions(cst.parse_module("x = 1\n"))
    other = cst.parse_module("y = 2\n").body[0]
    assert other not in positions
    with pytest.raises(KeyError):
        positions[other]
