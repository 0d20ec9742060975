//! What the space holds, found with reads only: the space, the parent
//! page, sopkit's pages under it (by their `sopkit` property, never by
//! title alone), and who holds each title sopkit wants but did not find
//! among its pages.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::api::{self, PROPERTY_KEY};
use super::client::{ApiError, Client};
use super::pages::{DEPARTMENT_KEY, Page, Pages, Parent, label_of};
use crate::render::confluence::PROPERTIES_ID;

/// Where the pages go (`[confluence]`, with `--url`).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) site: crate::config::SiteUrl,
    pub(crate) space: String,
    pub(crate) parent: String,
}

/// The `sopkit` property's value, as sopkit writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub(crate) struct Stored {
    pub(crate) sop: String,
    pub(crate) fingerprint: String,
    /// The labels sopkit set, so that one that no longer applies is
    /// removed (and a person's own labels never are).
    #[serde(default)]
    pub(crate) labels: Vec<String>,
    /// The hash of the flowchart attached.
    #[serde(default)]
    pub(crate) flowchart: Option<String>,
    /// The hash of the page's title, parent and body.
    #[serde(default)]
    pub(crate) content: Option<String>,
}

impl Stored {
    pub(crate) fn of(page: &Page) -> Self {
        Self {
            sop: page.key.clone(),
            fingerprint: page.fingerprint.clone(),
            labels: page.labels.clone(),
            flowchart: page.flowchart_sha256(),
            content: Some(page.content.clone()),
        }
    }
}

/// A page in the space.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) parent_id: Option<String>,
    /// Its `sopkit` property, read; `None` when it has none.
    pub(crate) property: Option<api::Property>,
    /// The property's value, when it is sopkit's.
    pub(crate) stored: Option<Stored>,
    /// Its body carries sopkit's Page Properties macro (or report) for
    /// the page that wants its title: a page sopkit made in a run that
    /// failed before it set the property.
    pub(crate) half_made: bool,
}

/// Everything publish needs to know about the space.
#[derive(Debug, Default)]
pub(crate) struct Remote {
    pub(crate) space_id: String,
    pub(crate) parent_id: String,
    /// sopkit's pages (with the property), under the parent or a
    /// department page, in the order found.
    pub(crate) ours: Vec<Found>,
    /// For each title wanted by a page not among `ours` under its key, or
    /// by a page whose title changes: the page that holds it, if any
    /// (lower-case title → page).
    pub(crate) titles: HashMap<String, Option<Found>>,
}

impl Remote {
    /// sopkit's page of `key`.
    pub(crate) fn page_of(&self, key: &str) -> Option<&Found> {
        self.ours
            .iter()
            .find(|p| p.stored.as_ref().is_some_and(|s| s.sop == key))
    }
}

/// Why publishing cannot start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DiscoverError {
    #[error(
        "the space `{0}` is not found; check `space` in [confluence] (the key is in the space's address: …/wiki/spaces/KEY/…) and that the account can see it"
    )]
    NoSpace(String),
    #[error(
        "the parent page {0} is not found; check `parent` in [confluence] (the id is in the page's address: …/pages/ID/…) and that the account can see it"
    )]
    NoParent(String),
    #[error(
        "the parent page {id} is in another space than `{space}`; check `parent` and `space` in [confluence]"
    )]
    ParentElsewhere { id: String, space: String },
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Reads `page`'s `sopkit` property, if it has one.
fn property(client: &Client<'_>, page_id: &str) -> Result<Option<api::Property>, ApiError> {
    let found: Vec<api::Property> = client.list(api::property(page_id))?;
    Ok(found.into_iter().find(|p| p.key == PROPERTY_KEY))
}

fn found(
    client: &Client<'_>,
    id: String,
    title: String,
    parent: Option<String>,
) -> Result<Found, ApiError> {
    let property = property(client, &id)?;
    let stored = property
        .as_ref()
        .and_then(|p| serde_json::from_value::<Stored>(p.value.clone()).ok());
    Ok(Found {
        id,
        title,
        parent_id: parent,
        property,
        stored,
        half_made: false,
    })
}

/// `&quot;` and the like as the characters, so a body reads the same
/// however Confluence chose to escape it.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Whether `body` is sopkit's body for `page`: an SOP's Page Properties
/// macro with its key, or a department's report of its label.
pub(crate) fn is_sopkit_body(body: &str, page: &Page) -> bool {
    let body = unescape(body);
    if page.is_department() {
        let department = &page.key[DEPARTMENT_KEY.len()..];
        body.contains("detailssummary")
            && body.contains(&format!("label = \"{}\"", label_of(department)))
    } else {
        body.contains("ac:name=\"details\"")
            && body.contains(&format!(">{PROPERTIES_ID}<"))
            && body.contains(&format!(">{}<", page.key))
    }
}

