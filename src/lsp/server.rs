//! The server loop: one thread reads messages (lsp-server's stdio threads
//! do the reading and writing), answers requests at once from the latest
//! check, and re-checks after changes once the editor has been quiet for
//! [`DEBOUNCE`]: `didChange` only records the text and sets a deadline;
//! `recv_timeout` wakes the loop when it passes, so a burst of keystrokes
//! costs one check. A request that arrives first checks at once, so it
//! never answers from stale text.
//!
//! No handler may take the server down: each runs under `catch_unwind`,
//! and a panic becomes an `InternalError` response (the panic hook of
//! [`crate::run`] logs it on standard error, which editors keep as the
//! server's log).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::PublishDiagnosticsParams;
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::analysis::{Analysis, Workspace};
use super::documents::Documents;
use super::world::{Failure, World};
use super::{code_actions, completion, diagnostics, hover, navigation, rename, symbols};

/// How long the editor must be quiet after a change before it is checked.
pub(super) const DEBOUNCE: Duration = Duration::from_millis(200);

pub(super) struct Server {
    connection: Connection,
    documents: Documents,
    workspace: Workspace,
    analysis: Analysis,
    /// When the pending changes are to be checked.
    due: Option<Instant>,
    shutdown: bool,
}

impl Server {
    pub(super) fn new(connection: Connection, workspace: Workspace) -> Self {
        Self {
            connection,
            documents: Documents::default(),
            workspace,
            analysis: Analysis::default(),
            due: None,
            shutdown: false,
        }
    }

