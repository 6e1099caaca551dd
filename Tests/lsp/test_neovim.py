"""Neovim's built-in LSP client, headless, opens a page of the sample course with a broken
reference and reads its diagnostics from `syllabus lsp`."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

from conftest import BINARY, COURSE, fresh_course

SCRIPT = pathlib.Path(__file__).with_name("neovim_smoke.lua")


@pytest.mark.skipif(shutil.which("nvim") is None, reason="nvim is not installed (Debian: apt-get install neovim); CI installs it")
def test_neovim_reads_the_diagnostics_of_an_open_page():
    page = "articles/fierce-compassion.md"
    fresh_course({page: lambda text: text + '\n\nSee [see: "Why Receving Is Hard"].\n'})
    lines = (COURSE / page).read_text(encoding="utf-8").split("\n")
    out = pathlib.Path(tempfile.mkdtemp()) / "diagnostics.txt"
    env = dict(os.environ, SYLLABUS_BIN=str(pathlib.Path(BINARY).resolve()), SMOKE_ROOT=str(COURSE.parent),
               SMOKE_PAGE=str(COURSE / page), SMOKE_OUT=str(out), XDG_CONFIG_HOME=str(out.parent), XDG_DATA_HOME=str(out.parent),
               XDG_STATE_HOME=str(out.parent))
    run = subprocess.run(["nvim", "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"], env=env, cwd=COURSE.parent,
                         capture_output=True, text=True, timeout=60)
    assert out.exists(), run.stderr
    found = out.read_text().splitlines()
    line = next(i for i, text in enumerate(lines) if "Receving" in text)
    assert found == [f'{line}:4 unknown-reference no page titled "Why Receving Is Hard" | did you mean "Why Receiving Is Hard"?']
