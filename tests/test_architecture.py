"""The house's rules, read from the source: imports point one way.

The project's packages import one another without a cycle, nothing imports a
project module inside a function to dodge one (an AppConfig's ready(), which Django
runs once the models are loaded, is the exception), the settings package imports no
app, and the search app and the small helpers import nothing of the product.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("govcases", "cases", "benchmarks")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


SOURCES = {
    module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
    if "migrations" not in path.parts
}


def imported(node: ast.AST, module: str) -> list[str]:
    """The project modules an import statement runs: each package on the way and
    the module itself (``from x import y`` runs x.y when y is a module), but the
    packages holding ``module``, which run before it whatever it imports."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".")
            if not SOURCES[module].name == "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
    parts = module.split(".")
    holding = {".".join(parts[:n]) for n in range(1, len(parts))}
    found = []
    for target in targets:
        parts = target.split(".")
        found += [
            ".".join(parts[:n])
            for n in range(1, len(parts) + 1)
            if ".".join(parts[:n]) in SOURCES and ".".join(parts[:n]) not in holding
        ]
    return found


def imports(module: str) -> tuple[set[str], list[tuple[str, str]]]:
    """(modules imported when ``module`` is, imports inside its functions)."""
    tree = ast.parse(SOURCES[module].read_text(encoding="utf-8"))
    at_load: set[str] = set()
    in_functions: list[tuple[str, str]] = []

    def visit(node, function=None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
            elif isinstance(child, ast.Import | ast.ImportFrom):
                for target in imported(child, module):
                    if function is None:
                        at_load.add(target)
                    else:
                        in_functions.append((function, target))
            else:
                visit(child, function)

    visit(tree)
    at_load.discard(module)
    return at_load, in_functions


GRAPH = {module: imports(module)[0] for module in SOURCES}


def cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(GRAPH[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            connect(node)
    return found


def below(package: str) -> dict[str, set[str]]:
    return {
        m: deps for m, deps in GRAPH.items() if m.split(".")[:2] == package.split(".")
    }


def test_the_project_imports_without_a_cycle():
    assert cycles() == []


def test_a_cycle_would_be_found(monkeypatch):
    monkeypatch.setitem(GRAPH, "cases.search", GRAPH["cases.search"] | {"cases.models"})
    assert any("cases.models" in group for group in cycles())


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_no_project_module_is_imported_inside_a_function(module):
    dodged = [
        (function, target)
        for function, target in imports(module)[1]
        if not (module.endswith(".apps") and function == "ready")
    ]
    assert dodged == []


def test_the_settings_package_imports_no_app():
    for module, deps in below("govcases").items():
        assert not {d for d in deps if not d.startswith("govcases")}, module


@pytest.mark.parametrize(
    ("package", "allowed"),
    [
        ("cases.search", ("cases.search",)),
        ("cases.lib", ("cases.lib",)),
    ],
)
def test_lower_rooms_import_nothing_above_them(package, allowed):
    leaks = defaultdict(set)
    for module, deps in GRAPH.items():
        if module == package or module.startswith(package + "."):
            for dep in deps:
                if dep != "cases" and not dep.startswith(allowed):
                    leaks[module].add(dep)
    assert dict(leaks) == {}


def test_the_product_never_imports_the_benchmarks():
    for module, deps in GRAPH.items():
        if not module.startswith("benchmarks"):
            assert not {d for d in deps if d.startswith("benchmarks")}, module
