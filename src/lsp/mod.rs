//! `sopkit lsp`: a Language Server Protocol server over standard input and
//! output, for `*.sop.yaml` and `*.sop.md` files alike.
//!
//! Built on **lsp-server** and **lsp-types**, the crates rust-analyzer
//! uses: lsp-server is a small, synchronous scaffold (a reader and a writer
//! thread, crossbeam channels, no async runtime), which fits a server whose
//! every answer is a fast, synchronous `check` of a few files. Its stdio
//! threads are replaced by [`transport`]'s, which survive a bad message. The loop and
//! its debounce are in [`server`]; the diagnostics come from exactly
//! `check`'s pipeline ([`analysis`]); each capability is one file.
//!
//! | capability | file |
//! |---|---|
//! | diagnostics (on open, and after changes) | [`diagnostics`], [`analysis`] |
//! | completion: step ids, roles, keys, `status`, metric `kind` | [`completion`] |
//! | hover: steps, roles, terms, metrics | [`hover`] |
//! | go to definition, find references | [`navigation`] |
//! | rename a step id (with prepareRename), across translations | [`rename`] |
//! | document symbols: the outline | [`symbols`] |
//! | code actions: quick fixes and `source.fixAll.sopkit` | [`code_actions`] |

mod analysis;
mod code_actions;
mod completion;
mod cursor;
mod diagnostics;
mod documents;
mod hover;
mod index;
mod keys;
mod navigation;
mod position;
mod rename;
mod server;
mod symbols;
#[cfg(test)]
mod tests;
pub mod transport;
mod world;

use std::path::PathBuf;

use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, InitializeResult, OneOf, PositionEncodingKind,
    RenameOptions, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    WorkDoneProgressOptions,
};

use analysis::Workspace;
use position::uri_to_path;

/// The code action kind of "fix all": a `source.fixAll` action that editors
/// run on save when asked to (`"editor.codeActionsOnSave"` in VS Code).
pub const FIX_ALL: &str = "source.fixAll.sopkit";

/// What the server can do, as told to the editor.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some([":", "=", "#", ">"].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders the editor names (the root, for older editors).
#[allow(deprecated)] // `root_uri` and `root_path`: what editors without folders send.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders.iter().map(|f| uri_to_path(&f.uri)).collect();
    }
    params
        .root_uri
        .as_ref()
        .map(uri_to_path)
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .into_iter()
        .collect()
}

/// Runs the server on standard input and output; returns the exit code.
pub fn run() -> u8 {
    let (connection, io_threads) = transport::stdio();
    let code = serve(connection);
    // The reader thread ends when the editor closes our standard input.
    if let Err(e) = io_threads.join() {
        eprintln!("sopkit lsp: {e}");
    }
    code
}

/// Initializes, then serves until `exit`.
pub fn serve(connection: Connection) -> u8 {
    let (id, params) = match connection.initialize_start() {
        Ok(start) => start,
        Err(e) => {
            eprintln!("sopkit lsp: {e}");
            return 1;
        }
    };
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(e) => {
            let message = format!("invalid initialize parameters: {e}");
            eprintln!("sopkit lsp: {message}");
            let response = lsp_server::Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                message,
            );
            let _ = connection.sender.send(response.into());
            return 1;
        }
    };
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "sopkit".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).unwrap_or_default();
    if let Err(e) = connection.initialize_finish(id, result) {
        eprintln!("sopkit lsp: {e}");
        return 1;
    }
    let workspace = Workspace::new(roots(&params));
    server::Server::new(connection, workspace).run()
}
