"""Neovim's built-in LSP client, headless, on `syllabus lsp`: it opens a page of the sample
course with a broken reference and reads its diagnostics; and an author's session in it types a
broken reference, completes the title, asks for the references of a page, renames it, and
leaves a course `syllabus check` finds nothing in."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

from conftest import BINARY, COURSE, fresh_course

SCRIPT = pathlib.Path(__file__).with_name("neovim_smoke.lua")
SESSION = pathlib.Path(__file__).with_name("neovim_session.lua")


def run_neovim(script, page):
    """Runs `script` in a headless Neovim with `page` of COURSE; the lines it wrote."""
    out = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    env = dict(os.environ, SYLLABUS_BIN=str(pathlib.Path(BINARY).resolve()), SMOKE_ROOT=str(COURSE.parent),
               SMOKE_PAGE=str(COURSE / page), SMOKE_OUT=str(out), XDG_CONFIG_HOME=str(out.parent), XDG_DATA_HOME=str(out.parent),
               XDG_STATE_HOME=str(out.parent))
    run = subprocess.run(["nvim", "--headless", "--clean", "-n", "-c", f"luafile {script}"], env=env, cwd=COURSE.parent,
                         capture_output=True, text=True, timeout=120)
    assert out.exists(), run.stderr
    return out.read_text().splitlines()


@pytest.mark.skipif(shutil.which("nvim") is None, reason="nvim is not installed (Debian: apt-get install neovim); CI installs it")
def test_neovim_reads_the_diagnostics_of_an_open_page():
    page = "articles/fierce-compassion.md"
    fresh_course({page: lambda text: text + '\n\nSee [see: "Why Receving Is Hard"].\n'})
    lines = (COURSE / page).read_text(encoding="utf-8").split("\n")
    found = run_neovim(SCRIPT, page)
    line = next(i for i, text in enumerate(lines) if "Receving" in text)
    assert found == [f'{line}:4 unknown-reference no page titled "Why Receving Is Hard" | did you mean "Why Receiving Is Hard"?']


@pytest.mark.skipif(shutil.which("nvim") is None, reason="nvim is not installed (Debian: apt-get install neovim); CI installs it")
def test_an_authors_session_in_neovim_types_completes_finds_references_and_renames():
    page = "articles/fierce-compassion.md"
    fresh_course()
    found = run_neovim(SESSION, page)
    assert found[0] == "diagnostic 0:4 unknown-reference", found
    assert "completion Why Receiving Is Hard" in found
    assert "diagnostics after completing 0" in found
    references = next(line for line in found if line.startswith("references in "))
    assert int(references.split()[2]) >= 3, found
    assert found[-1] == "renamed", found
    run = subprocess.run([BINARY, "check", "--no-cache", str(COURSE)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Why Taking In Care Is Hard" in (COURSE / page).read_text(encoding="utf-8")
    assert "Why Taking In Care Is Hard" in (COURSE / "lessons/letting-help-land.md").read_text(encoding="utf-8")
