//! What every request handler reads and may fail with: the open documents
//! with the latest check ([`World`]), and an error response ([`Failure`]).
//! Below the server loop and the handlers alike.

use lsp_server::ErrorCode;
use lsp_types::Url;

use super::analysis::Analysis;
use super::documents::{Document, Documents};

/// An error response.
#[derive(Debug)]
pub(super) struct Failure {
    pub(super) code: ErrorCode,
    pub(super) message: String,
}

impl Failure {
    pub(super) fn invalid_params(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidParams,
            message: message.into(),
        }
    }

    pub(super) fn failed(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::RequestFailed,
            message: message.into(),
        }
    }
}

/// What a request handler reads: the open documents and the latest check.
pub(super) struct World<'a> {
    pub(super) documents: &'a Documents,
    pub(super) analysis: &'a Analysis,
}

impl World<'_> {
    /// The open document at `uri`; an error for a document the editor never opened.
    pub(super) fn document(&self, uri: &Url) -> Result<&Document, Failure> {
        self.documents
            .get(uri)
            .ok_or_else(|| Failure::invalid_params(format!("{uri} is not open")))
    }
}
