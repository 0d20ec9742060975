"""`sopkit lsp` driven by a real LSP client: every capability, in YAML and
Markdown SOPs, the cross-file rules, and the protocol's edge cases."""

from __future__ import annotations

import asyncio
import json
import pathlib
import subprocess
import time

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import BILLING, REFUND_MD, SOPKIT

# -------------------------------------------------------------- helpers


def pos(text: str, needle: str, skip: int = 0) -> types.Position:
    """The position (UTF-16 columns) of `needle` in `text`, `skip` characters in."""
    at = text.index(needle) + skip
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    column = len(text[start:at].encode("utf-16-le")) // 2
    return types.Position(line=line, character=column)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def at(uri: str, text: str, needle: str, skip: int = 0):
    return {"text_document": doc(uri), "position": pos(text, needle, skip)}


async def published(client: LanguageClient, uri: str, since: int = 0, timeout: float = 10):
    """The diagnostics of the first publication for `uri` after `since`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for u, diagnostics in client.diagnostics.log[since:]:
            if u == uri:
                return diagnostics
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics published for {uri}")


async def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None):
    text = path.read_text(encoding="utf-8") if text is None else text
    uri = path.as_uri()
    since = len(client.diagnostics.log)
    language = "markdown" if path.suffix == ".md" else "yaml"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri, await published(client, uri, since)


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Applies LSP text edits (UTF-16 positions) to a text."""
    lines = text.split("\n")

    def offset(p: types.Position) -> int:
        before = sum(len(l) + 1 for l in lines[: p.line])
        line = lines[p.line] if p.line < len(lines) else ""
        units = line.encode("utf-16-le")[: p.character * 2].decode("utf-16-le")
        return before + len(units)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
        lines = text.split("\n")
    return text


# ---------------------------------------------------------- diagnostics


async def test_diagnostics_on_open_with_rule_code_link_and_related(client, workspace):
    bad = BILLING.replace("next: close", "next: clse").replace("id: escalate", "id: refund")
    uri, diagnostics = await open_doc(client, workspace / "billing.sop.yaml", bad)
    by_code = {d.code: d for d in diagnostics}
    target = by_code["flow/unknown-target"]
    assert target.source == "sopkit"
    assert target.severity == types.DiagnosticSeverity.Error
    assert target.range.start == pos(bad, "clse")
    assert target.range.end == pos(bad, "clse", 4)
    assert "did you mean `close`?" in target.message
    page = pathlib.Path(target.code_description.href.removeprefix("file://"))
    assert page.read_text(encoding="utf-8").startswith("# flow/unknown-target (error)")
    duplicate = by_code["flow/duplicate-step-id"]
    assert duplicate.related_information, "the first definition is related"
    assert duplicate.related_information[0].location.range.start == pos(bad, "id: refund", 4)


async def test_markdown_diagnostics_on_open(client, workspace):
    bad = REFUND_MD.replace("next=close", "next=clos").replace("role=manager}", "role=mgr}")
    uri, diagnostics = await open_doc(client, workspace / "refund.sop.md", bad)
    assert sorted(codes(diagnostics)) == ["flow/unknown-target", "roles/unknown-role"]
    role = next(d for d in diagnostics if d.code == "roles/unknown-role")
    assert role.range.start == pos(bad, "mgr}")


async def test_diagnostics_follow_changes_debounced(client, workspace):
    path = workspace / "billing.sop.yaml"
    uri, diagnostics = await open_doc(client, path)
    assert diagnostics == []
    since = len(client.diagnostics.log)
    # Three quick keystrokes: `close` → `closex` → `closexy` → `closexyz`.
    line = pos(BILLING, "next: close").line
    for version, (column, letter) in enumerate([(15, "x"), (16, "y"), (17, "z")], start=2):
        start = types.Position(line=line, character=column)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(start=start, end=start), text=letter)
                ],
            )
        )
    diagnostics = await published(client, uri, since)
    assert codes(diagnostics) == ["flow/unknown-target"]
    assert "`closexyz`" in diagnostics[0].message
    await asyncio.sleep(0.6)
    after = [u for u, _ in client.diagnostics.log[since:] if u == uri]
    assert len(after) == 1, "the three changes were checked once"


