//! Sending one request and getting its reply: a small trait, so the
//! protocol above it ([`super::client`], [`super::api`]) is tested with
//! canned replies, and the real thing, [`Http`], over ureq with rustls.
//!
//! Only [`Http`] holds the credentials: it adds the `Authorization` header
//! on the way out, so no request, reply or error above it ever holds the
//! token.

use std::time::Duration;

use super::secret::{Credentials, Secret};
use crate::config::SiteUrl;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    /// Whether the request changes anything (`--dry-run` sends none).
    pub(crate) fn writes(self) -> bool {
        self != Self::Get
    }
}

/// One request, relative to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The path and query, starting with `/wiki`.
    pub(crate) path: String,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl Request {
    pub(crate) fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            path: path.into(),
            headers: vec![("Accept", "application/json".into())],
            body: Vec::new(),
        }
    }

    /// A request with a JSON body.
    pub(crate) fn json(method: Method, path: impl Into<String>, body: &serde_json::Value) -> Self {
        Self {
            method,
            path: path.into(),
            headers: vec![
                ("Accept", "application/json".into()),
                ("Content-Type", "application/json".into()),
            ],
            body: serde_json::to_vec(body).expect("invariant: a JSON value serializes"),
        }
    }
}

/// A reply, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    /// Header names in lower case.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request never got a reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct NetworkError(pub String);

pub(crate) trait Transport {
    fn send(&self, request: &Request) -> Result<Response, NetworkError>;
}

/// How long to wait for a connection, and for each read or write.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const READ_TIMEOUT: Duration = Duration::from_secs(60);
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest reply read (a page of 100,000 steps is about 70 MB).
const MAX_REPLY_BYTES: u64 = 512 * 1024 * 1024;

/// HTTPS to a Confluence site, with ureq and rustls (Mozilla's root
/// certificates, built in: no system library to find).
pub(crate) struct Http {
    agent: ureq::Agent,
    site: SiteUrl,
    authorization: Secret,
}

impl Http {
    pub(crate) fn new(site: SiteUrl, credentials: &Credentials) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_per_read(Some(READ_TIMEOUT))
            .timeout_per_write(Some(WRITE_TIMEOUT))
            // Every status is a reply the protocol reads.
            .http_status_as_error(false)
            // A redirect is reported, never followed: the credentials go
            // to the configured site only.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .user_agent(concat!("sopkit/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
            site,
            authorization: credentials.authorization(),
        }
    }
}

impl Transport for Http {
    fn send(&self, request: &Request) -> Result<Response, NetworkError> {
        let url = self.site.join(&request.path);
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(&url)
            .header("Authorization", self.authorization.expose());
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        let unmade =
            |e: ureq::http::Error| NetworkError(format!("cannot make a request to {url}: {e}"));
        // A GET or DELETE carries no body at all, not an empty one.
        let sent =
            if request.body.is_empty() && !matches!(request.method, Method::Post | Method::Put) {
                self.agent.run(builder.body(()).map_err(unmade)?)
            } else {
                self.agent
                    .run(builder.body(request.body.as_slice()).map_err(unmade)?)
            };
        let mut reply = sent.map_err(|e| NetworkError(describe(&e, &self.site)))?;
        let headers = reply
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let status = reply.status().as_u16();
        let body = reply
            .body_mut()
            .with_config()
            .limit(MAX_REPLY_BYTES)
            .read_to_vec()
            .map_err(|e| NetworkError(describe(&e, &self.site)))?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// A network failure in plain words, with what to check.
fn describe(error: &ureq::Error, site: &SiteUrl) -> String {
    match error {
        ureq::Error::Timeout(what) => {
            format!("{site} did not answer in time ({what}); check the network, or try again later")
        }
        ureq::Error::HostNotFound => {
            format!("the host of {site} is not found; check `url` in [confluence]")
        }
        ureq::Error::ConnectionFailed => {
            format!("cannot connect to {site}; check `url` in [confluence] and the network")
        }
        ureq::Error::Io(e) => format!("cannot talk to {site}: {e}"),
        ureq::Error::Tls(e) => format!("a secure connection to {site} failed: {e}"),
        other => format!("cannot talk to {site}: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the one-shot server got: method, path, headers, body.
    type Seen = (String, String, Vec<(String, String)>, Vec<u8>);

    /// A one-shot HTTP server on 127.0.0.1 (tiny_http, a dev-dependency
    /// for this stub only): replies `status` with `headers`, and hands
    /// back the request it got.
    fn serve_once(
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (String, std::thread::JoinHandle<Seen>) {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a free port");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        let body = body.to_owned();
        let handle = std::thread::spawn(move || {
            let mut request = server.recv().expect("a request");
            let mut got = Vec::new();
            let _ = std::io::Read::read_to_end(request.as_reader(), &mut got);
            let seen: Vec<(String, String)> = request
                .headers()
                .iter()
                .map(|h| {
                    (
                        h.field.to_string().to_ascii_lowercase(),
                        h.value.to_string(),
                    )
                })
                .collect();
            let (method, url) = (request.method().to_string(), request.url().to_owned());
            let mut reply = tiny_http::Response::from_string(body).with_status_code(status);
            for (name, value) in headers {
                reply.add_header(
                    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                        .expect("a header"),
                );
            }
            let _ = request.respond(reply);
            (method, url, seen, got)
        });
        (format!("http://127.0.0.1:{port}"), handle)
    }

    #[test]
    fn sends_the_request_with_credentials_and_reads_any_status() {
        let (url, server) = serve_once(429, &[("Retry-After", "7")], "{\"message\":\"slow down\"}");
        let credentials = Credentials::Basic {
            user: "me@example.com".into(),
            token: Secret::new("t0ken"),
        };
        let http = Http::new(SiteUrl::parse(&url).unwrap(), &credentials);
        let request = Request::json(
            Method::Post,
            "/wiki/api/v2/pages?x=1",
            &serde_json::json!({"title": "T"}),
        );
        let reply = http.send(&request).expect("a reply");
        assert_eq!(reply.status, 429);
        assert_eq!(reply.header("retry-after"), Some("7"));
        assert_eq!(reply.body, b"{\"message\":\"slow down\"}");
        let (method, path, headers, body) = server.join().expect("server");
        assert_eq!(
            (method.as_str(), path.as_str()),
            ("POST", "/wiki/api/v2/pages?x=1")
        );
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            header("authorization").as_deref(),
            Some("Basic bWVAZXhhbXBsZS5jb206dDBrZW4=")
        );
        assert_eq!(header("content-type").as_deref(), Some("application/json"));
        assert_eq!(body, b"{\"title\":\"T\"}");
    }

    #[test]
    fn a_redirect_is_reported_not_followed() {
        let (url, server) = serve_once(302, &[("Location", "https://elsewhere.example/")], "");
        let http = Http::new(
            SiteUrl::parse(&url).unwrap(),
            &Credentials::Bearer(Secret::new("t")),
        );
        let reply = http
            .send(&Request::get("/wiki/api/v2/spaces"))
            .expect("a reply");
        assert_eq!(reply.status, 302);
        server.join().expect("server");
    }

    #[test]
    fn a_closed_port_is_a_network_error_without_the_token() {
        // Bind, learn the port, close it: nothing listens there now.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let http = Http::new(
            SiteUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap(),
            &Credentials::Bearer(Secret::new("s3cret")),
        );
        let error = http
            .send(&Request::get("/wiki/api/v2/spaces"))
            .expect_err("nothing listens");
        assert!(error.0.contains("127.0.0.1"), "{error}");
        assert!(!error.0.contains("s3cret"), "{error}");
    }
}