/// Finds what the space holds of `pages`, with reads only; `step` is told
/// what is being read, for a progress line.
pub(crate) fn discover(
    client: &Client<'_>,
    target: &Target,
    pages: &Pages,
    step: &mut dyn FnMut(&str),
) -> Result<Remote, DiscoverError> {
    step("finding the space and the parent page");
    let mut remote = space_and_parent(client, target)?;
    // sopkit's pages: those with its property under the parent, and under
    // each of its department pages.
    step("reading sopkit's pages");
    let others = read_ours(client, &mut remote)?;
    let by_title: HashMap<String, Found> = others
        .into_iter()
        .map(|p| (p.title.to_lowercase(), p))
        .collect();
    // Who holds each title that a page wants but does not already have.
    for page in &pages.pages {
        let mine = remote.page_of(&page.key);
        if mine.is_some_and(|m| m.title == page.title) {
            continue;
        }
        let title = page.title.to_lowercase();
        step(&format!("looking up the title “{}”", page.title));
        let holder = holder(client, &remote, pages, page, by_title.get(&title))?;
        remote.titles.insert(title, holder);
    }
    Ok(remote)
}

/// The space and the parent page, which must be in it.
fn space_and_parent(client: &Client<'_>, target: &Target) -> Result<Remote, DiscoverError> {
    let spaces: Vec<api::Space> = client.list(api::space(&target.space))?;
    let space = spaces
        .into_iter()
        .find(|s| s.key == target.space)
        .ok_or_else(|| DiscoverError::NoSpace(target.space.clone()))?;
    let parent: api::Page = match client.json(&api::page(&target.parent)) {
        Err(e) if e.status() == Some(404) => {
            return Err(DiscoverError::NoParent(target.parent.clone()));
        }
        other => other?,
    };
    if parent.space_id.as_deref().is_some_and(|s| s != space.id) {
        return Err(DiscoverError::ParentElsewhere {
            id: target.parent.clone(),
            space: target.space.clone(),
        });
    }
    Ok(Remote {
        space_id: space.id,
        parent_id: parent.id,
        ..Remote::default()
    })
}

/// Reads the pages under the parent and under each department page of
/// sopkit's into `remote.ours`; returns the others met on the way.
fn read_ours(client: &Client<'_>, remote: &mut Remote) -> Result<Vec<Found>, DiscoverError> {
    let mut others: Vec<Found> = Vec::new();
    let mut folders = vec![remote.parent_id.clone()];
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(folder) = folders.pop() {
        let children: Vec<api::Child> = client.list(api::children(&folder))?;
        for child in children {
            if !seen.insert(child.id.clone()) {
                continue;
            }
            let page = found(client, child.id, child.title, Some(folder.clone()))?;
            match &page.stored {
                Some(stored) => {
                    if stored.sop.starts_with(DEPARTMENT_KEY) {
                        folders.push(page.id.clone());
                    }
                    remote.ours.push(page);
                }
                None => others.push(page),
            }
        }
    }
    Ok(others)
}

/// Who holds `page`'s title: a page met under the parent (`known`), else
/// one the space finds by title; a holder that is not sopkit's, where the
/// page goes, is read to see whether sopkit half made it.
fn holder(
    client: &Client<'_>,
    remote: &Remote,
    pages: &Pages,
    page: &Page,
    known: Option<&Found>,
) -> Result<Option<Found>, DiscoverError> {
    let title = page.title.to_lowercase();
    let mut holder = match known {
        Some(known) => Some(known.clone()),
        None => {
            let titled: Vec<api::Page> =
                client.list(api::pages_titled(&remote.space_id, &page.title))?;
            match titled.into_iter().find(|p| p.title.to_lowercase() == title) {
                Some(p) => Some(found(client, p.id, p.title, p.parent_id)?),
                None => None,
            }
        }
    };
    if let Some(holder) = holder.as_mut()
        && holder.stored.is_none()
    {
        let expected_parent = match page.parent {
            Parent::Root => Some(remote.parent_id.clone()),
            Parent::Department(i) => remote.page_of(&pages.pages[i].key).map(|d| d.id.clone()),
        };
        if expected_parent.is_some() && holder.parent_id == expected_parent {
            let body: api::Page = client.json(&api::page(&holder.id))?;
            holder.half_made = body.storage().is_some_and(|b| is_sopkit_body(b, page));
        }
    }
    Ok(holder)
}
