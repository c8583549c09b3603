"""No import cycles between the project's modules.

The graph is read from the source (the AST), with every import: those at the
top of a module and those inside functions and methods alike, since a lazy
import that only hides a cycle is still a cycle (the two modules still need
each other; only the order in which they may load is left to luck).

A node is a module (``editorial.content``; a package is its ``__init__``). An
edge goes to the module an import names: ``from editorial import content``
names ``editorial.content``, ``from podcasts.models import Page`` names
``podcasts.models``. Importing a submodule also runs its packages'
``__init__``; that is not counted as the package's own imports, as in other
cycle checkers (a package re-exporting its modules is no cycle).
"""

import ast
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("editorial", "articles", "glossary", "podcasts", "site_config")

# Cycles of exactly these modules would be tolerated: none is.
ALLOWED_CYCLES = set()


def module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root, packages):
    """``{module name: path}`` of every Python file of ``packages``."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(path, root)] = path
    return modules


def _resolve(name, modules):
    """The project module ``name`` loads: itself, or its longest prefix that
    is a module (``editorial.content.Visibility`` is no module); None outside
    the project."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module, path, modules):
    """``{(target module, line)}``: the project modules ``module`` imports,
    wherever the import statement stands."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop] if drop else base
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            # ``from package import submodule`` names the submodule.
            names = [
                f"{prefix}.{alias.name}"
                if f"{prefix}.{alias.name}" in modules
                else prefix
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.add((target, node.lineno))
    return found


def import_graph(root=ROOT, packages=PACKAGES):
    """``{module: {imported module: first line}}``."""
    modules = project_modules(root, packages)
    graph = {}
    for module, path in modules.items():
        edges = graph.setdefault(module, {})
        for target, line in sorted(imports_of(module, path, modules)):
            edges.setdefault(target, line)
    return graph


def strongly_connected(graph):
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def a_cycle(graph, component):
    """One cycle through the component, as ``a -> b -> … -> a`` with lines."""
    start = min(component)
    # Breadth-first from start back to start, inside the component.
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node]):
            if target not in component:
                continue
            if target == start:
                path = paths[node] + [start]
                return (
                    " -> ".join(f"{a} (line {graph[a][b]})" for a, b in pairwise(path))
                    + f" -> {start}"
                )
            if target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    return ", ".join(sorted(component))


def cycles(graph, allowed=ALLOWED_CYCLES):
    """One cycle per tangle of modules that import each other (a strongly
    connected component), with the tangle's other modules if any."""
    found = []
    for component in strongly_connected(graph):
        if component in allowed:
            continue
        cycle = a_cycle(graph, component)
        others = sorted(name for name in component if f"{name} (line" not in cycle)
        found.append(
            cycle + (f" [also tangled: {', '.join(others)}]" if others else "")
        )
    return found


def test_the_project_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "Import cycles:\n" + "\n".join(found)


def test_the_graph_sees_module_and_function_level_imports():
    """Guard against a checker that finds nothing."""
    graph = import_graph()
    # Module level, ``from package import module`` form.
    assert "editorial.cache_tags" in graph["editorial.content"]
    # Function level (EditorialPageMixin.see_also).
    assert "editorial.see_also" in graph["editorial.models.pages"]
    # Relative, to a package's __init__.
    assert "podcasts.models" in graph["podcasts.api"]
    # Across packages.
    assert "glossary.api" in graph["site_config.api"]


def _write(root, files):
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def test_a_lazy_import_closing_a_cycle_is_found(tmp_path):
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            # models -> sub.deep, lazily, in a method, closes the cycle
            # models -> sub.deep -> feeds -> models.
            "pkg/models.py": (
                "from pkg.other import thing\n\n"
                "class Model:\n"
                "    def feed(self):\n"
                "        from pkg.sub import deep\n"
                "        return deep.f()\n"
            ),
            "pkg/other.py": "thing = 1\n",
            "pkg/feeds.py": "from .models import thing\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/deep.py": (
                "def f():\n    from ..feeds import thing\n    return thing\n"
            ),
        },
    )
    graph = import_graph(tmp_path, ["pkg"])
    assert graph["pkg.sub.deep"] == {"pkg.feeds": 2}
    found = cycles(graph, allowed=set())
    assert found == [
        "pkg.feeds (line 1) -> pkg.models (line 5) -> pkg.sub.deep (line 2) -> pkg.feeds"
    ]
    # An allowed cycle is exactly its modules.
    assert cycles(graph, {frozenset({"pkg.feeds", "pkg.models"})}) == found
    assert cycles(graph, {frozenset({"pkg.feeds", "pkg.models", "pkg.sub.deep"})}) == []
