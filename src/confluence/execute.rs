//! Carrying out a [`Plan`], page after page (departments first, so their
//! SOPs have a parent), and stopping at the first failure: the
//! [`Outcome`] says which pages were written and which were not.
//!
//! A page is written in this order: the page, its pictures, its labels,
//! and last sopkit's property with the fingerprint. A run that fails
//! midway leaves the old fingerprint (or none), so the next run writes
//! the page again; a page left without its property is recognised by its
//! body and taken over.

use std::collections::HashSet;

use super::api;
use super::client::{ApiError, Client};
use super::pages::{Page, Pages, Parent};
use super::plan::{Action, Entry, Plan};
use super::remote::{Remote, Stored};

/// What a run did.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Per entry of the plan: the page's id, once it exists.
    pub(crate) ids: Vec<Option<String>>,
    /// Per entry: whether its action was carried out.
    pub(crate) done: Vec<bool>,
    /// The entry that failed, and why; the entries after it were not tried.
    pub(crate) failure: Option<(usize, ApiError)>,
}

impl Outcome {
    /// Whether the entry that failed has a page in Confluence already
    /// (made or changed in part).
    pub(crate) fn failed_midway(&self) -> bool {
        self.failure
            .as_ref()
            .is_some_and(|(i, _)| self.ids[*i].is_some())
    }
}

/// Carries out `plan`; `finished(i, id)` is told each entry done.
pub(crate) fn execute(
    client: &Client<'_>,
    remote: &Remote,
    pages: &Pages,
    plan: &Plan,
    finished: &mut dyn FnMut(usize, Option<&str>),
) -> Outcome {
    let n = plan.entries.len();
    let mut outcome = Outcome {
        ids: plan
            .entries
            .iter()
            .map(|e| e.existing.as_ref().map(|f| f.id.clone()))
            .collect(),
        done: vec![false; n],
        failure: None,
    };
    // The plan's first entries are the wanted pages, in the order of
    // `pages`: entry `d` is department page `d`.
    for (i, entry) in plan.entries.iter().enumerate() {
        let result = match (entry.action, entry.page) {
            (Action::Create, Some(p)) => {
                let parent = parent_id(&pages.pages[p], remote, &outcome);
                create(
                    client,
                    remote,
                    &pages.pages[p],
                    &parent,
                    &mut outcome.ids[i],
                )
            }
            (Action::Update, Some(p)) => {
                let parent = parent_id(&pages.pages[p], remote, &outcome);
                update(client, entry, &pages.pages[p], &parent)
            }
            _ => Ok(()),
        };
        if let Err(error) = result {
            outcome.failure = Some((i, error));
            return outcome;
        }
        outcome.done[i] = true;
        finished(i, outcome.ids[i].as_deref());
    }
    outcome
}

fn parent_id(page: &Page, remote: &Remote, outcome: &Outcome) -> String {
    match page.parent {
        Parent::Root => remote.parent_id.clone(),
        Parent::Department(d) => outcome.ids[d]
            .clone()
            .expect("invariant: a department's page is written before its SOPs"),
    }
}

fn create(
    client: &Client<'_>,
    remote: &Remote,
    page: &Page,
    parent: &str,
    id: &mut Option<String>,
) -> Result<(), ApiError> {
    let made: api::Page = client.json(&api::create_page(
        &remote.space_id,
        parent,
        &page.title,
        &page.body,
    ))?;
    *id = Some(made.id.clone());
    attach(client, &made.id, page)?;
    let labels: Vec<&str> = page.labels.iter().map(String::as_str).collect();
    if !labels.is_empty() {
        client.send(&api::add_labels(&made.id, &labels))?;
    }
    client.send(&api::create_property(&made.id, &stored(page)))?;
    Ok(())
}

fn update(client: &Client<'_>, entry: &Entry, page: &Page, parent: &str) -> Result<(), ApiError> {
    let existing = entry
        .existing
        .as_ref()
        .expect("invariant: an update has a page to update");
    let before = existing.stored.as_ref().filter(|s| s.sop == page.key);
    let id = existing.id.as_str();
    let rewrite = before.is_none_or(|s| s.content.as_deref() != Some(page.content.as_str()))
        || existing.title != page.title
        || existing.parent_id.as_deref() != Some(parent);
    if rewrite {
        // A child listing carries no version: the page is read first.
        let current: api::Page = client.json(&api::page(id))?;
        let version = current.version.map_or(1, |v| v.number);
        client.send(&api::update_page(
            id,
            parent,
            &page.title,
            &page.body,
            version,
        ))?;
    }
    if before.is_none_or(|s| s.flowchart != page.flowchart_sha256()) {
        attach(client, id, page)?;
    }
    if before.is_none_or(|s| s.labels != page.labels) {
        // The labels sopkit set on the page, whatever SOP it was for.
        let set_before = existing
            .stored
            .as_ref()
            .map_or(&[][..], |s| s.labels.as_slice());
        relabel(client, id, page, set_before)?;
    }
    let value = stored(page);
    match &existing.property {
        Some(property) => client.send(&api::update_property(id, property, &value))?,
        None => client.send(&api::create_property(id, &value))?,
    };
    Ok(())
}

/// Uploads the page's pictures (adding or replacing them).
fn attach(client: &Client<'_>, id: &str, page: &Page) -> Result<(), ApiError> {
    let files = page.attachments();
    if files.is_empty() {
        return Ok(());
    }
    let uploads: Vec<api::Upload<'_>> = files
        .iter()
        .map(|a| api::Upload {
            name: a.name,
            media_type: a.media_type,
            bytes: &a.bytes,
        })
        .collect();
    client.send(&api::upload(id, &uploads))?;
    Ok(())
}

/// Adds the labels the page lacks, and removes those sopkit set before
/// that no longer apply; a label a person added stays.
fn relabel(
    client: &Client<'_>,
    id: &str,
    page: &Page,
    set_before: &[String],
) -> Result<(), ApiError> {
    let current: Vec<api::Label> = client.list(api::labels(id))?;
    let current: HashSet<String> = current
        .into_iter()
        .filter(|l| l.prefix.as_deref().is_none_or(|p| p == "global"))
        .map(|l| l.name.to_lowercase())
        .collect();
    let missing: Vec<&str> = page
        .labels
        .iter()
        .filter(|l| !current.contains(*l))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        client.send(&api::add_labels(id, &missing))?;
    }
    for old in set_before {
        if !page.labels.contains(old) && current.contains(old) {
            client.send(&api::remove_label(id, old))?;
        }
    }
    Ok(())
}

fn stored(page: &Page) -> serde_json::Value {
    serde_json::to_value(Stored::of(page)).expect("invariant: the property serializes")
}
