//! The `[confluence]` table: where `sopkit publish` puts the SOPs, each
//! value checked when the configuration is read, so that a wrong address
//! is a configuration mistake pointing into `sopkit.toml`.

use std::net::IpAddr;

use serde::Deserialize;
use toml::Spanned;

use super::{ConfigError, Fail};

/// The `[confluence]` table: every key optional here; `publish` says which
/// it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfluenceConfig {
    /// The site, e.g. `https://example.atlassian.net` (the API is under `/wiki`).
    pub url: Option<String>,
    /// The space's key.
    pub space: Option<String>,
    /// The id of the page the SOPs go under.
    pub parent: Option<String>,
    /// Put before every page's title.
    pub title_prefix: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfluence {
    url: Option<Spanned<String>>,
    space: Option<Spanned<String>>,
    parent: Option<Spanned<toml::Value>>,
    #[serde(default)]
    title_prefix: String,
}
/// Checks the `[confluence]` table: a URL sopkit may talk to, a space key,
/// a page id.
pub(super) fn confluence(
    raw: RawConfluence,
    fail: &Fail<'_>,
) -> Result<ConfluenceConfig, Box<ConfigError>> {
    if let Some(url) = &raw.url
        && let Err(why) = SiteUrl::parse(url.get_ref())
    {
        return Err(Box::new(fail(
            Some(url.span()),
            format!("`url` {why}"),
            "not a Confluence site",
            Some("write the site's address, e.g. `url = \"https://example.atlassian.net\"`".into()),
        )));
    }
    if let Some(space) = &raw.space
        && (space.get_ref().is_empty() || space.get_ref().contains(char::is_whitespace))
    {
        return Err(Box::new(fail(
            Some(space.span()),
            "`space` must be a space key, without spaces".into(),
            "not a space key",
            Some(
                "the key is in the space's address: …/wiki/spaces/OPS/… → `space = \"OPS\"`".into(),
            ),
        )));
    }
    let parent = match &raw.parent {
        None => None,
        Some(value) => {
            let id = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                _ => String::new(),
            };
            if id.is_empty() || id.len() > 19 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Box::new(fail(
                    Some(value.span()),
                    "`parent` must be a page id, a number".into(),
                    "not a page id",
                    Some(
                        "the id is in the page's address: …/pages/123456/… → `parent = \"123456\"`"
                            .into(),
                    ),
                )));
            }
            Some(id)
        }
    };
    Ok(ConfluenceConfig {
        url: raw.url.map(Spanned::into_inner),
        space: raw.space.map(Spanned::into_inner),
        parent,
        title_prefix: raw.title_prefix,
    })
}

/// A Confluence site's address, checked: `https://`, or plain `http://` to
/// this machine only (a local stub in tests); no credentials, query or
/// fragment in it. The REST API lives under `/wiki` beneath it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SiteUrl {
    /// Without a trailing `/` (and without `/wiki`, which the API paths add).
    base: String,
}

impl SiteUrl {
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
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
    pub(crate) fn join(&self, path: &str) -> String {
        format!("{}{path}", self.base)
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
