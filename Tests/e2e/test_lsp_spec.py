"""pytest-lsp, an independent client, against `sqlheal serve`: every message the server sends is
deserialized into the LSP specification's types (lsprotocol) and checked against the client's
capabilities; LspSpecificationWarning is an error (Tests/pytest.ini). Replayed with the recorded
capabilities of real clients: Neovim 0.11, VS Code, Emacs."""

from __future__ import annotations

import asyncio
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import sqlheal_binary_path

SEED_FILE = "src/sessions.js"
SEED_LINE = 13  # 0-based: `db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`)`
SEED_CHARACTER = 58  # `parseInt(userId)`: where the type-mismatch is
SEED_EXPRESSION = "parseInt(userId)"
# raw-interpolation covers the whole splice, `${parseInt(userId)}`, 2 characters earlier.
DIAGNOSTICS_TIMEOUT_SECONDS = 30.0

CLIENT_PROFILES = ["neovim@v0.11.0", "visual_studio_code", "emacs"]


async def wait_until(condition, description: str, client: LanguageClient | None = None, timeout: float = DIAGNOSTICS_TIMEOUT_SECONDS):
    """Polls a condition on the client's state (diagnostics arrive as notifications)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            state = f"; diagnostics: {client.diagnostics}" if client is not None else ""
            raise AssertionError(f"timed out waiting for {description}{state}")
        await asyncio.sleep(0.02)


@pytest_lsp.fixture(
    params=CLIENT_PROFILES,
    config=ClientServerConfig(server_command=[str(sqlheal_binary_path()), "serve", "--stdio"]),
)
async def client(request, lsp_client: LanguageClient, demo_project: pathlib.Path):
    await start_session(lsp_client, request.param, client_capabilities(request.param), demo_project, "demo")
    lsp_client.demo_project = demo_project
    yield
    await lsp_client.shutdown_session()


async def start_session(client: LanguageClient, profile: str, capabilities: types.ClientCapabilities, project: pathlib.Path, name: str) -> None:
    """initialize/initialized as the recorded client would send them, on `project` as its one folder."""
    install_editor_request_handlers(client)
    client.initialize_result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=project.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name=name)],
            client_info=types.ClientInfo(name=profile),
        )
    )


def install_editor_request_handlers(client: LanguageClient) -> None:
    """Server-to-client requests a real editor answers and pytest-lsp's client does not."""
    client.registrations = []
    client.applied_edits = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)
        return None

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister_capability(params: types.UnregistrationParams):
        return None

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        client.applied_edits.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    @client.feature(types.WINDOW_SHOW_MESSAGE_REQUEST)
    def show_message_request(params: types.ShowMessageRequestParams):
        return None


def seed_range(expression: str = SEED_EXPRESSION, *, spliced: bool = False) -> types.Range:
    """The range of `expression` at the seed, or of `${expression}` when `spliced`."""
    start = SEED_CHARACTER - 2 if spliced else SEED_CHARACTER
    length = len(expression) + 3 if spliced else len(expression)
    return types.Range(
        start=types.Position(line=SEED_LINE, character=start),
        end=types.Position(line=SEED_LINE, character=start + length),
    )


def open_seed_document(client: LanguageClient) -> tuple[str, str]:
    path = client.demo_project / SEED_FILE
    uri = path.as_uri()
    text = path.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="javascript", version=1, text=text)
        )
    )
    return uri, text


def codes_at(client: LanguageClient, uri: str, line: int) -> dict[str, types.Diagnostic]:
    return {str(d.code): d for d in client.diagnostics.get(uri, []) if d.range.start.line == line}


async def test_initialize_result_is_truthful(client: LanguageClient):
    # initialize_session validated the result's types; look at what the server promised.
    capabilities = client.initialize_result.capabilities
    sync = capabilities.text_document_sync
    change = sync.change if isinstance(sync, types.TextDocumentSyncOptions) else sync
    assert change == types.TextDocumentSyncKind.Incremental
    assert capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    assert capabilities.code_action_provider
    commands = capabilities.execute_command_provider.commands if capabilities.execute_command_provider else []
    for command in ("sqlheal.repairSchema", "sqlheal.rollback", "sqlheal.fixAll"):
        assert command in commands, commands


