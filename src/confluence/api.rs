//! The REST calls sopkit makes, as plain data: a function per call that
//! builds its [`Request`], and the types its reply is read into. Confluence
//! Cloud's v2 API for pages, children, properties, attachments and labels;
//! its v1 API to upload attachments and to add and remove labels. These
//! calls and no others (CLI.md lists them, so a stub can serve them).

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Deserializer};
use serde_json::json;

use super::transport::{Method, Request};

/// sopkit's content property on every page it makes.
pub(crate) const PROPERTY_KEY: &str = "sopkit";

/// Text for a URL's path or query.
pub(super) fn enc(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// An id, written by Confluence as a string (v2) or a number (some v1 replies).
fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(u64),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
}

fn optional_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "id")] String);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

/// One page of a list, and where the next is.
#[derive(Debug, Deserialize)]
pub(crate) struct Listing<T> {
    pub(crate) results: Vec<T>,
    #[serde(rename = "_links", default)]
    pub(crate) links: Links,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Links {
    /// The next page of a list: a path that starts with `/wiki`.
    pub(crate) next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Space {
    #[serde(deserialize_with = "id")]
    pub(crate) id: String,
    pub(crate) key: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub(crate) struct Version {
    pub(crate) number: u64,
}

/// A page as `GET /pages/{id}` or a title search gives it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Page {
    #[serde(deserialize_with = "id")]
    pub(crate) id: String,
    pub(crate) title: String,
    #[serde(default, deserialize_with = "optional_id")]
    pub(crate) space_id: Option<String>,
    #[serde(default, deserialize_with = "optional_id")]
    pub(crate) parent_id: Option<String>,
    pub(crate) version: Option<Version>,
    #[serde(default)]
    pub(crate) body: Option<PageBody>,
}

impl Page {
    /// The stored body in storage format, when it was asked for.
    pub(crate) fn storage(&self) -> Option<&str> {
        self.body
            .as_ref()
            .and_then(|b| b.storage.as_ref())
            .map(|s| s.value.as_str())
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PageBody {
    pub(crate) storage: Option<Storage>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Storage {
    pub(crate) value: String,
}

/// A child in `GET /pages/{id}/children` (no version, no body).
#[derive(Debug, Deserialize)]
pub(crate) struct Child {
    #[serde(deserialize_with = "id")]
    pub(crate) id: String,
    pub(crate) title: String,
}

/// A content property.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Property {
    #[serde(deserialize_with = "id")]
    pub(crate) id: String,
    pub(crate) key: String,
    pub(crate) value: serde_json::Value,
    pub(crate) version: Version,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Label {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) prefix: Option<String>,
}

/// The space with key `key`: `GET /wiki/api/v2/spaces?keys=KEY`.
pub(crate) fn space(key: &str) -> Request {
    Request::get(format!("/wiki/api/v2/spaces?keys={}", enc(key)))
}

/// A page with its body and version.
pub(crate) fn page(id: &str) -> Request {
    Request::get(format!(
        "/wiki/api/v2/pages/{}?body-format=storage",
        enc(id)
    ))
}

/// The first page of a page's children (follow [`Links::next`]).
pub(crate) fn children(id: &str) -> Request {
    Request::get(format!("/wiki/api/v2/pages/{}/children", enc(id)))
}

/// The pages of a space with a title (titles are unique in a space).
pub(crate) fn pages_titled(space_id: &str, title: &str) -> Request {
    Request::get(format!(
        "/wiki/api/v2/pages?space-id={}&title={}",
        enc(space_id),
        enc(title)
    ))
}

/// The next page of a list: `next` is a path under the site (it starts
/// with `/wiki`), never joined to `_links.base`.
pub(crate) fn next(next: &str) -> Option<Request> {
    next.starts_with("/wiki/").then(|| Request::get(next))
}

pub(crate) fn create_page(space_id: &str, parent_id: &str, title: &str, body: &str) -> Request {
    Request::json(
        Method::Post,
        "/wiki/api/v2/pages",
        &json!({
            "spaceId": space_id,
            "status": "current",
            "title": title,
            "parentId": parent_id,
            "body": { "representation": "storage", "value": body },
        }),
    )
}

/// An update: `version` is the page's current version (a child listing
/// has none, so the page is read first).
pub(crate) fn update_page(
    id: &str,
    parent_id: &str,
    title: &str,
    body: &str,
    version: u64,
) -> Request {
    Request::json(
        Method::Put,
        format!("/wiki/api/v2/pages/{}", enc(id)),
        &json!({
            "id": id,
            "status": "current",
            "title": title,
            "parentId": parent_id,
            "body": { "representation": "storage", "value": body },
            "version": { "number": version + 1, "message": "Published by sopkit" },
        }),
    )
}

pub(crate) fn property(page_id: &str) -> Request {
    Request::get(format!(
        "/wiki/api/v2/pages/{}/properties?key={PROPERTY_KEY}",
        enc(page_id)
    ))
}

pub(crate) fn create_property(page_id: &str, value: &serde_json::Value) -> Request {
    Request::json(
        Method::Post,
        format!("/wiki/api/v2/pages/{}/properties", enc(page_id)),
        &json!({ "key": PROPERTY_KEY, "value": value }),
    )
}

pub(crate) fn update_property(page_id: &str, old: &Property, value: &serde_json::Value) -> Request {
    Request::json(
        Method::Put,
        format!(
            "/wiki/api/v2/pages/{}/properties/{}",
            enc(page_id),
            enc(&old.id)
        ),
        &json!({
            "key": PROPERTY_KEY,
            "value": value,
            "version": { "number": old.version.number + 1, "message": "Published by sopkit" },
        }),
    )
}

/// A file to attach: its name, media type and bytes.
pub(crate) struct Upload<'a> {
    pub(crate) name: &'a str,
    pub(crate) media_type: &'a str,
    pub(crate) bytes: &'a [u8],
}

/// Adds or replaces attachments (v1; v2 has no upload): one multipart
/// request with a `file` part per file and `minorEdit=true`.
pub(crate) fn upload(page_id: &str, files: &[Upload<'_>]) -> Request {
    // A boundary no file contains: 32 hex digits of the files' hash.
    let mut all = Vec::new();
    for f in files {
        all.extend_from_slice(f.bytes);
    }
    let boundary = format!("sopkit-{}", &super::pages::sha256_hex(&all)[..32]);
    let mut body = Vec::new();
    for f in files {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                f.name.replace(['"', '\r', '\n'], "_"),
                f.media_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(f.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"minorEdit\"\r\n\r\ntrue\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    Request {
        method: Method::Put,
        path: format!("/wiki/rest/api/content/{}/child/attachment", enc(page_id)),
        headers: vec![
            ("Accept", "application/json".into()),
            (
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            ),
            // Confluence refuses an upload without it (XSRF check).
            ("X-Atlassian-Token", "no-check".into()),
        ],
        body,
    }
}

pub(crate) fn labels(page_id: &str) -> Request {
    Request::get(format!("/wiki/api/v2/pages/{}/labels", enc(page_id)))
}

pub(crate) fn add_labels(page_id: &str, names: &[&str]) -> Request {
    let list: Vec<serde_json::Value> = names
        .iter()
        .map(|name| json!({ "prefix": "global", "name": name }))
        .collect();
    Request::json(
        Method::Post,
        format!("/wiki/rest/api/content/{}/label", enc(page_id)),
        &serde_json::Value::Array(list),
    )
}

pub(crate) fn remove_label(page_id: &str, name: &str) -> Request {
    Request {
        method: Method::Delete,
        path: format!(
            "/wiki/rest/api/content/{}/label/{}",
            enc(page_id),
            enc(name)
        ),
        headers: vec![("Accept", "application/json".into())],
        body: Vec::new(),
    }
}

/// What a failed call's reply says, in Confluence's words: v2's
/// `errors[].title` or v1's `message`.
pub(crate) fn error_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = value["errors"][0]["title"]
        .as_str()
        .or_else(|| value["message"].as_str())?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(crate::render::shorten(&text, 300))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_encoded() {
        assert_eq!(
            pages_titled("98306", "Refund & return: 50% off?").path,
            "/wiki/api/v2/pages?space-id=98306&title=Refund%20%26%20return%3A%2050%25%20off%3F"
        );
        assert_eq!(
            remove_label("7", "zákaznický-servis").path,
            "/wiki/rest/api/content/7/label/z%C3%A1kaznick%C3%BD%2Dservis"
        );
        assert_eq!(space("OPS").path, "/wiki/api/v2/spaces?keys=OPS");
        assert!(next("https://evil.example/wiki/x").is_none());
        assert_eq!(
            next("/wiki/api/v2/pages/1/children?cursor=abc").map(|r| r.path),
            Some("/wiki/api/v2/pages/1/children?cursor=abc".into())
        );
    }

    #[test]
    fn an_update_carries_id_status_title_and_the_next_version() {
        let request = update_page("42", "7", "T", "<p>x</p>", 3);
        assert_eq!(request.method, Method::Put);
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["id"], "42");
        assert_eq!(body["status"], "current");
        assert_eq!(body["version"]["number"], 4);
        assert_eq!(body["body"]["representation"], "storage");
        assert_eq!(body["parentId"], "7");
    }

    #[test]
    fn an_upload_is_multipart_with_minor_edit_and_the_xsrf_header() {
        let request = upload(
            "42",
            &[Upload {
                name: "flowchart.svg",
                media_type: "image/svg+xml",
                bytes: b"<svg/>",
            }],
        );
        let content_type = &request.headers[1].1;
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("multipart");
        let body = String::from_utf8(request.body).unwrap();
        assert!(body.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flowchart.svg\"\r\nContent-Type: image/svg+xml\r\n\r\n<svg/>\r\n")), "{body}");
        assert!(body.ends_with(&format!(
            "name=\"minorEdit\"\r\n\r\ntrue\r\n--{boundary}--\r\n"
        )));
        assert!(
            request
                .headers
                .contains(&("X-Atlassian-Token", "no-check".into()))
        );
    }

    #[test]
    fn replies_are_read_whatever_the_id_type() {
        let page: Page = serde_json::from_str(
            r#"{"id": 123, "title": "T", "spaceId": "9", "parentId": null, "version": {"number": 2},
                "body": {"storage": {"value": "<p/>", "representation": "storage"}}, "_links": {"webui": "/x"}}"#,
        )
        .unwrap();
        assert_eq!(page.id, "123");
        assert_eq!(page.parent_id, None);
        assert_eq!(page.storage(), Some("<p/>"));
        assert_eq!(
            error_message(
                br#"{"errors":[{"status":400,"title":"A page with this title already exists"}]}"#
            ),
            Some("A page with this title already exists".into())
        );
        assert_eq!(
            error_message(br#"{"statusCode":403,"message":"XSRF check failed"}"#),
            Some("XSRF check failed".into())
        );
    }
}
