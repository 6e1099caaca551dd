"""The server's diagnostics for the sample course with errors injected equal
`syllabus check --format json`, finding for finding."""
import asyncio
import json

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import COURSE, check_json, uri

INJECTED = {
    "articles/fierce-compassion.md": lambda t: t + '\n\nSee [see: "Why Receving Is Hard"] and [[Soothing Breth#Nowhere]].\n\n![](missing.png)\n',
    "lessons/soothing-breath.md": lambda t: t.replace("title:", "prerequisites: [\"Nothing Here\"]\ntitle:", 1) + "\n[x](../lessons/nowhere.md#top)\n",
    "episodes/the-kind-voice-inside.md": lambda t: t + '\n\nSee [see: "Learning to Be Helped" @ 99:00] and [see: "A" @ 3:75].\n\n## Twice\n\n## Twice\n',
    "course.yml": lambda t: t.replace("checks:", "checks:\n  missing-alt-text: error", 1) if "checks:" in t else t + "\nchecks:\n  missing-alt-text: error\n",
}


def character_column(line_text, utf16):
    """The 1-based character column of a UTF-16 offset on a line."""
    return len(line_text.encode("utf-16-le")[: utf16 * 2].decode("utf-16-le")) + 1


@pytest.mark.course(INJECTED)
async def test_server_diagnostics_equal_check_json(client: LanguageClient):
    expected = json.loads(check_json().stdout)["diagnostics"]
    files = {d["file"] for d in expected}
    assert len(expected) >= 8

    def wanted():
        return {uri(f.removeprefix("Content/").removeprefix(str(COURSE) + "/")) for f in files}

    async def wait():
        while not wanted() <= set(client.diagnostics):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    await asyncio.wait_for(wait(), 20)

    found = []
    for file_uri, diagnostics in client.diagnostics.items():
        path = file_uri.removeprefix(COURSE.resolve().as_uri() + "/")
        lines = (COURSE / path).read_text(encoding="utf-8").split("\n")
        for d in diagnostics:
            line = d.range.start.line
            found.append((path, line + 1, character_column(lines[line], d.range.start.character), d.code,
                          "error" if d.severity == types.DiagnosticSeverity.Error else "warning", d.message.split("\n")[0]))
    wanted_list = [(d["file"].removeprefix(str(COURSE) + "/"), d["line"] or 1, d["column"] or 1, d["rule"], d["severity"], d["message"])
                   for d in expected]
    assert sorted(found) == sorted(wanted_list)
