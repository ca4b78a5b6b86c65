"""Issue 21: the store only reads and writes. No module of `store/` imports another in a cycle
(function-local imports included: they hid a 5-module cycle through store/alerts.py), and no
store module imports the alert rules' judging functions."""

import ast
from pathlib import Path

import cipn_journal

PACKAGE = Path(cipn_journal.__file__).parent


def _runtime_imports(path: Path, package: str) -> set[str]:
    """The cipn_journal modules `path` imports anywhere (module level or inside functions),
    except under `if TYPE_CHECKING:` (annotations only, never run)."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(child) for child in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith(package + ".")}


def _graph(package: str) -> dict[str, set[str]]:
    folder = PACKAGE / package.split(".", 1)[1]
    modules = {f"{package}.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    return {name: {m for m in _runtime_imports(path, package) if m in modules and m != name}
            for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_inside_the_store_counting_function_local_imports():
    graph = _graph("cipn_journal.store")
    assert "cipn_journal.store.alerts" in graph and graph["cipn_journal.store.journal"]
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_cycle_finder_sees_a_function_local_back_edge(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    probe = tmp_path / "probe.py"
    probe.write_text("from typing import TYPE_CHECKING\n"
                     "if TYPE_CHECKING:\n    from cipn_journal.store.weekly import Store\n"
                     "def f():\n    from cipn_journal.store.journal import first_day\n")
    assert _runtime_imports(probe, "cipn_journal.store") == {
        "cipn_journal.store.journal", "cipn_journal.store.journal.first_day"}


def test_the_store_calls_no_alert_rule():
    """The rules (judge_*) are called only by the domain's `judge_day`, which the record
    service runs; the store stores what it returns."""
    for path in (PACKAGE / "store").glob("*.py"):
        names = {node.attr if isinstance(node, ast.Attribute) else node.id
                 for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.Attribute | ast.Name)}
        judging = {n for n in names if n.startswith("judge_")
                   or n in ("escalation", "is_duplicate")}
        assert judging == set(), path.name
