//! Confluence: the pages sopkit wants there ([`pages`]), written to disk by
//! `build --to confluence` ([`files`]); the REST calls as plain data
//! ([`api`]), sent with retries ([`client`]) through a small transport
//! trait ([`transport`]) with the credentials ([`secret`]).
//!
//! The page bodies themselves are rendered by
//! [`crate::render::confluence`].

pub(crate) mod api;
pub(crate) mod client;
pub(crate) mod execute;
pub(crate) mod files;
pub(crate) mod pages;
pub(crate) mod plan;
pub(crate) mod remote;
pub(crate) mod report;
pub(crate) mod secret;
pub(crate) mod transport;