async def test_utf16_columns(client, workspace):
    text = BILLING.replace("text: Greet the customer by name.", 'text: "😀 Greet the customer by name."').replace(
        "role: manager", "role: 😀manager"
    )
    uri, diagnostics = await open_doc(client, workspace / "billing.sop.yaml", text)
    role = next(d for d in diagnostics if d.code == "roles/unknown-role")
    assert role.range.start == pos(text, "😀manager")
    assert role.range.end.character - role.range.start.character == 2 + len("manager")


async def test_cross_file_duplicate_id_sees_the_open_text(client, workspace):
    (workspace / "other.sop.yaml").write_text(BILLING.replace("greet", "hello"), encoding="utf-8")
    uri, diagnostics = await open_doc(client, workspace / "billing.sop.yaml")
    duplicate = [d for d in diagnostics if d.code == "meta/duplicate-id"]
    assert duplicate and "other.sop.yaml" in duplicate[0].message
    since = len(client.diagnostics.log)
    line = pos(BILLING, "id: CS-014").line
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=BILLING.replace("CS-014", "CS-099", 1))],
        )
    )
    diagnostics = await published(client, uri, since)
    assert "meta/duplicate-id" not in codes(diagnostics)
    # The translation's source is now the file on disk, not the open text.
    pt_uri, pt = await open_doc(client, workspace / "billing.pt.sop.yaml")
    assert codes(pt) == ["i18n/translation-mismatch"] * 2
    assert "other.sop.yaml" in pt[0].message


async def test_sopkit_toml_of_the_folder_applies(client, workspace):
    (workspace / "sopkit.toml").write_text('[rules]\n"flow/unknown-target" = "warning"\n', encoding="utf-8")
    uri, diagnostics = await open_doc(client, workspace / "billing.sop.yaml", BILLING.replace("next: close", "next: nope"))
    assert [(d.code, d.severity) for d in diagnostics] == [("flow/unknown-target", types.DiagnosticSeverity.Warning)]


# ------------------------------------------------------------ completion


async def complete(client, uri, text, needle, skip=0) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(types.CompletionParams(**at(uri, text, needle, skip)))
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    return items


async def test_completion_in_yaml(client, workspace):
    uri, _ = await open_doc(client, workspace / "billing.sop.yaml")
    labels = lambda items: sorted(i.label for i in items)  # noqa: E731
    steps = ["check-amount", "close", "escalate", "greet", "refund"]
    items = await complete(client, uri, BILLING, "next: close", len("next: "))
    assert labels(items) == steps
    assert next(i for i in items if i.label == "escalate").detail == "Escalate to the shift manager."
    assert labels(await complete(client, uri, BILLING, '"no": refund', len('"no": '))) == steps
    assert labels(await complete(client, uri, BILLING, "role: manager", len("role: "))) == ["agent", "manager"]
    assert labels(await complete(client, uri, BILLING, "kind: turnaround", len("kind: "))) == ["other", "response", "turnaround"]

    text = BILLING.replace("department: Customer Service\n", "department: Customer Service\nstatus: \n")
    _ = await open_doc(client, workspace / "billing.sop.yaml", text)
    assert labels(await complete(client, uri, text, "status: ", len("status: "))) == ["approved", "draft", "retired", "review"]

    text = BILLING.replace("    duration: 1m\n", "    duration: 1m\n    sc\n")
    await open_doc(client, workspace / "billing.sop.yaml", text)
    items = await complete(client, uri, text, "    sc\n", len("    sc"))
    assert "script" in labels(items) and "id" not in labels(items), "step keys, without those present"
    script = next(i for i in items if i.label == "script")
    assert script.documentation.value == "Words to say."
    assert script.text_edit.new_text == "script: "

    text = BILLING.replace("roles:\n", "ow\nroles:\n")
    await open_doc(client, workspace / "billing.sop.yaml", text)
    top = labels(await complete(client, uri, text, "ow\n", 2))
    assert "owner" in top and "title" not in top, "top-level keys, without those present"


