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

use std::net::IpAddr;

/// A Confluence site's address, checked: `https://`, or plain `http://` to
/// this machine only (a local stub in tests); no credentials, query or
/// fragment in it. The REST API lives under `/wiki` beneath it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl {
    /// Without a trailing `/` (and without `/wiki`, which the API paths add).
    base: String,
}

impl SiteUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let url = url::Url::parse(text.trim()).map_err(|e| format!("is not a URL ({e})"))?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => return Err("has no host".into()),
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(
                    "must start with https:// (plain http:// is allowed only to this machine)"
                        .into(),
                );
            }
            other => return Err(format!("must start with https://, not {other}:")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not hold a user or a password: credentials come from the environment (SOPKIT_CONFLUENCE_USER, SOPKIT_CONFLUENCE_TOKEN)".into());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err("must be the site's address, without `?` or `#`".into());
        }
        let mut base = url.as_str().trim_end_matches('/').to_owned();
        // The address a user copies from the browser often ends in /wiki.
        if let Some(site) = base.strip_suffix("/wiki") {
            base = site.to_owned();
        }
        Ok(Self { base })
    }

    /// The full URL of `path` (which starts with `/wiki`), under the site's
    /// own path (`https://api.atlassian.com/ex/confluence/ID` keeps its path).
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn as_str(&self) -> &str {
        &self.base
    }
}

impl std::fmt::Display for SiteUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_to_this_machine() {
        let site = SiteUrl::parse("https://example.atlassian.net/wiki/").unwrap();
        assert_eq!(
            site.join("/wiki/api/v2/spaces"),
            "https://example.atlassian.net/wiki/api/v2/spaces"
        );
        let gateway = SiteUrl::parse("https://api.atlassian.com/ex/confluence/abc-123").unwrap();
        assert_eq!(
            gateway.join("/wiki/api/v2/pages/1"),
            "https://api.atlassian.com/ex/confluence/abc-123/wiki/api/v2/pages/1"
        );
        for local in [
            "http://127.0.0.1:8090",
            "http://[::1]:80",
            "http://localhost",
        ] {
            assert!(SiteUrl::parse(local).is_ok(), "{local}");
        }
        for bad in [
            "http://wiki.example.com",
            "http://10.0.0.1",
            "ftp://example.com",
            "https://me:secret@example.atlassian.net",
            "https://example.atlassian.net/?x=1",
            "example.atlassian.net",
        ] {
            assert!(SiteUrl::parse(bad).is_err(), "{bad}");
        }
        let why = SiteUrl::parse("https://me:secret@example.atlassian.net").unwrap_err();
        assert!(!why.contains("secret"), "{why}");
    }
}
