//! Calls with care: a reply of 429 or 5xx is tried again (at most five
//! tries in all) after the wait Confluence asks for in `Retry-After`, or
//! after a growing backoff; every other failure becomes an [`ApiError`]
//! that says, in plain words, what to check. Lists are followed to their
//! end through `_links.next`.

use std::time::Duration;

use serde::de::DeserializeOwned;

use super::api::{self, Listing};
use super::secret::{TOKEN_VAR, USER_VAR};
use super::transport::{Method, NetworkError, Request, Response, Transport};

/// Tries of one call, the first included.
pub(crate) const MAX_TRIES: u32 = 5;
/// The longest wait between two tries; a `Retry-After` beyond it ends the run.
const MAX_WAIT: Duration = Duration::from_secs(60);
/// The first backoff without `Retry-After`; it doubles with each try.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// The most pages of one list followed (a guard against a cursor loop).
const MAX_LIST_PAGES: usize = 100_000;

/// A call that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ApiError {
    /// No reply came.
    #[error("{message} ({call})")]
    Network { call: String, message: String },
    /// A reply that is not a success.
    #[error("{}", describe_status(*.status, .message.as_deref(), .location.as_deref(), *.tries, .call))]
    Status {
        call: String,
        status: u16,
        /// What Confluence said.
        message: Option<String>,
        /// Where a redirect points.
        location: Option<String>,
        tries: u32,
    },
    /// A reply that cannot be read.
    #[error("Confluence's reply to {call} cannot be read: {message}")]
    Reply { call: String, message: String },
}

impl ApiError {
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

fn describe_status(
    status: u16,
    message: Option<&str>,
    location: Option<&str>,
    tries: u32,
    call: &str,
) -> String {
    let said = message.map_or(String::new(), |m| format!(": {m}"));
    match status {
        401 => format!(
            "Confluence refused the credentials (401 Unauthorized){said}; check {USER_VAR} (the account's e-mail) and {TOKEN_VAR} (an API token, not the password; a scoped token needs `url = \"https://api.atlassian.com/ex/confluence/<cloudId>\"`)"
        ),
        403 => format!(
            "the account may not do this (403 Forbidden) for {call}{said}; check that it can view the space and add pages, attachments and labels there"
        ),
        429 => format!(
            "Confluence limited the rate (429 Too Many Requests) for {call}, {tries} time{}{said}; try again later",
            if tries == 1 { "" } else { "s" }
        ),
        500..=599 => format!(
            "Confluence failed ({status}) for {call} {tries} time{}{said}; try again later",
            if tries == 1 { "" } else { "s" }
        ),
        300..=399 => format!(
            "the site answered {call} with a redirect ({status}) to {}; check `url` in [confluence]: it is the site's address, such as https://example.atlassian.net",
            location.unwrap_or("elsewhere")
        ),
        _ => format!("Confluence refused {call} ({status}){said}"),
    }
}

/// The wait a reply asks for: `Retry-After` as seconds or as an HTTP date.
fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?;
    let wait = jiff::Timestamp::now().duration_until(when.timestamp());
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Whether a reply may be followed by a better one.
fn worth_retrying(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// Talks to Confluence through a [`Transport`], with retries.
pub(crate) struct Client<'a> {
    transport: &'a dyn Transport,
    sleep: &'a dyn Fn(Duration),
    /// Refuse every write (`--dry-run`): one sent would be a bug.
    read_only: bool,
}

impl<'a> Client<'a> {
    pub(crate) fn new(transport: &'a dyn Transport, sleep: &'a dyn Fn(Duration)) -> Self {
        Self {
            transport,
            sleep,
            read_only: false,
        }
    }

