"""Writes a lesson notebook from a list of (kind, source) cells, so notebooks stay reviewable
as plain Python in tools/notebooks/ and are regenerated, not edited by hand.

    python tools/make_notebook.py tools/notebooks/00_manifests.py notebooks/00-manifests.ipynb
"""

from __future__ import annotations

import runpy
import sys

import nbformat


def build(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in cells:
        source = source.strip("\n")
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(source))
    return nb


def main() -> None:
    spec, out = sys.argv[1], sys.argv[2]
    cells = runpy.run_path(spec)["CELLS"]
    nbformat.write(build(cells), out)


if __name__ == "__main__":
    main()
