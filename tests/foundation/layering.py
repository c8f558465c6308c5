"""The floor plan, as rules checked on every import of every module of the project (test_layering.py).

- The ground is `csc` (platform plumbing and the registries) and `accounts` (staff, roles). `csc` imports no
  other app of the project; `accounts` imports only `csc`.
- A domain app imports the ground, and another domain app only where it truly uses it — and then only that
  app's public modules: `models`, `choices`, `services`, `selectors`, plus what the app declares in its
  AppConfig's `public_modules`. Never another app's views, API, tasks, forms, admin or URLconf.
- No two apps import each other, directly or round a circle: the apps form layers.
- Imports of another app sit at the top of a module (none hidden in a function to dodge a circle), and no model
  is fetched by name with `apps.get_model` outside migrations.
The project's own settings and root URLconf name apps as dotted strings (INSTALLED_APPS, include()): not imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

GROUND = ("csc", "accounts")
GROUND_MAY_IMPORT = {"csc": set(), "accounts": {"csc"}}
DEFAULT_PUBLIC = frozenset({"models", "choices", "services", "selectors"})
NEVER_IMPORTED = frozenset({"views", "tasks", "urls", "api", "admin", "forms", "demo", "templatetags", "management"})
NEVER_IMPORTED_FROM_GROUND = frozenset({"views", "tasks", "urls", "admin"})  # its api and demo are plumbing
SKIPPED_DIRS = {"tests", "bench", ".venv", "var", "node_modules", "__pycache__", "static", "templates", "locale"}


@dataclass(frozen=True)
class Edge:
    path: str  # the importing file, relative to the project root
    line: int
    source: str  # the importing app
    target: str  # the imported app
    module: str  # the imported dotted name
    nested: bool  # inside a function or class body, not at the module's top


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def project_apps(root: Path) -> list[str]:
    """Top-level packages with an apps.py: the project's own Django apps."""
    return sorted(p.parent.name for p in root.glob("*/apps.py") if p.parent.name not in SKIPPED_DIRS)


def python_files(root: Path, apps: Iterable[str]) -> Iterable[Path]:
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if not SKIPPED_DIRS.intersection(path.relative_to(root).parts[1:]):
                yield path


class _Imports(ast.NodeVisitor):
    def __init__(self):
        self.depth = 0
        self.found: list[tuple[int, str, bool]] = []  # line, module, nested
        self.get_model_calls: list[int] = []
        self.uses_app_registry = False

    def _scoped(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_Import(self, node):
        for alias in node.names:
            self.found.append((node.lineno, alias.name, self.depth > 0))

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            for alias in node.names:
                # "from tickets import services" names the module tickets.services
                self.found.append((node.lineno, f"{node.module}.{alias.name}", self.depth > 0))

    def visit_Call(self, node):
        func = node.func
        # django.apps.apps.get_model("app", "Model"); a migration's historical `apps` parameter is another thing
        if isinstance(func, ast.Attribute) and func.attr == "get_model" and self.uses_app_registry:
            self.get_model_calls.append(node.lineno)
        self.generic_visit(node)


def edges_of(source_code: str, *, path: str, app: str, apps: Iterable[str]) -> tuple[list[Edge], list[int]]:
    """The imports of other project apps in one module, and the lines that call get_model."""
    visitor = _Imports()
    visitor.uses_app_registry = "from django.apps import apps" in source_code or "django.apps.apps" in source_code
    visitor.visit(ast.parse(source_code, filename=path))
    known = set(apps)
    edges = []
    for line, module, nested in visitor.found:
        target = module.split(".")[0]
        if target in known and target != app:
            edges.append(Edge(path, line, app, target, module, nested))
    return edges, visitor.get_model_calls


def _imported_module(edge: Edge) -> str:
    """The module of the target app that is imported: tickets.services.x → services; tickets.api.views → api."""
    parts = edge.module.split(".")
    return parts[1] if len(parts) > 1 else ""


def check(
    sources: Iterable[tuple[str, str, str]], *, apps: Iterable[str], public: dict[str, frozenset[str]]
) -> list[Violation]:
    """Every broken rule in `sources` — (path, app, code) triples — naming the file and line."""
    apps = list(apps)
    violations: list[Violation] = []
    graph: dict[str, set[str]] = {app: set() for app in apps}
    first_edge: dict[tuple[str, str], Edge] = {}
    for path, app, code in sources:
        is_migration = "/migrations/" in f"/{path}"
        edges, get_model_lines = edges_of(code, path=path, app=app, apps=apps)
        if not is_migration:
            violations += [
                Violation(path, line, "apps.get_model by name hides a dependency: import the model (or use a FK)")
                for line in get_model_lines
            ]
        for edge in edges:
            graph[app].add(edge.target)
            first_edge.setdefault((app, edge.target), edge)
            if is_migration:
                continue  # migrations are history: they may name any app's code of their time
            if app in GROUND and edge.target not in GROUND_MAY_IMPORT[app]:
                violations.append(Violation(path, edge.line, f"the ground ({app}) imports {edge.module}"))
                continue
            module = _imported_module(edge)
            allowed = public.get(edge.target, DEFAULT_PUBLIC)
            never = NEVER_IMPORTED_FROM_GROUND if edge.target in GROUND else NEVER_IMPORTED
            if module in never:
                violations.append(
                    Violation(path, edge.line, f"{edge.module}: another app's {module} is never imported")
                )
            elif edge.target not in GROUND and module not in allowed:
                violations.append(
                    Violation(
                        path,
                        edge.line,
                        f"{edge.module} is not public: import {edge.target}'s {', '.join(sorted(allowed))}",
                    )
                )
            if edge.nested and not path.endswith("/apps.py"):
                violations.append(
                    Violation(path, edge.line, f"{edge.module} is imported inside a function: import it at the top")
                )
    for a, b in _circles(graph):
        edge = first_edge[(a, b)]
        back = first_edge[(b, a)] if (b, a) in first_edge else None
        where = f" (and {back.path}:{back.line} back)" if back else ""
        violations.append(
            Violation(edge.path, edge.line, f"{a} and {b} import each other, directly or round a circle{where}")
        )
    return violations


def _circles(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Edges that lie on a cycle of the app graph (a → b where b reaches a)."""

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(graph.get(node, ()))
        return False

    return sorted((a, b) for a, targets in graph.items() for b in targets if reaches(b, a))


def app_edges(root: Path) -> dict[tuple[str, str], int]:
    """How many import statements each app makes of each other app (outside migrations): for the README table."""
    apps = project_apps(root)
    counts: dict[tuple[str, str], int] = {}
    for path in python_files(root, apps):
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in relative:
            continue
        edges, _lines = edges_of(path.read_text(), path=relative, app=relative.split("/")[0], apps=apps)
        for edge in edges:
            counts[(edge.source, edge.target)] = counts.get((edge.source, edge.target), 0) + 1
    return counts