    /// A client that sends no write at all.
    pub(crate) fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// Sends `request`; a success (2xx) or an error.
    pub(crate) fn send(&self, request: &Request) -> Result<Response, ApiError> {
        let call = format!("{} {}", request.method.as_str(), request.path);
        assert!(
            !(self.read_only && request.method.writes()),
            "invariant: a dry run sends no write ({call})"
        );
        let mut tries = 0;
        loop {
            tries += 1;
            let wait = match self.transport.send(request) {
                Ok(response) if (200..300).contains(&response.status) => return Ok(response),
                Ok(response) if worth_retrying(response.status) && tries < MAX_TRIES => {
                    let asked = retry_after(&response);
                    if asked.is_some_and(|w| w > MAX_WAIT) {
                        return Err(ApiError::Status {
                            call,
                            status: response.status,
                            message: Some(format!(
                                "Confluence asks to wait {} s before trying again",
                                asked.unwrap_or_default().as_secs()
                            )),
                            location: None,
                            tries,
                        });
                    }
                    asked.unwrap_or_else(|| backoff(tries))
                }
                Ok(response) => {
                    return Err(ApiError::Status {
                        call,
                        status: response.status,
                        message: api::error_message(&response.body),
                        location: response.header("location").map(str::to_owned),
                        tries,
                    });
                }
                // A read can be sent again safely; a write that got no reply
                // may have been done, so it is not repeated blindly.
                Err(_) if request.method == Method::Get && tries < MAX_TRIES => backoff(tries),
                Err(NetworkError(message)) => return Err(ApiError::Network { call, message }),
            };
            (self.sleep)(wait);
        }
    }

    /// Sends `request` and reads its JSON reply.
    pub(crate) fn json<T: DeserializeOwned>(&self, request: &Request) -> Result<T, ApiError> {
        let response = self.send(request)?;
        serde_json::from_slice(&response.body).map_err(|e| ApiError::Reply {
            call: format!("{} {}", request.method.as_str(), request.path),
            message: e.to_string(),
        })
    }