    /// Serves until `exit`: returns 0 after `shutdown`, 1 without it (or
    /// when the editor goes away without saying `exit`).
    pub(super) fn run(mut self) -> u8 {
        loop {
            let received = match self.due {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    self.connection.receiver.recv_timeout(wait)
                }
                None => self
                    .connection
                    .receiver
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            let message = match received {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    self.check_now();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return 1,
            };
            match message {
                Message::Request(request) => self.on_request(request),
                Message::Notification(n) if n.method == notif::Exit::METHOD => {
                    return u8::from(!self.shutdown);
                }
                Message::Notification(n) => self.on_notification(n),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The writer thread is gone only when the editor is: the loop
        // then ends on the closed receiver.
        let _ = self.connection.sender.send(message.into());
    }

    /// Checks the workspace now and publishes the diagnostics of every
    /// open SOP document.
    fn check_now(&mut self) {
        self.due = None;
        let (documents, workspace) = (&self.documents, &mut self.workspace);
        match catch_unwind(AssertUnwindSafe(|| Analysis::run(documents, workspace))) {
            Ok(analysis) => self.analysis = analysis,
            Err(_) => eprintln!("sopkit lsp: checking failed; diagnostics are not updated"),
        }
        for doc in self.documents.sops() {
            let lines = doc.lines();
            let diagnostics = match self.analysis.file(&doc.path) {
                Some(file) => file
                    .diagnostics
                    .iter()
                    .map(|d| diagnostics::to_lsp(d, &lines, &doc.uri))
                    .collect(),
                None if self.analysis.unchecked(&doc.path) => vec![diagnostics::unchecked()],
                None => Vec::new(),
            };
            let params =
                PublishDiagnosticsParams::new(doc.uri.clone(), diagnostics, Some(doc.version));
            self.send(Notification::new(
                notif::PublishDiagnostics::METHOD.to_owned(),
                params,
            ));
        }
    }

    fn on_notification(&mut self, n: Notification) {
        let handled = catch_unwind(AssertUnwindSafe(|| self.notification(n)));
        if handled.is_err() {
            eprintln!("sopkit lsp: a notification could not be handled");
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let doc = p.text_document;
                self.documents.open(doc.uri, doc.text, doc.version);
                self.check_now();
            }
            notif::DidChangeTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let doc = p.text_document;
                if self
                    .documents
                    .change(&doc.uri, doc.version, p.content_changes)
                {
                    self.due = Some(Instant::now() + DEBOUNCE);
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                let Some(p) = parse::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.documents.close(&uri);
                let params = PublishDiagnosticsParams::new(uri, Vec::new(), None);
                self.send(Notification::new(
                    notif::PublishDiagnostics::METHOD.to_owned(),
                    params,
                ));
                // The file on disk now stands for it in the cross-file rules.
                self.due = Some(Instant::now() + DEBOUNCE);
            }
            notif::DidSaveTextDocument::METHOD | notif::DidChangeWatchedFiles::METHOD => {
                self.workspace.mark_stale();
                self.due = Some(Instant::now() + DEBOUNCE);
            }
            _ => {}
        }
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shutdown {
            let message = "the server is shutting down".to_owned();
            self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                message,
            ));
            return;
        }
        if request.method == super::transport::INVALID {
            let message = format!(
                "not a valid request: {}",
                request.params.as_str().unwrap_or("")
            );
            self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                message,
            ));
            return;
        }
        if request.method == req::Shutdown::METHOD {
            self.shutdown = true;
            self.send(Response::new_ok(id, ()));
            return;
        }
        // Completion answers from the text as it is now and the model of
        // the last check: it comes with every keystroke, and must not undo
        // the debounce. Every other request sees the text as it is now.
        if self.due.is_some() && request.method != req::Completion::METHOD {
            self.check_now();
        }
        let response = match catch_unwind(AssertUnwindSafe(|| self.request(request))) {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(failure)) => Response::new_err(id, failure.code as i32, failure.message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "internal error in sopkit (see the server log); this is a bug, please report it"
                    .to_owned(),
            ),
        };
        self.send(response);
    }

    fn request(&mut self, request: Request) -> Result<serde_json::Value, Failure> {
        let Request { method, params, .. } = request;
        let world = World {
            documents: &self.documents,
            analysis: &self.analysis,
        };
        match method.as_str() {
            req::Completion::METHOD => {
                answer::<req::Completion>(params, |p| completion::complete(&world, p))
            }
            req::HoverRequest::METHOD => {
                answer::<req::HoverRequest>(params, |p| hover::hover(&world, p))
            }
            req::GotoDefinition::METHOD => {
                answer::<req::GotoDefinition>(params, |p| navigation::definition(&world, p))
            }
            req::References::METHOD => {
                answer::<req::References>(params, |p| navigation::references(&world, p))
            }
            req::PrepareRenameRequest::METHOD => {
                answer::<req::PrepareRenameRequest>(params, |p| rename::prepare(&world, p))
            }
            req::Rename::METHOD => answer::<req::Rename>(params, |p| rename::rename(&world, p)),
            req::DocumentSymbolRequest::METHOD => {
                answer::<req::DocumentSymbolRequest>(params, |p| symbols::outline(&world, p))
            }
            req::CodeActionRequest::METHOD => {
                let workspace = &mut self.workspace;
                answer::<req::CodeActionRequest>(params, |p| {
                    code_actions::actions(&world, workspace, p)
                })
            }
            _ => Err(Failure {
                code: ErrorCode::MethodNotFound,
                message: format!("sopkit does not handle `{method}`"),
            }),
        }
    }
}

/// A notification's parameters; `None` (logged) when they do not parse.
fn parse<P: DeserializeOwned>(params: serde_json::Value) -> Option<P> {
    match serde_json::from_value(params) {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("sopkit lsp: ignored a notification with bad parameters: {e}");
            None
        }
    }
}

/// Parses a request's parameters, runs the handler, and serialises its answer.
fn answer<R: req::Request>(
    params: serde_json::Value,
    handler: impl FnOnce(R::Params) -> Result<R::Result, Failure>,
) -> Result<serde_json::Value, Failure>
where
    R::Result: Serialize,
{
    let params: R::Params = serde_json::from_value(params).map_err(|e| {
        Failure::invalid_params(format!("invalid parameters for `{}`: {e}", R::METHOD))
    })?;
    let result = handler(params)?;
    serde_json::to_value(result).map_err(|e| Failure {
        code: ErrorCode::InternalError,
        message: e.to_string(),
    })
}