async def test_completion_in_markdown(client, workspace):
    uri, _ = await open_doc(client, workspace / "refund.sop.md")
    labels = lambda items: sorted(i.label for i in items)  # noqa: E731
    steps = ["check", "close", "escalate", "greet", "refund"]
    assert labels(await complete(client, uri, REFUND_MD, "next=close", len("next="))) == steps
    assert labels(await complete(client, uri, REFUND_MD, "yes → escalate", len("yes → "))) == steps
    assert labels(await complete(client, uri, REFUND_MD, "role=manager", len("role="))) == ["agent", "manager"]
    assert labels(await complete(client, uri, REFUND_MD, "status: draft", len("status: "))) == [
        "approved",
        "draft",
        "retired",
        "review",
    ]
    attributes = labels(await complete(client, uri, REFUND_MD, "{#greet role", len("{#greet ")))
    assert attributes == ["duration=", "end", "next=", "role="]

    text = REFUND_MD.replace("## Purpose", "## Pur").replace("status: draft\n", "status: draft\now\n")
    await open_doc(client, workspace / "refund.sop.md", text)
    assert labels(await complete(client, uri, text, "## Pur", len("## Pur"))) == ["Instructions", "Purpose", "Scope", "Terms"]
    front = labels(await complete(client, uri, text, "ow\n", 2))
    assert "owner" in front, "front-matter keys"
    assert "status" not in front and "title" not in front, "without those present or written in the body"


# ----------------------------------------------------------------- hover


async def hover_text(client, uri, text, needle, skip=0) -> str:
    result = await client.text_document_hover_async(types.HoverParams(**at(uri, text, needle, skip)))
    assert result is not None, f"no hover on {needle!r}"
    return result.contents.value


async def test_hover_each_kind(client, workspace):
    uri, _ = await open_doc(client, workspace / "billing.sop.yaml")
    step = await hover_text(client, uri, BILLING, '"yes": escalate', len('"yes": e'))
    assert "Escalate to the shift manager." in step and "`manager`" in step
    role = await hover_text(client, uri, BILLING, "role: manager", len("role: m"))
    assert role == "**role `manager`**: Shift manager on duty"
    term = await hover_text(client, uri, BILLING, "the CRM.", len("the C"))
    assert term == "**CRM**: Customer relationship management system"
    metric = await hover_text(client, uri, BILLING, "target: 2d", len("target: "))
    assert metric.startswith("**Turnaround time**: target `2d` (turnaround")

    md_uri, _ = await open_doc(client, workspace / "refund.sop.md")
    assert "Euro" in await hover_text(client, md_uri, REFUND_MD, "500 EUR", len("500 E"))
    assert "Issue the refund." in await hover_text(client, md_uri, REFUND_MD, "no → refund", len("no → r"))


# ------------------------------------------------- definition, references


async def test_definition_and_references(client, workspace):
    uri, _ = await open_doc(client, workspace / "billing.sop.yaml")
    found = await client.text_document_definition_async(
        types.DefinitionParams(**at(uri, BILLING, "next: close", len("next: c")))
    )
    location = found if isinstance(found, types.Location) else found[0]
    assert location.uri == uri and location.range.start == pos(BILLING, "close\n    text")
    found = await client.text_document_definition_async(
        types.DefinitionParams(**at(uri, BILLING, "role: manager", len("role: m")))
    )
    location = found if isinstance(found, types.Location) else found[0]
    assert location.range.start == pos(BILLING, "manager: Shift")

    refs = await client.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=True),
            **at(uri, BILLING, "id: refund", len("id: r")),
        )
    )
    assert [r.range.start for r in refs] == [pos(BILLING, "refund\n    text"), pos(BILLING, "refund\n  - id")]
    roles = await client.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=False),
            **at(uri, BILLING, "agent: Customer", 1),
        )
    )
    assert len(roles) == 4

    md_uri, _ = await open_doc(client, workspace / "refund.sop.md")
    found = await client.text_document_definition_async(
        types.DefinitionParams(**at(md_uri, REFUND_MD, "next=close", len("next=c")))
    )
    location = found if isinstance(found, types.Location) else found[0]
    assert location.range.start == pos(REFUND_MD, "close role=agent end")


