"""The package's folders are its layers: each imports only from the layers below it, and no module imports its way back to itself.

Every import counts: at the top of a module, inside a function, and under
TYPE_CHECKING. A new module goes into the folder of the layer it belongs to;
a module that needs something of a layer above it asks for it as an argument.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# Lowest first. A module of a layer may import from its own layer and the layers before it.
LAYERS = [
    "core",  # problems, schemas, digests, memos, dates, files and caches: no knowledge of a site
    "formats",  # Atom, iCalendar, sitemaps, CSP, event data: text from plain values
    "inputs",  # site.toml, pages, data files, photographs, static files, the schedule, languages
    "i18n",  # catalogs, plural forms, PO files, segments, translation states
    "templating",  # the Jinja2 environment, rendering, Markdown's own extensions, the catalogs' templates
    "model",  # the frozen site: routes, page bodies, the conference, the programme
    "views",  # exactly what each template sees
    "outputs",  # the kinds of output, server rules, the search index
    "build",  # planning, signing, rendering in the pool, writing, the swap, the lock
    "commands",  # preview, check, the translators' and the new-site commands
    "cli",  # the command line
    "__main__",  # python -m sitegen
]


def imports_of(path: Path, module: str) -> set[str]:
    """Every sitegen module ``path`` imports, wherever in the file the import is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found |= {target, *(f"{target}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def module_graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return {module: {name for name in imports_of(path, module) if name in modules and name != module} for module, path in modules.items()}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None  # None: the package's own __init__


def test_every_module_lives_in_a_layer():
    assert sorted({layer for module in module_graph() if (layer := layer_of(module))} - set(LAYERS)) == []


def test_each_layer_imports_only_from_the_layers_below_it():
    rank = {layer: index for index, layer in enumerate(LAYERS)}
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in module_graph().items()
        for target in targets
        if (below := layer_of(module)) and (above := layer_of(target)) and rank[above] > rank[below]
    )
    assert upward == []


def test_no_module_imports_its_way_back_to_itself():
    graph = module_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_checks_see_an_import_hidden_in_a_function_or_under_type_checking(tmp_path):
    module = tmp_path / "late.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sitegen.build import writer\n\ndef f():\n    from ..commands import preview\n"
    )
    assert {"sitegen.build.writer", "sitegen.commands.preview"} <= imports_of(module, "sitegen.inputs.late")
