"""Every notebook in notebooks/ runs top to bottom in a clean kernel and shows real tables and a chart."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GOLD = json.loads((ROOT / "tests" / "gold" / "miit-2018-work-conference.json").read_text(encoding="utf-8"))


def outputs(notebook, mime: str) -> list[str]:
    """The `mime` data of every output of every code cell, in order."""
    return [
        output["data"][mime]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if mime in output.get("data", {})
    ]


def test_there_are_notebooks():
    assert [path.name for path in NOTEBOOKS] == ["explore.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_committed_without_outputs(path: Path):
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert [(cell.outputs, cell.execution_count) for cell in code] == [([], None)] * len(code)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict:
    """Each notebook executed by nbclient in a fresh kernel of this interpreter (a kernelspec made for the
    test, so no user-wide `python3` kernel elsewhere can stand in), from the notebook's own folder."""
    import nbformat
    from ipykernel.kernelspec import install
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    prefix = tmp_path_factory.mktemp("kernel")
    install(kernel_name="kg-test", prefix=str(prefix))  # argv: this sys.executable -m ipykernel_launcher
    specs = KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])
    assert (
        json.loads((prefix / "share/jupyter/kernels/kg-test/kernel.json").read_text())["argv"][0]
        == sys.executable
    )
    done = {}
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        manager = KernelManager(kernel_name="kg-test", kernel_spec_manager=specs)
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=300,
            allow_errors=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute()  # raises CellExecutionError on the first cell that fails
        finally:
            if manager.has_kernel:  # nbclient leaves a kernel it was handed running
                manager.shutdown_kernel(now=True)
        done[path.name] = notebook
    return done


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_without_errors(executed, path: Path):
    notebook = executed[path.name]
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error" or output.get("name") == "stderr"
    ]
    assert errors == []
    assert all(cell.execution_count for cell in notebook.cells if cell.cell_type == "code")


def test_explore_shows_the_officials_and_targets_tables(executed):
    tables = [html for html in outputs(executed["explore.ipynb"], "text/html") if "<table" in html]
    officials = next(html for html in tables if "<th>person</th>" in html and "<th>post</th>" in html)
    for person in GOLD["officials"]:
        assert person["person"] in officials
    targets = next(html for html in tables if "<th>metric</th>" in html and "<th>status</th>" in html)
    missing = [target for target in GOLD["targets"] if f"<td>{float(target['value']):g}</td>" not in targets]
    assert missing == []
    assert "<td>planned</td>" in targets and "<td>estimated</td>" in targets


def test_explore_draws_a_chart(executed):
    images = outputs(executed["explore.ipynb"], "image/png")
    assert len(images) == 1
    png = base64.b64decode(images[0])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_explore_shows_the_graph_page_inline_and_a_centrality_ranking(executed):
    html = outputs(executed["explore.ipynb"], "text/html")
    assert sum('<iframe srcdoc="' in page for page in html) == 1
    ranking = next(table for table in html if "<th>betweenness</th>" in table)
    assert ranking.index("工业和信息化部") < ranking.index("工业和信息化部党组")
