//! What `publish` prints: a line per page and a summary (human), or one
//! JSON document (`--format json`, for CI); and, when a run stops midway,
//! which pages were written and which were not.

use std::io::{self, Write};

use serde::Serialize;

use super::execute::Outcome;
use super::plan::{Action, Adoption, Entry, Plan};
use super::remote::Target;

/// Text from an SOP as printed on a terminal: a control character (an
/// escape sequence could start with one) shown as its control picture.
pub(crate) fn shown(text: &str) -> String {
    text.chars().map(crate::render::escape::visible).collect()
}

/// A page's address in the browser.
pub(crate) fn page_url(target: &Target, id: &str) -> String {
    let space = super::api::enc(&target.space);
    target
        .site
        .join(&format!("/wiki/spaces/{space}/pages/{id}"))
}

fn adopted(entry: &Entry) -> &'static str {
    match entry.adopted {
        Some(Adoption::HalfMade) => " (taking over the page an interrupted run made)",
        Some(Adoption::Asked) => " (taking over the page, as --adopt asks)",
        Some(Adoption::Reused) => " (taking over sopkit's page of an SOP that is gone)",
        None => "",
    }
}

/// One page's line: what happens (or happened) to it.
pub(crate) fn line(entry: &Entry, id: Option<&str>, target: &Target, dry_run: bool) -> String {
    let verb = match (entry.action, dry_run) {
        (Action::Create, true) => "create",
        (Action::Create, false) => "created",
        (Action::Update, true) => "update",
        (Action::Update, false) => "updated",
        (Action::Unchanged, _) => "unchanged",
        (Action::Stale, _) => "stale",
    };
    let url = id.map_or(String::new(), |id| format!("  {}", page_url(target, id)));
    let stale = if entry.action == Action::Stale {
        " (its SOP is gone; sopkit never deletes a page)"
    } else {
        ""
    };
    format!(
        "{verb:<9}  {}  [{}]{url}{}{stale}",
        shown(&entry.title),
        shown(&entry.key),
        adopted(entry)
    )
}

/// The counts of a plan, or of what a run did.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Summary {
    pub(crate) created: usize,
    pub(crate) updated: usize,
    pub(crate) unchanged: usize,
    pub(crate) stale: usize,
}

impl Summary {
    pub(crate) fn of(plan: &Plan, outcome: Option<&Outcome>) -> Self {
        let mut summary = Self::default();
        for (i, entry) in plan.entries.iter().enumerate() {
            if outcome.is_some_and(|o| !o.done[i]) {
                continue;
            }
            match entry.action {
                Action::Create => summary.created += 1,
                Action::Update => summary.updated += 1,
                Action::Unchanged => summary.unchanged += 1,
                Action::Stale => summary.stale += 1,
            }
        }
        summary
    }

