"""Package-level checks: import weight, layer order, README quick start, CLI."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cultureservice import cli

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cultureservice"

# A module may import only modules of a lower rank (kernels and helpers first).
LAYERS = [
    {"errors"},
    {"_validation"},
    {"_time", "_data"},
    {"_kernels"},
    {"queueing", "calendar"},
    {"culture"},
    {"sla", "sim", "kpi", "messages"},
    {"planning"},
    {"plot", "dask"},
    {"cli"},
    {"__main__"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _top(module: str) -> str:
    return module.split(".")[1] if module.startswith("cultureservice.") else ""


def _modules() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent.name == "_kernels"]


def test_import_is_light():
    code = "import sys, cultureservice; print(sorted(m for m in ('numba', 'pandas', 'matplotlib', 'dask') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_downwards(path):
    name = path.stem if path.parent == SRC else path.parent.name
    assert name in RANK, f"{name} is not placed in a layer of tests/test_package.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            top = _top(target)
            if top and top in RANK and top != name:
                assert RANK[top] < RANK[name] or (name == "_kernels" and top == "_kernels"), (
                    f"{path.name} imports {target}: layer {RANK[top]} is not below {RANK[name]}"
                )


def _quick_start_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README quick start has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_readme_quick_start_has_two_commands_and_ci_runs_the_second():
    lines = _quick_start_block()
    assert len(lines) == 2
    install, tests = lines
    assert "pip install" in install and "cultureservice" in install.split("&&")[-1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci


def test_cli_staff_prints_a_table(capsys):
    assert cli.main(["staff", "--calls", "120", "--patience", "90"]) == 0
    out = capsys.readouterr().out
    assert "Erlang A" in out and re.search(r"^\s+120\s+20\.00\s+\d+", out, re.M)


def test_cli_bad_argument_exits_2_with_message(capsys):
    assert cli.main(["staff", "--service-level", "80"]) == 2
    assert "service_level must be in (0, 1); got 80.0" in capsys.readouterr().err


def test_cli_infeasible_exits_3(capsys):
    assert cli.main(["staff", "--calls", "1e9", "--interval", "1"]) == 3
    assert "max_agents" in capsys.readouterr().err


def test_module_entry_point_runs():
    out = subprocess.run(
        [sys.executable, "-m", "cultureservice", "staff", "--calls", "10"], capture_output=True, text=True, check=True
    ).stdout
    assert "agents" in out
