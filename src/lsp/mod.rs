//! The language server (placeholder).
pub fn run() -> u8 {
    0
}