# ---------------------------------------------------------------- rename


async def test_rename_a_step_across_its_translation(client, workspace):
    uri, _ = await open_doc(client, workspace / "billing.sop.yaml")
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(**at(uri, BILLING, '"no": refund', len('"no": re')))
    )
    assert prepared.placeholder == "refund"
    assert prepared.range.start == pos(BILLING, 'refund\n  - id: refund')
    nothing = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(**at(uri, BILLING, "purpose: Customers", 12))
    )
    assert nothing is None

    edit = await client.text_document_rename_async(
        types.RenameParams(new_name="credit", **at(uri, BILLING, "id: refund", len("id: r")))
    )
    changes = edit.changes
    assert set(changes) == {uri, (workspace / "billing.pt.sop.yaml").as_uri()}
    renamed = apply(BILLING, changes[uri])
    assert "refund" not in renamed and renamed.count("credit") == 3
    pt = (workspace / "billing.pt.sop.yaml").read_text(encoding="utf-8")
    renamed_pt = apply(pt, changes[(workspace / "billing.pt.sop.yaml").as_uri()])
    assert '"não": credit' in renamed_pt and "- id: credit" in renamed_pt

    with pytest.raises(Exception, match="not a valid step id"):
        await client.text_document_rename_async(
            types.RenameParams(new_name="Not Valid", **at(uri, BILLING, "id: refund", len("id: r")))
        )
    with pytest.raises(Exception, match="already has a step `close`"):
        await client.text_document_rename_async(
            types.RenameParams(new_name="close", **at(uri, BILLING, "id: refund", len("id: r")))
        )


# ------------------------------------------------------------- symbols


async def test_document_symbols_outline(client, workspace):
    for name, text in [("billing.sop.yaml", BILLING), ("refund.sop.md", REFUND_MD)]:
        uri, _ = await open_doc(client, workspace / name)
        symbols = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc(uri))
        )
        (root,) = symbols
        assert root.name.startswith("Handling a")
        sections = {s.name: s for s in root.children}
        assert {"Purpose", "Terms", "Instructions"} <= set(sections)
        steps = sections["Instructions"].children
        assert [s.name for s in steps][:2] == ["greet", "check-amount" if name.endswith("yaml") else "check"]
        decision = steps[1]
        assert decision.kind == types.SymbolKind.Enum and decision.detail.startswith("decision")
        assert [b.name for b in decision.children][0].endswith("→ escalate")


# ---------------------------------------------------------- code actions


async def test_quick_fix_and_fix_all(client, workspace):
    bad = BILLING.replace("next: close", "next: clse").replace("role: manager", "role: manger").replace(
        "kind: turnaround", "kind: turnaround  # sopkit: allow(flow/single-branch)"
    )
    uri, diagnostics = await open_doc(client, workspace / "billing.sop.yaml", bad)
    assert sorted(codes(diagnostics)) == ["flow/unknown-target", "meta/unused-suppression", "roles/unknown-role"]
    target = next(d for d in diagnostics if d.code == "flow/unknown-target")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=target.range,
            context=types.CodeActionContext(diagnostics=[target], only=[types.CodeActionKind.QuickFix]),
        )
    )
    (quick,) = actions
    assert quick.kind == types.CodeActionKind.QuickFix and quick.is_preferred
    assert quick.title == "Replace with `close`"
    assert quick.diagnostics[0].code == "flow/unknown-target"
    assert apply(bad, quick.edit.changes[uri]) == bad.replace("next: clse", "next: close")

    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=whole,
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.sopkit"
    assert apply(bad, fix_all.edit.changes[uri]) == BILLING


# ------------------------------------------------------------- protocol


async def test_a_half_typed_file_never_breaks_the_server(client, workspace):
    with pytest.raises(Exception, match="is not open"):
        await client.text_document_hover_async(
            types.HoverParams(text_document=doc("file:///nowhere.sop.yaml"), position=types.Position(line=0, character=0))
        )
    half = "title: [unclosed\ninstructions:\n  - id: \"\n    next: 😀\n"
    uri, diagnostics = await open_doc(client, workspace / "half.sop.yaml", half)
    assert "yaml/syntax" in codes(diagnostics)
    for line in range(5):
        for character in range(0, 20, 3):
            p = types.Position(line=line, character=character)
            await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=p))
            await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=p))
            await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=p))
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert symbols is None or isinstance(symbols, list)
    # Still answering.
    uri, diagnostics = await open_doc(client, workspace / "billing.sop.yaml")
    assert diagnostics == []