    pub(crate) fn human(&self, dry_run: bool) -> String {
        if dry_run {
            format!(
                "dry run: {} to create, {} to update, {} unchanged, {} stale; nothing written",
                self.created, self.updated, self.unchanged, self.stale
            )
        } else {
            format!(
                "{} created, {} updated, {} unchanged, {} stale",
                self.created, self.updated, self.unchanged, self.stale
            )
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    dry_run: bool,
    pages: Vec<JsonPage<'a>>,
    summary: Summary,
    /// Why the run stopped, when it did.
    error: Option<String>,
}

#[derive(Serialize)]
struct JsonPage<'a> {
    sop: &'a str,
    title: &'a str,
    action: Action,
    id: Option<&'a str>,
    url: Option<String>,
    /// Whether the action was carried out (false in a dry run, and for the
    /// pages a failed run did not reach).
    done: bool,
    /// Why the page cannot be published.
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: Option<&'a str>,
}

/// The JSON document of `--format json`.
pub(crate) fn json(
    out: &mut dyn Write,
    plan: &Plan,
    outcome: Option<&Outcome>,
    target: &Target,
    dry_run: bool,
    error: Option<String>,
) -> io::Result<()> {
    let pages = plan
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let id = outcome
                .and_then(|o| o.ids[i].as_deref())
                .or_else(|| entry.existing.as_ref().map(|e| e.id.as_str()));
            JsonPage {
                sop: &entry.key,
                title: &entry.title,
                action: entry.action,
                id,
                url: id.map(|id| page_url(target, id)),
                done: outcome.is_some_and(|o| o.done[i]),
                refused: entry.refused.as_deref(),
            }
        })
        .collect();
    let report = JsonReport {
        version: 1,
        dry_run,
        pages,
        summary: Summary::of(plan, if dry_run { None } else { outcome }),
        error,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// What a run that stopped midway wrote and did not, for standard error.
pub(crate) fn midway(plan: &Plan, outcome: &Outcome) -> String {
    let Some((failed, _)) = &outcome.failure else {
        return String::new();
    };
    let written: Vec<String> = plan
        .entries
        .iter()
        .zip(&outcome.done)
        .filter(|(e, done)| **done && matches!(e.action, Action::Create | Action::Update))
        .map(|(e, _)| shown(&e.title))
        .collect();
    let not_written: Vec<String> = plan
        .entries
        .iter()
        .enumerate()
        .filter(|(i, e)| i > failed && matches!(e.action, Action::Create | Action::Update))
        .map(|(_, e)| shown(&e.title))
        .collect();
    let entry = &plan.entries[*failed];
    let mut text = if outcome.failed_midway() {
        format!(
            "  stopped at “{}” [{}]: the page exists but is not finished\n",
            shown(&entry.title),
            shown(&entry.key)
        )
    } else {
        format!(
            "  stopped at “{}” [{}]: not written\n",
            entry.title, entry.key
        )
    };
    let list = |pages: &[String]| {
        if pages.is_empty() {
            "none".to_owned()
        } else {
            format!("{} ({})", pages.join(", "), pages.len())
        }
    };
    text.push_str(&format!("  written before it: {}\n", list(&written)));
    text.push_str(&format!("  not written: {}\n", list(&not_written)));
    text.push_str("  help: publish again when the problem is solved: it writes what is missing and finishes the page it stopped at");
    text
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::confluence::client::Client;
    use crate::confluence::client::tests::{Canned, reply};
    use crate::confluence::execute::execute;
    use crate::confluence::pages::{Page, Pages, Parent};
    use crate::confluence::plan::plan;
    use crate::confluence::remote::Remote;

    fn page(key: &str, title: &str, parent: Parent, labels: &[&str]) -> Page {
        Page {
            key: key.into(),
            title: title.into(),
            parent,
            body: "<p>x</p>".into(),
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            flowchart: None,
            fingerprint: format!("fp-{key}"),
            content: format!("c-{key}"),
            file: PathBuf::new(),
        }
    }

    #[test]
    fn a_failure_midway_says_what_was_written_and_what_was_not() {
        let pages = Pages {
            pages: vec![
                page("department:Ops", "Ops", Parent::Root, &[]),
                page("OPS-1", "Restart", Parent::Department(0), &["sop", "ops"]),
                page("OPS-2", "Rotate", Parent::Department(0), &["sop", "ops"]),
            ],
        };
        let remote = Remote {
            space_id: "9".into(),
            parent_id: "100".into(),
            ..Remote::default()
        };
        let plan = plan(&pages, &remote, false);
        let mut replies = vec![
            Ok(reply(200, &[], r#"{"id":"10","title":"Ops"}"#)),
            Ok(reply(
                200,
                &[],
                r#"{"id":"p10","key":"sopkit","value":{},"version":{"number":1}}"#,
            )),
            Ok(reply(200, &[], r#"{"id":"11","title":"Restart"}"#)),
        ];
        replies.extend((0..5).map(|_| Ok(reply(503, &[], "{}"))));
        let canned = Canned::new(replies);
        let sleep = |_| {};
        let client = Client::new(&canned, &sleep);
        let mut finished = Vec::new();
        let outcome = execute(&client, &remote, &pages, &plan, &mut |i, id| {
            finished.push((i, id.map(str::to_owned)));
        });
        assert_eq!(finished, [(0, Some("10".to_owned()))]);
        assert_eq!(outcome.done, [true, false, false]);
        assert_eq!(outcome.ids[1].as_deref(), Some("11"));
        assert!(outcome.failed_midway());
        let (failed, error) = outcome.failure.as_ref().expect("a failure");
        assert_eq!(*failed, 1);
        assert_eq!(error.status(), Some(503));
        let requests = canned.requests.borrow();
        let made: serde_json::Value = serde_json::from_slice(&requests[2].body).unwrap();
        assert_eq!(
            made["parentId"], "10",
            "the SOP goes under its department's new page"
        );
        assert_eq!(requests[3].path, "/wiki/rest/api/content/11/label");
        assert_eq!(
            requests.len(),
            8,
            "five tries of the labels, then nothing more"
        );
        let said = midway(&plan, &outcome);
        assert!(
            said.contains("stopped at “Restart” [OPS-1]: the page exists but is not finished"),
            "{said}"
        );
        assert!(said.contains("written before it: Ops (1)"), "{said}");
        assert!(said.contains("not written: Rotate (1)"), "{said}");
    }
}
