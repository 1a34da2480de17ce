"""Differential test: the string and template literals sqlheal's scanner finds, against tree-sitter.

For every file of `corpus/` (JS, MJS, JSX, TS, TSX), the set of literal byte ranges printed by
`sqlheal debug-queries --literals` must equal the set of `string` and `template_string` nodes
of tree-sitter's TypeScript grammar (TSX grammar for everything but `.ts`). Every accepted
difference is listed in EXPLANATIONS with its reason; an explanation that no longer matches a
difference fails the test too, so the list cannot rot.

Dependencies (PyPI): pytest, tree-sitter, tree-sitter-typescript.
The binary comes from $SQLHEAL_BINARY (default: .build/debug/sqlheal).
"""
import json
import os
import pathlib
import subprocess

import pytest
import tree_sitter_typescript
from tree_sitter import Language, Parser

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = HERE / "corpus"
BINARY = os.environ.get("SQLHEAL_BINARY", str(ROOT / ".build" / "debug" / "sqlheal"))

TYPESCRIPT = Language(tree_sitter_typescript.language_typescript())
TSX = Language(tree_sitter_typescript.language_tsx())

# Node types that are string or template literals in tree-sitter-typescript.
LITERAL_NODE_TYPES = {"string", "template_string", "template_literal_type"}

# (file name, literal text as written, which side has it) -> why the difference is accepted.
EXPLANATIONS: dict[tuple[str, str, str], str] = {
}

CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".tsx"})


def tree_sitter_literals(path: pathlib.Path) -> tuple[set[tuple[int, int]], bool]:
    source = path.read_bytes()
    parser = Parser(TYPESCRIPT if path.suffix in {".ts", ".mts", ".cts"} else TSX)
    tree = parser.parse(source)
    ranges: set[tuple[int, int]] = set()
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_named and node.type in LITERAL_NODE_TYPES:
            ranges.add((node.start_byte, node.end_byte))
        stack.extend(node.children)
    return ranges, tree.root_node.has_error


def scanner_literals(path: pathlib.Path) -> set[tuple[int, int]]:
    result = subprocess.run([BINARY, "debug-queries", "--literals", str(path)], capture_output=True, check=True, timeout=60)
    files = json.loads(result.stdout)
    return {tuple(r) for r in files[0]["literals"]}


def differences(path: pathlib.Path) -> set[tuple[str, str, str]]:
    source = path.read_bytes()
    expected, _ = tree_sitter_literals(path)
    actual = scanner_literals(path)
    found = set()
    for start, end in expected - actual:
        found.add((path.name, source[start:end].decode("utf-8", "replace"), "only tree-sitter"))
    for start, end in actual - expected:
        found.add((path.name, source[start:end].decode("utf-8", "replace"), "only sqlheal"))
    return found


@pytest.fixture(scope="module", autouse=True)
def binary_exists():
    if not pathlib.Path(BINARY).exists():
        pytest.fail(f"sqlheal binary not found at {BINARY}: run `swift build` or set SQLHEAL_BINARY")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_is_valid_for_tree_sitter(path):
    _, has_error = tree_sitter_literals(path)
    assert not has_error, f"{path.name} does not parse cleanly with tree-sitter: the comparison would be meaningless"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_literals_match_tree_sitter(path):
    unexplained = sorted(d for d in differences(path) if d not in EXPLANATIONS)
    assert not unexplained, "unexplained differences:\n" + "\n".join(f"  {d}" for d in unexplained)


def test_every_explanation_is_still_needed():
    all_differences = set()
    for path in CORPUS_FILES:
        all_differences |= differences(path)
    stale = sorted(key for key in EXPLANATIONS if key not in all_differences)
    assert not stale, "explanations that match no difference any more:\n" + "\n".join(f"  {k}" for k in stale)


def test_corpus_is_not_trivial():
    total = sum(len(tree_sitter_literals(p)[0]) for p in CORPUS_FILES)
    assert len(CORPUS_FILES) >= 8 and total >= 300, (len(CORPUS_FILES), total)
