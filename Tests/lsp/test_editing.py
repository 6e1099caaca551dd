"""`syllabus lsp` driven as an editor drives it: open a page, type, read the diagnostics,
complete, rename and apply the returned edits, then `syllabus check` finds nothing."""
import asyncio
import json

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import COURSE, check_json, uri

PAGE = "articles/fierce-compassion.md"


async def diagnostics_of(client, path, predicate, timeout=10):
    """Waits until the diagnostics of `path` satisfy `predicate`: pulled, as Neovim pulls those
    of an open buffer, or as pushed, for a client that does not pull."""
    pulls = client.capabilities.text_document.diagnostic is not None

    async def current():
        if not pulls:
            return client.diagnostics.get(uri(path))
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path))))
        return report.items

    async def wait():
        while not predicate(found := await current()):
            if pulls:
                await asyncio.sleep(0.05)
            else:
                await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return found
    return await asyncio.wait_for(wait(), timeout)


def apply_text_edits(text, edits):
    """The text after LSP text edits (UTF-16 positions), applied from the end."""
    lines = text.split("\n")
    def offset(position):
        line = lines[position.line] if position.line < len(lines) else ""
        units = line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return sum(len(l) + 1 for l in lines[: position.line]) + len(units)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
        lines = text.split("\n")
    return text


def apply_workspace_edit(edit):
    changes = dict(edit.changes or {})
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit):
            changes.setdefault(change.text_document.uri, []).extend(change.edits)
    for file_uri, edits in changes.items():
        path = file_uri.removeprefix("file://")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(apply_text_edits(text, edits))
    return changes


async def test_a_broken_reference_shows_as_it_is_typed_and_completion_mends_it(client: LanguageClient):
    text = (COURSE / PAGE).read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri(PAGE), language_id="markdown", version=1, text=text)))
    await diagnostics_of(client, PAGE, lambda found: found is not None and len(found) == 0)
    end = len(text.split("\n")) - 1
    typed = 'See [see: "Why Receving Is Hard"].'
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(PAGE), version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=end, character=0), end=types.Position(line=end, character=0)), text=typed)]))
    found = await diagnostics_of(client, PAGE, lambda found: bool(found))
    assert [d.code for d in found] == ["unknown-reference"]
    assert 'did you mean "Why Receiving Is Hard"?' in found[0].message
    assert found[0].code_description.href.endswith("#unknown-reference")
    assert found[0].range.start == types.Position(line=end, character=4)

    # Completion at the misspelt title offers the right one; its edit mends the reference.
    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(PAGE)), position=types.Position(line=end, character=len('See [see: "Why Rec'))))
    items = completion.items if hasattr(completion, "items") else completion
    chosen = next(item for item in items if item.label == "Why Receiving Is Hard")
    edit = chosen.text_edit
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(PAGE), version=3),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=edit.range.start, end=types.Position(line=end, character=len('See [see: "Why Receving Is Hard'))),
            text=edit.new_text)]))
    await diagnostics_of(client, PAGE, lambda found: found is not None and len(found) == 0)

    # The quick fix of a second misspelling, applied, leaves nothing to report.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(PAGE), version=4),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=end + 1, character=0), end=types.Position(line=end + 1, character=0)),
            text='\nAnd [see: "Soothing Breth"].')]))
    found = await diagnostics_of(client, PAGE, lambda found: bool(found))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(PAGE)), range=found[0].range,
        context=types.CodeActionContext(diagnostics=found)))
    fix = next(action for action in actions if action.is_preferred)
    assert fix.kind == types.CodeActionKind.QuickFix
    edits = fix.edit.changes[uri(PAGE)]
    line = 'And [see: "Soothing Breth"].'
    mended = apply_text_edits(line, [types.TextEdit(range=types.Range(
        start=types.Position(line=0, character=e.range.start.character), end=types.Position(line=0, character=e.range.end.character)),
        new_text=e.new_text) for e in edits])
    assert mended in ('And [see: "Soothing Breath"].', 'And [see: "soothing-breath"].')


async def test_hover_definition_and_references_of_a_title(client: LanguageClient):
    path = "lessons/letting-help-land.md"
    lines = (COURSE / path).read_text(encoding="utf-8").split("\n")
    line = next(i for i, l in enumerate(lines) if l.startswith("prerequisites:"))
    character = lines[line].index("Why Receiving") + 2
    position = types.Position(line=line, character=character)
    document = types.TextDocumentIdentifier(uri=uri(path))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=document, position=position))
    assert "**Why Receiving Is Hard** · lesson" in hover.contents.value
    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=document, position=position))
    target = definition[0] if isinstance(definition, list) else definition
    assert target.uri == uri("lessons/why-receiving-is-hard.md")
    references = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri("lessons/why-receiving-is-hard.md")), position=types.Position(line=1, character=10),
        context=types.ReferenceContext(include_declaration=False)))
    assert uri(path) in {location.uri for location in references}
    assert len(references) >= 3


async def test_renaming_a_title_rewrites_the_course_and_check_stays_clean(client: LanguageClient):
    path = "lessons/why-receiving-is-hard.md"
    document = types.TextDocumentIdentifier(uri=uri(path))
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=document, position=types.Position(line=1, character=12)))
    assert prepared.placeholder == "Why Receiving Is Hard"
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=document, position=types.Position(line=1, character=12), new_name="Why Taking In Care Is Hard"))
    changed = apply_workspace_edit(edit)
    assert len(changed) >= 3
    run = check_json()
    assert run.returncode == 0, run.stdout
    assert "Why Taking In Care Is Hard" in (COURSE / "lessons/letting-help-land.md").read_text(encoding="utf-8")


async def test_moving_a_page_keeps_its_links(client: LanguageClient):
    old, new = "lessons/soothing-breath.md", "lessons/body/soothing-breath.md"
    edit = await client.workspace_will_rename_files_async(types.RenameFilesParams(
        files=[types.FileRename(old_uri=uri(old), new_uri=uri(new))]))
    if edit is not None:
        apply_workspace_edit(edit)
    (COURSE / new).parent.mkdir(parents=True, exist_ok=True)
    (COURSE / old).rename(COURSE / new)
    run = check_json()
    assert run.returncode == 0, run.stdout


async def test_symbols(client: LanguageClient):
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="receiving"))
    assert "Why Receiving Is Hard" in {symbol.name for symbol in symbols}
    outline = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri("episodes/learning-to-be-helped.md"))))
    assert any(symbol.name.startswith("@ ") for symbol in outline)
