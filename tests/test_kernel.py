"""The shared kernel is the core app; vaekstcenter/ is the wiring, and no app imports it."""

import ast
import graphlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.models import DBTaskResult

from core.mail import deliver_email
from core.periodic import run_periodic_jobs

BASE_DIR = Path(__file__).resolve().parent.parent
# The old module paths are meant (kernel-rewrite: leave alone).


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_app_imports_the_project_wiring():
    """An app's code builds on core, never on vaekstcenter (its tests may use the settings)."""
    offenders = []
    for config in apps.get_app_configs():
        folder = Path(config.path)
        if folder.is_relative_to(BASE_DIR / ".venv") or not folder.is_relative_to(BASE_DIR):
            continue
        for path in folder.rglob("*.py"):
            if "tests" in path.relative_to(folder).parts or path.name.startswith("test"):
                continue
            for module in _imported_modules(path):
                if module == "vaekstcenter" or module.startswith("vaekstcenter."):
                    offenders.append(f"{path.relative_to(BASE_DIR)}: {module}")
    assert offenders == []


def _app_folders():
    for config in apps.get_app_configs():
        folder = Path(config.path)
        if folder.is_relative_to(BASE_DIR) and not folder.is_relative_to(BASE_DIR / ".venv"):
            yield folder


def _module_name(path: Path) -> str:
    parts = path.relative_to(BASE_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _statements_run_on_import(body):
    """The statements Python runs when it imports the module: not function bodies (a lazy
    import there runs only when called) nor ``if TYPE_CHECKING:`` blocks."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _statements_run_on_import(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            yield from _statements_run_on_import(getattr(node, field, []))


def _module_level_imports(path: Path, package: str):
    """The dotted names a module imports when it is imported, relative imports resolved, and
    ``from package import submodule`` counted as importing the submodule."""
    for node in _statements_run_on_import(ast.parse(path.read_text()).body):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = (
                ".".join([*base, node.module] if node.module else base)
                if node.level
                else node.module
            )
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def test_no_two_modules_of_an_app_import_each_other_at_module_level():
    """Within an app, imports run one way: no module imports another that (directly or through
    others of the app) imports it back. A circle works only by luck of import order, and says
    that code sits in the wrong module."""
    cycles = []
    for folder in _app_folders():
        paths = {_module_name(path): path for path in folder.rglob("*.py")}
        graph = {}
        for name, path in paths.items():
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            graph[name] = {
                imported
                for imported in _module_level_imports(path, package)
                if imported in paths and imported != name
            }
        try:
            graphlib.TopologicalSorter(graph).prepare()
        except graphlib.CycleError as error:
            cycles.append(" -> ".join(error.args[1]))
    assert cycles == []


def test_the_kernel_keeps_its_label_so_existing_tables_and_rows_stay():
    config = apps.get_app_config("vaekstcenter")
    assert config.name == "core"
    assert apps.get_model("vaekstcenter", "RateLimitCounter")._meta.db_table == (
        "vaekstcenter_ratelimitcounter"
    )


@pytest.mark.django_db(transaction=True)
def test_tasks_queued_before_the_move_are_found_after_it():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("vaekstcenter", "0003_rate_limits_and_page_cache")])
    old_paths = ["vaekstcenter.mail.deliver_email", "vaekstcenter.periodic.run_periodic_jobs"]
    for old_path in old_paths:
        DBTaskResult.objects.create(
            task_path=old_path,
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            queue_name="default",
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert not paths & set(old_paths)
    assert {deliver_email.module_path, run_periodic_jobs.module_path} <= paths
