//! Plan, then act (like `terraform plan`): what to do with every page,
//! computed from the pages sopkit wants and what the space holds, with no
//! call made. `--dry-run` prints this; `publish` then carries it out.
//!
//! A page is found by sopkit's property, never by its title alone. A page
//! that holds a wanted title but lacks the property is someone else's and is
//! never touched, unless it is a page sopkit made in a run that failed
//! before setting the property (its body carries sopkit's macro with the
//! page's key: taken over without asking) or `--adopt` asks to take it over.

use std::collections::HashSet;

use super::pages::{Page, Pages, Parent};
use super::remote::{Found, Remote};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Action {
    Create,
    Update,
    Unchanged,
    /// sopkit's page whose SOP is gone: listed, never deleted.
    Stale,
}

/// Why a page without sopkit's property is taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Adoption {
    /// sopkit made it in a run that failed before setting the property.
    HalfMade,
    /// `--adopt`.
    Asked,
    /// sopkit's page of an SOP that is gone, whose title this page wants.
    Reused,
}

/// What happens to one page.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The `sopkit` property's `sop`.
    pub(crate) key: String,
    pub(crate) title: String,
    pub(crate) action: Action,
    /// The wanted page (an index into [`Pages::pages`]); none for a stale page.
    pub(crate) page: Option<usize>,
    /// The page in Confluence it is (none for a page to create).
    pub(crate) existing: Option<Found>,
    pub(crate) adopted: Option<Adoption>,
    /// Why the page cannot be published: nothing at all is written then.
    pub(crate) refused: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) entries: Vec<Entry>,
}

impl Plan {
    pub(crate) fn refusals(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.refused.is_some())
    }
}

fn describe(found: &Found) -> String {
    format!("“{}” (page {})", found.title, found.id)
}

/// The plan for `pages` in the space as `remote` found it.
pub(crate) fn plan(pages: &Pages, remote: &Remote, adopt: bool) -> Plan {
    let wanted: HashSet<&str> = pages.pages.iter().map(|p| p.key.as_str()).collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut entries: Vec<Entry> = Vec::with_capacity(pages.pages.len());
    for (i, page) in pages.pages.iter().enumerate() {
        let mut entry = Entry {
            key: page.key.clone(),
            title: page.title.clone(),
            action: Action::Create,
            page: Some(i),
            existing: None,
            adopted: None,
            refused: None,
        };
        let holder = remote
            .titles
            .get(&page.title.to_lowercase())
            .and_then(Option::as_ref);
        if let Some(mine) = remote.page_of(&page.key) {
            used.insert(mine.id.clone());
            let parent = match page.parent {
                Parent::Root => Some(remote.parent_id.as_str()),
                Parent::Department(d) => entries[d].existing.as_ref().map(|e| e.id.as_str()),
            };
            update_mine(&mut entry, page, mine, parent, holder);
        } else if let Some(holder) = holder {
            take_over(&mut entry, page, holder, adopt, |sop| {
                !wanted.contains(sop) && !used.contains(&holder.id)
            });
            used.insert(holder.id.clone());
        }
        entries.push(entry);
    }
    for page in &remote.ours {
        if used.insert(page.id.clone()) {
            entries.push(Entry {
                key: page
                    .stored
                    .as_ref()
                    .map_or_else(String::new, |s| s.sop.clone()),
                title: page.title.clone(),
                action: Action::Stale,
                page: None,
                existing: Some(page.clone()),
                adopted: None,
                refused: None,
            });
        }
    }
    Plan { entries }
}

/// `page` is sopkit's page `mine`: unchanged when its fingerprint, title
/// and parent (`parent`'s id) are the same, else updated; refused when
/// another page, `holder`, holds its new title.
fn update_mine(
    entry: &mut Entry,
    page: &Page,
    mine: &Found,
    parent: Option<&str>,
    holder: Option<&Found>,
) {
    let same = mine
        .stored
        .as_ref()
        .is_some_and(|s| s.fingerprint == page.fingerprint)
        && mine.title == page.title
        && parent.is_some()
        && mine.parent_id.as_deref() == parent;
    entry.action = if same {
        Action::Unchanged
    } else {
        Action::Update
    };
    if let Some(other) = holder.filter(|h| h.id != mine.id) {
        entry.refused = Some(format!(
            "its new title is held by {}; rename or move that page in Confluence first",
            describe(other)
        ));
    }
    entry.existing = Some(mine.clone());
}

