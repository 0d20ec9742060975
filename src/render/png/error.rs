//! Why a picture could not be made.

use std::io;

use resvg::usvg;

use super::scan;

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PngError {
    #[error("the SVG cannot be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the SVG cannot be read: {0}")]
    Scan(#[from] scan::ScanError),
    #[error("the picture is empty")]
    Empty,
    #[error("the PNG cannot be encoded: {0}")]
    Encode(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl PngError {
    /// As an I/O error, keeping the kind of one that was (a broken pipe
    /// is not a failure).
    pub(super) fn into_io(self) -> io::Error {
        match self {
            Self::Io(e) => e,
            other => io::Error::other(other),
        }
    }
}

impl From<png::EncodingError> for PngError {
    fn from(e: png::EncodingError) -> Self {
        match e {
            png::EncodingError::IoError(e) => Self::Io(e),
            other => Self::Encode(other.to_string()),
        }
    }
}