async def test_open_diagnostics_change_and_close(client: LanguageClient):
    uri, text = open_seed_document(client)

    # didOpen → the seed's two findings, exactly on `parseInt(userId)` and `${parseInt(userId)}`.
    await wait_until(lambda: {"type-mismatch", "raw-interpolation"} <= codes_at(client, uri, SEED_LINE).keys(), "the seed's diagnostics", client)
    seed = codes_at(client, uri, SEED_LINE)
    assert seed["type-mismatch"].range == seed_range()
    assert seed["raw-interpolation"].range == seed_range(spliced=True)
    assert all(diagnostic.source == "sqlheal" for diagnostic in seed.values())
    assert codes_at(client, uri, SEED_LINE)["type-mismatch"].severity == types.DiagnosticSeverity.Warning
    if not (client.capabilities.text_document and client.capabilities.text_document.publish_diagnostics and client.capabilities.text_document.publish_diagnostics.related_information):
        assert all(d.related_information is None for d in client.diagnostics[uri])

    # didChange, incremental: `parseInt(userId)` → `userId`. The type-mismatch goes, the
    # raw-interpolation stays, on the new, shorter `${userId}`.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=seed_range(), text="userId")],
        )
    )
    await wait_until(
        lambda: "type-mismatch" not in codes_at(client, uri, SEED_LINE) and "raw-interpolation" in codes_at(client, uri, SEED_LINE),
        "diagnostics of version 2",
        client,
    )
    assert codes_at(client, uri, SEED_LINE)["raw-interpolation"].range == seed_range("userId", spliced=True)

    # A whole-document change (no range) replaces everything: a clean file, no diagnostics.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="export const nothing = 1;\n")],
        )
    )
    await wait_until(lambda: uri in client.diagnostics and len(client.diagnostics[uri]) == 0, "no diagnostics for version 3", client)

    # didClose clears the document's diagnostics.
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await wait_until(lambda: uri in client.diagnostics and len(client.diagnostics[uri]) == 0, "cleared diagnostics", client)
    assert client.error is None


async def test_code_actions_respect_client_capabilities(client: LanguageClient):
    uri, _ = open_seed_document(client)
    await wait_until(lambda: "type-mismatch" in codes_at(client, uri, SEED_LINE), "the seed's diagnostics", client)
    diagnostics = list(codes_at(client, uri, SEED_LINE).values())
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=seed_range(),
            context=types.CodeActionContext(diagnostics=diagnostics, trigger_kind=types.CodeActionTriggerKind.Invoked),
        )
    )
    assert actions, "no code action for the seed's findings"
    workspace_edit = client.capabilities.workspace.workspace_edit if client.capabilities.workspace else None
    document_changes_supported = bool(workspace_edit and workspace_edit.document_changes)
    for action in actions:
        if isinstance(action, types.Command):
            continue
        assert action.title
        if action.edit is not None and not document_changes_supported:
            assert action.edit.document_changes is None, action.title
    assert client.error is None


def position_of(text: str, needle: str, line: int, offset: int = 0) -> types.Position:
    """The position `offset` characters into the first `needle` on `line` (ASCII lines)."""
    return types.Position(line=line, character=text.splitlines()[line].index(needle) + offset)


async def test_sql_editing_requests(client: LanguageClient):
    """Hover, completion, signature help, definition, highlight, semantic tokens and document
    symbols inside SQL: every answer deserializes into the specification's types (pytest-lsp
    checks them against the client's capabilities) and says what the SQL model knows."""
    uri, text = open_seed_document(client)
    document = types.TextDocumentIdentifier(uri=uri)
    await wait_until(lambda: "type-mismatch" in codes_at(client, uri, SEED_LINE), "the seed's diagnostics", client)

    hover = await client.text_document_hover_async(types.HoverParams(text_document=document, position=position_of(text, "sessions WHERE", SEED_LINE, 2)))
    assert hover is not None and "sessions" in str(hover.contents) and "user_id" in str(hover.contents)
    assert hover.range == types.Range(start=position_of(text, "sessions WHERE", SEED_LINE), end=position_of(text, "sessions WHERE", SEED_LINE, 8))

    hole = await client.text_document_hover_async(types.HoverParams(text_document=document, position=position_of(text, "parseInt(userId)", SEED_LINE, 1)))
    # The database (the checked schema) holds user_id as TEXT: the drift the demo is about.
    assert hole is not None and "sessions.user_id** `TEXT`" in str(hole.contents) and "expects a string" in str(hole.contents)

    outside = await client.text_document_hover_async(types.HoverParams(text_document=document, position=types.Position(line=SEED_LINE, character=4)))
    assert outside is None

    # Type `s.` into a new query: the columns of sessions, a statement still being typed.
    line_count = len(text.splitlines())
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line_count, character=0), end=types.Position(line=line_count, character=0)),
            text="db.all(`SELECT s. FROM sessions s WHERE length(token, `);\n",
        )],
    ))
    completion = await client.text_document_completion_async(types.CompletionParams(text_document=document, position=types.Position(line=line_count, character=17)))
    items = completion.items if isinstance(completion, types.CompletionList) else completion
    assert [item.label for item in items] == ["id", "user_id", "token", "expires_at"]

    signature = await client.text_document_signature_help_async(types.SignatureHelpParams(text_document=document, position=types.Position(line=line_count, character=54)))
    assert signature is not None and signature.signatures[0].label == "length(X)"

    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=document, position=position_of(text, "sessions WHERE", SEED_LINE, 2)))
    location = definition[0] if isinstance(definition, list) else definition
    assert location.uri.endswith("migrations/2_sessions.sql") and location.range.start.line == 2

    references = await client.text_document_references_async(types.ReferenceParams(
        text_document=document, position=position_of(text, "sessions WHERE", SEED_LINE, 2), context=types.ReferenceContext(include_declaration=True)))
    referring_files = {location.uri.rsplit("/", 2)[-2] + "/" + location.uri.rsplit("/", 1)[-1] for location in references}
    assert {"src/sessions.js", "migrations/2_sessions.sql"} <= referring_files, referring_files

    highlights = await client.text_document_document_highlight_async(types.DocumentHighlightParams(text_document=document, position=types.Position(line=line_count, character=15)))
    assert highlights is not None and len(highlights) == 2

    # Rename: the alias `s` within its statement; a column name the table already has is refused.
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=document, position=types.Position(line=line_count, character=15)))
    assert prepared is not None and prepared.placeholder == "s", prepared
    renamed = await client.text_document_rename_async(types.RenameParams(text_document=document, position=types.Position(line=line_count, character=15), new_name="session"))
    changed = [edit for change in (renamed.document_changes or []) if isinstance(change, types.TextDocumentEdit) for edit in change.edits] \
        or [edit for edits in (renamed.changes or {}).values() for edit in edits]
    assert [edit.new_text for edit in changed] == ["session", "session"], renamed
    with pytest.raises(Exception, match="already has a column named"):
        await client.text_document_rename_async(types.RenameParams(text_document=document, position=position_of(text, "user_id", SEED_LINE, 2), new_name="token"))

    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=document))
    assert tokens is not None and len(tokens.data) % 5 == 0 and len(tokens.data) >= 5 * 10

    migration = client.demo_project / "migrations" / "2_sessions.sql"
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=migration.as_uri(), language_id="sql", version=1, text=migration.read_text())))
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=migration.as_uri())))
    assert [symbol.name for symbol in symbols] == ["sessions", "sessions_user_id"]
    assert client.error is None