/// `page` has no page of its own, and `holder` holds its title: taken
/// over when it is sopkit's page of a gone SOP (`reusable` says so of its
/// SOP's key), half made by sopkit, or `adopt` asks; else refused.
fn take_over(
    entry: &mut Entry,
    page: &Page,
    holder: &Found,
    adopt: bool,
    reusable: impl Fn(&str) -> bool,
) {
    entry.action = Action::Update;
    match &holder.stored {
        Some(stored) if stored.sop == page.key => {}
        Some(stored) if reusable(&stored.sop) => entry.adopted = Some(Adoption::Reused),
        Some(stored) => {
            entry.refused = Some(format!(
                "its title is held by {}, sopkit's page of `{}`",
                describe(holder),
                stored.sop
            ));
        }
        None if holder.half_made => entry.adopted = Some(Adoption::HalfMade),
        None if adopt => entry.adopted = Some(Adoption::Asked),
        None => {
            entry.refused = Some(format!(
                "a page sopkit did not make, {}, has this title; sopkit never touches it: rename or move that page, or publish with --adopt to take it over",
                describe(holder)
            ));
        }
    }
    entry.existing = Some(holder.clone());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::confluence::remote::Stored;
    use std::path::PathBuf;

    fn page(key: &str, title: &str, parent: Parent, fingerprint: &str) -> Page {
        Page {
            key: key.into(),
            title: title.into(),
            parent,
            body: String::new(),
            labels: Vec::new(),
            flowchart: None,
            fingerprint: fingerprint.into(),
            content: String::new(),
            file: PathBuf::new(),
        }
    }

    fn found(id: &str, title: &str, parent: &str, sop: Option<(&str, &str)>) -> Found {
        Found {
            id: id.into(),
            title: title.into(),
            parent_id: Some(parent.into()),
            property: None,
            stored: sop.map(|(sop, fingerprint)| Stored {
                sop: sop.into(),
                fingerprint: fingerprint.into(),
                ..Stored::default()
            }),
            half_made: false,
        }
    }

    fn pages() -> Pages {
        Pages {
            pages: vec![
                page("department:Ops", "Ops", Parent::Root, "d1"),
                page("OPS-1", "Restart", Parent::Department(0), "a1"),
                page("OPS-2", "Rotate", Parent::Department(0), "b1"),
            ],
        }
    }

    fn actions(plan: &Plan) -> Vec<(&str, Action, bool)> {
        plan.entries
            .iter()
            .map(|e| (e.key.as_str(), e.action, e.refused.is_some()))
            .collect()
    }

    #[test]
    fn an_empty_space_gets_every_page() {
        let remote = Remote {
            parent_id: "100".into(),
            ..Remote::default()
        };
        let plan = plan(&pages(), &remote, false);
        assert_eq!(
            actions(&plan),
            [
                ("department:Ops", Action::Create, false),
                ("OPS-1", Action::Create, false),
                ("OPS-2", Action::Create, false)
            ]
        );
    }

    #[test]
    fn fingerprints_decide_and_gone_sops_are_stale() {
        let remote = Remote {
            parent_id: "100".into(),
            ours: vec![
                found("200", "Ops", "100", Some(("department:Ops", "d1"))),
                found("201", "Restart", "200", Some(("OPS-1", "a1"))),
                found("202", "Rotate", "200", Some(("OPS-2", "OLD"))),
                found("203", "Retired thing", "200", Some(("OPS-9", "c1"))),
            ],
            ..Remote::default()
        };
        let plan = plan(&pages(), &remote, false);
        assert_eq!(
            actions(&plan),
            [
                ("department:Ops", Action::Unchanged, false),
                ("OPS-1", Action::Unchanged, false),
                ("OPS-2", Action::Update, false),
                ("OPS-9", Action::Stale, false)
            ]
        );
    }

    #[test]
    fn a_page_moved_by_hand_is_moved_back() {
        let remote = Remote {
            parent_id: "100".into(),
            ours: vec![
                found("200", "Ops", "100", Some(("department:Ops", "d1"))),
                found("201", "Restart", "999", Some(("OPS-1", "a1"))),
            ],
            ..Remote::default()
        };
        assert_eq!(
            plan(&pages(), &remote, false).entries[1].action,
            Action::Update
        );
    }

    #[test]
    fn a_foreign_page_is_refused_unless_adopted_or_half_made() {
        let mut remote = Remote {
            parent_id: "100".into(),
            ..Remote::default()
        };
        let foreign = found("300", "Restart", "1", None);
        remote
            .titles
            .insert("restart".into(), Some(foreign.clone()));
        let refused = plan(&pages(), &remote, false);
        let why = refused.entries[1].refused.as_deref().expect("refused");
        assert!(
            why.contains("“Restart” (page 300)") && why.contains("--adopt"),
            "{why}"
        );
        let adopted = plan(&pages(), &remote, true);
        assert_eq!(adopted.entries[1].adopted, Some(Adoption::Asked));
        assert_eq!(adopted.entries[1].action, Action::Update);
        remote.titles.insert(
            "restart".into(),
            Some(Found {
                half_made: true,
                ..foreign
            }),
        );
        let half = plan(&pages(), &remote, false);
        assert_eq!(half.entries[1].adopted, Some(Adoption::HalfMade));
        assert!(half.refusals().next().is_none());
    }

    #[test]
    fn a_title_held_by_another_wanted_sop_is_refused() {
        let mut remote = Remote {
            parent_id: "100".into(),
            ..Remote::default()
        };
        remote.titles.insert(
            "restart".into(),
            Some(found("301", "Restart", "200", Some(("OPS-2", "x")))),
        );
        let plan = plan(&pages(), &remote, true);
        assert!(
            plan.entries[1]
                .refused
                .as_deref()
                .unwrap()
                .contains("`OPS-2`")
        );
    }
}