def frame(message: dict | bytes) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def unframe(stdout: bytes) -> list[dict]:
    messages = []
    while stdout:
        header, _, rest = stdout.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        messages.append(json.loads(rest[:length]))
        stdout = rest[length:]
    return messages


def raw_session(messages: list[dict]) -> tuple[int, dict]:
    """Sends raw messages to a fresh server: its exit code, and its
    responses by request id."""
    init = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}
    initialized = {"jsonrpc": "2.0", "method": "initialized", "params": {}}
    stdin = b"".join(frame(m) for m in [init, initialized, *messages])
    done = subprocess.run([SOPKIT, "lsp"], input=stdin, capture_output=True, timeout=30)
    responses = {m["id"]: m for m in unframe(done.stdout) if "id" in m}
    return done.returncode, responses


def request(id_: int, method: str, params) -> dict:
    return {"jsonrpc": "2.0", "id": id_, "method": method, "params": params}


def test_malformed_and_unknown_requests_get_errors_and_exit_codes(workspace):
    uri = (workspace / "billing.sop.yaml").as_uri()
    opened = {
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": BILLING}},
    }
    position = {"textDocument": {"uri": uri}, "position": {"line": 14, "character": 10}}
    code, responses = raw_session(
        [
            opened,
            request(1, "textDocument/hover", {"textDocument": {"uri": uri}}),
            request(2, "textDocument/hover", {"textDocument": 42, "position": "here"}),
            request(3, "sopkit/nothing", {}),
            b"{this is not JSON",
            {"jsonrpc": "2.0", "id": 7, "params": {}},
            request(4, "textDocument/hover", position),
            request(5, "shutdown", None),
            request(6, "textDocument/hover", position),
            {"jsonrpc": "2.0", "method": "exit"},
        ]
    )
    assert code == 0
    assert responses[0]["result"]["capabilities"]["hoverProvider"] is True
    assert responses[1]["error"]["code"] == -32602
    assert responses[2]["error"]["code"] == -32602
    assert responses[3]["error"]["code"] == -32601
    assert responses[7]["error"]["code"] == -32600, "a request without a method"
    assert "Greet the customer" in responses[4]["result"]["contents"]["value"], "still serving"
    assert responses[5]["result"] is None
    assert responses[6]["error"]["code"] == -32600, "no requests after shutdown"

    code, _ = raw_session([{"jsonrpc": "2.0", "method": "exit"}])
    assert code == 1, "exit without shutdown"


def test_framing_errors_are_skipped_and_the_server_keeps_serving(workspace):
    """A frame whose headers cannot be read is logged on standard error and
    skipped to the next Content-Length header; the server goes on."""
    init = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}
    initialized = {"jsonrpc": "2.0", "method": "initialized", "params": {}}
    stdin = b"".join(
        [
            frame(init),
            frame(initialized),
            b"Content-Length: abc\r\n\r\n{}",
            b"Content-Length: -5\r\n\r\n",
            b"Content-Length: 1e20\r\n\r\n{}",
            b"X-Junk without a colon\r\n\r\n",
            frame(request(1, "shutdown", None)),
            frame({"jsonrpc": "2.0", "method": "exit"}),
        ]
    )
    done = subprocess.run([SOPKIT, "lsp"], input=stdin, capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
    responses = {m["id"]: m for m in unframe(done.stdout) if "id" in m}
    assert responses[1]["result"] is None, "shutdown answered after the bad frames"
    assert b"Content-Length: abc" in done.stderr


async def test_shutdown_session_exits_cleanly(client, workspace):
    await open_doc(client, workspace / "billing.sop.yaml")
    await client.shutdown_session()
    assert client._server.returncode == 0
    client.capabilities = None  # shut down already: the fixture need not
