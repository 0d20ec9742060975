//! Confluence: the pages sopkit wants there ([`pages`]), written to disk by
//! `build --to confluence` ([`files`]); the REST calls as plain data
//! ([`api`]), sent with retries ([`client`]) through a small transport
//! trait ([`transport`]) with the credentials ([`secret`]).
//!
//! The page bodies themselves are rendered by
//! [`crate::render::confluence`].

pub mod api;
pub mod client;
pub mod execute;
pub mod files;
pub mod pages;
pub mod plan;
pub mod remote;
pub mod report;
pub mod secret;
pub mod transport;