    /// Every item of a list, following `_links.next` to its end.
    pub(crate) fn list<T: DeserializeOwned>(&self, first: Request) -> Result<Vec<T>, ApiError> {
        let mut items = Vec::new();
        let mut request = first;
        for _ in 0..MAX_LIST_PAGES {
            let page: Listing<T> = self.json(&request)?;
            items.extend(page.results);
            match page.links.next.as_deref().and_then(api::next) {
                Some(next) if next.path != request.path => request = next,
                _ => return Ok(items),
            }
        }
        Ok(items)
    }
}

/// The wait before try `tries + 1` when Confluence names none: 1, 2, 4, 8 s.
fn backoff(tries: u32) -> Duration {
    FIRST_BACKOFF * 2u32.pow(tries.saturating_sub(1).min(5))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::VecDeque;

    /// Canned replies, in order, and the requests that got them.
    #[derive(Default)]
    pub(crate) struct Canned {
        pub(crate) replies: RefCell<VecDeque<Result<Response, NetworkError>>>,
        pub(crate) requests: RefCell<Vec<Request>>,
    }

    pub(crate) fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    impl Canned {
        pub(crate) fn new(replies: Vec<Result<Response, NetworkError>>) -> Self {
            Self {
                replies: RefCell::new(replies.into()),
                requests: RefCell::default(),
            }
        }
    }

    impl Transport for Canned {
        fn send(&self, request: &Request) -> Result<Response, NetworkError> {
            self.requests.borrow_mut().push(request.clone());
            self.replies
                .borrow_mut()
                .pop_front()
                .unwrap_or_else(|| panic!("no reply left for {}", request.path))
        }
    }

    fn run(
        replies: Vec<Result<Response, NetworkError>>,
        request: &Request,
    ) -> (Result<Response, ApiError>, Vec<Duration>, usize) {
        let canned = Canned::new(replies);
        let waits = RefCell::new(Vec::new());
        let sleep = |d: Duration| waits.borrow_mut().push(d);
        let client = Client::new(&canned, &sleep);
        let result = client.send(request);
        let sent = canned.requests.borrow().len();
        (result, waits.into_inner(), sent)
    }

    fn write() -> Request {
        api::create_page("1", "2", "T", "<p/>")
    }

    #[test]
    fn rate_limits_are_waited_out_as_confluence_asks() {
        let (result, waits, sent) = run(
            vec![
                Ok(reply(429, &[("Retry-After", "3")], "{}")),
                Ok(reply(429, &[], "{}")),
                Ok(reply(200, &[], "{}")),
            ],
            &write(),
        );
        assert_eq!(result.map(|r| r.status), Ok(200));
        assert_eq!(waits, [Duration::from_secs(3), Duration::from_secs(2)]);
        assert_eq!(sent, 3);
    }

    #[test]
    fn a_failure_that_never_recovers_stops_after_five_tries() {
        let replies = (0..5)
            .map(|_| Ok(reply(503, &[], r#"{"message": "Service Unavailable"}"#)))
            .collect();
        let (result, waits, sent) = run(replies, &write());
        let error = result.expect_err("never recovers");
        assert_eq!(sent, 5);
        assert_eq!(waits, [1, 2, 4, 8].map(Duration::from_secs));
        assert_eq!(error.status(), Some(503));
        assert!(error.to_string().contains("5 times"), "{error}");
    }

    #[test]
    fn a_wait_too_long_ends_the_run_at_once() {
        let (result, waits, sent) = run(
            vec![Ok(reply(429, &[("Retry-After", "3600")], "{}"))],
            &write(),
        );
        assert!(result.unwrap_err().to_string().contains("3600 s"));
        assert!(waits.is_empty());
        assert_eq!(sent, 1);
    }

    #[test]
    fn credentials_refused_are_not_tried_again_and_say_what_to_check() {
        let (result, waits, sent) = run(
            vec![Ok(reply(
                401,
                &[],
                r#"{"code":401,"message":"Client must be authenticated"}"#,
            ))],
            &api::space("OPS"),
        );
        let message = result.unwrap_err().to_string();
        assert!(
            message.contains("401") && message.contains(USER_VAR) && message.contains(TOKEN_VAR),
            "{message}"
        );
        assert!(waits.is_empty());
        assert_eq!(sent, 1);
    }

    #[test]
    fn a_lost_read_is_sent_again_a_lost_write_is_not() {
        let lost = || Err(NetworkError("connection reset".into()));
        let (result, _, sent) = run(vec![lost(), Ok(reply(200, &[], "{}"))], &api::space("OPS"));
        assert!(result.is_ok());
        assert_eq!(sent, 2);
        let (result, _, sent) = run(vec![lost()], &write());
        assert!(matches!(result, Err(ApiError::Network { .. })));
        assert_eq!(sent, 1);
    }

    #[test]
    fn retry_after_may_be_a_date() {
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(30);
        let date = jiff::fmt::rfc2822::to_string(&later.to_zoned(jiff::tz::TimeZone::UTC)).unwrap();
        let wait = retry_after(&reply(429, &[("Retry-After", &date)], "")).expect("a wait");
        assert!((28..=30).contains(&wait.as_secs()), "{wait:?}");
    }

    #[test]
    fn lists_are_followed_to_the_end() {
        let canned = Canned::new(vec![
            Ok(reply(
                200,
                &[],
                r#"{"results":[{"id":"1","title":"A"}],"_links":{"next":"/wiki/api/v2/pages/9/children?cursor=x","base":"http://h/wiki"}}"#,
            )),
            Ok(reply(
                200,
                &[],
                r#"{"results":[{"id":2,"title":"B"}],"_links":{"base":"http://h/wiki"}}"#,
            )),
        ]);
        let sleep = |_| {};
        let client = Client::new(&canned, &sleep);
        let children: Vec<api::Child> = client.list(api::children("9")).unwrap();
        let titles: Vec<&str> = children.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["A", "B"]);
        assert_eq!(
            canned.requests.borrow()[1].path,
            "/wiki/api/v2/pages/9/children?cursor=x"
        );
    }

    #[test]
    #[should_panic(expected = "a dry run sends no write")]
    fn a_read_only_client_sends_no_write() {
        let canned = Canned::new(vec![]);
        let sleep = |_| {};
        let _ = Client::new(&canned, &sleep).read_only().send(&write());
    }
}
