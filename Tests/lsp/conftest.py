"""What the end-to-end tests of `syllabus lsp` share: the binary, a fresh copy of the sample
course for each test, and a client that speaks to the server as an editor does (pytest-lsp)."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("SYLLABUS_BIN") or str(ROOT / ".build" / "debug" / "syllabus")
# The server is started on this folder; each test fills it before the session starts.
COURSE = pathlib.Path(tempfile.mkdtemp(prefix="syllabus-lsp-e2e-")) / "Content"


def fresh_course(edits=None):
    """The sample course copied into COURSE, with `edits` (path -> function of the text) made."""
    if COURSE.exists():
        shutil.rmtree(COURSE)
    shutil.copytree(ROOT / "Content", COURSE)
    for path, edit in (edits or {}).items():
        file = COURSE / path
        file.write_text(edit(file.read_text(encoding="utf-8")), encoding="utf-8")


def uri(path):
    return (COURSE / path).resolve().as_uri()


def check_json():
    """`syllabus check --format json` of COURSE."""
    run = subprocess.run([BINARY, "check", "--no-cache", "--format", "json", str(COURSE)], capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    return run


def start_session_params(capabilities):
    return types.InitializeParams(capabilities=capabilities, root_uri=COURSE.parent.as_uri(),
                                  workspace_folders=[types.WorkspaceFolder(uri=COURSE.parent.as_uri(), name="course")])


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def client(lsp_client: LanguageClient, request):
    """A session on the sample course as Neovim's client presents itself; a test may name its
    own course edits with @pytest.mark.course({...})."""
    marker = request.node.get_closest_marker("course")
    fresh_course(marker.args[0] if marker else None)
    await lsp_client.initialize_session(start_session_params(pytest_lsp.client_capabilities("neovim")))
    yield
    await lsp_client.shutdown_session()


def pytest_configure(config):
    config.addinivalue_line("markers", "course(edits): edits to the sample course before the session")