DATABASE_ONLY_PROJECT = pathlib.Path(__file__).resolve().parents[2] / "protocol-fixtures" / "projects" / "database-only"


@pytest_lsp.fixture(
    params=CLIENT_PROFILES,
    config=ClientServerConfig(server_command=[str(sqlheal_binary_path()), "serve", "--stdio"]),
)
async def database_only_client(request, lsp_client: LanguageClient, tmp_path: pathlib.Path):
    """A client on a project whose schema only its database declares, announcing
    workspace/textDocumentContent (LSP 3.18) on top of the recorded profile."""
    project = tmp_path / "database-only"
    shutil.copytree(DATABASE_ONLY_PROJECT, project)
    capabilities = client_capabilities(request.param)
    if capabilities.workspace is None:
        capabilities.workspace = types.WorkspaceClientCapabilities()
    capabilities.workspace.text_document_content = types.TextDocumentContentClientCapabilities(dynamic_registration=False)
    await start_session(lsp_client, request.param, capabilities, project, "database-only")
    lsp_client.project = project
    yield
    await lsp_client.shutdown_session()


async def test_schema_document_of_a_table_only_the_database_declares(database_only_client: LanguageClient):
    """Definition of a table no file declares goes to a read-only `sqlheal-schema:` document,
    whose text workspace/textDocumentContent returns (both validated against the LSP types), and
    sqlheal/schemaDocument returns to any client."""
    client = database_only_client
    content = client.initialize_result.capabilities.workspace.text_document_content
    assert content is not None and "sqlheal-schema" in content.schemes

    source = client.project / "src" / "audit.js"
    text = "export const recent = (db) => db.all('SELECT action, at FROM audit_log ORDER BY at DESC');\n"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=source.as_uri(), language_id="javascript", version=1, text=text)))
    definition = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=source.as_uri()), position=types.Position(line=0, character=text.index("audit_log") + 2)))
    location = definition[0] if isinstance(definition, list) else definition
    assert location is not None and location.uri.startswith("sqlheal-schema:"), definition

    document = await client.workspace_text_document_content_async(types.TextDocumentContentParams(uri=location.uri))
    lines = document.text.splitlines()
    assert "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT NOT NULL, at INTEGER);" in lines, document.text
    assert lines[location.range.start.line][location.range.start.character:location.range.end.character] == "audit_log"

    same = await client.protocol.send_request_async("sqlheal/schemaDocument", {"uri": location.uri})
    assert same.text == document.text
    with pytest.raises(Exception, match="no schema document"):
        await client.workspace_text_document_content_async(types.TextDocumentContentParams(uri="sqlheal-schema:///nosuch.sql?project=%2Fnowhere"))
    assert client.error is None
