//! The Page Properties (`details`) table at the top of an SOP's page, and
//! the Page Properties Report on a department's page that lists them.

use std::fmt::Write as _;

use super::SiteLinks;
use crate::model::Status;
use crate::render::escape::xml as escape;
use crate::render::{Document, Spool};

/// The Page Properties id of sopkit's `details` macro: the department
/// page's report selects these macros only, and `publish` recognises a
/// page it made by it.
pub(crate) const PROPERTIES_ID: &str = "sopkit";

/// The keys of the Page Properties table, in order (English on every page,
/// so that one report reads SOPs in every language).
pub(crate) mod key {
    pub(crate) const TITLE: &str = "Title";
    pub(crate) const ID: &str = "ID";
    pub(crate) const DEPARTMENT: &str = "Department";
    pub(crate) const VERSION: &str = "Version";
    pub(crate) const STATUS: &str = "Status";
    pub(crate) const OWNER: &str = "Owner";
    pub(crate) const EFFECTIVE: &str = "Effective";
    pub(crate) const REVIEW_BY: &str = "Review by";
    pub(crate) const SOURCE: &str = "Source";
}

/// The colour of a status lozenge (Confluence's five: Grey, Red, Yellow,
/// Green, Blue): grey not yet in force, blue in progress, green in force,
/// red no longer to be used.
pub(crate) fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Draft => "Grey",
        Status::Review => "Blue",
        Status::Approved => "Green",
        Status::Retired => "Red",
    }
}

/// A `status` macro (its parameter is spelled `colour`).
fn status_macro(title: &str, colour: &str) -> String {
    format!(
        "<ac:structured-macro ac:name=\"status\"><ac:parameter ac:name=\"title\">{}</ac:parameter><ac:parameter ac:name=\"colour\">{colour}</ac:parameter></ac:structured-macro>",
        escape(title)
    )
}

/// The `details` macro: the document control, and the source file in a
/// build or a publish.
pub(super) fn properties(doc: &Document<'_>, site: Option<SiteLinks<'_>>, b: &mut Spool<'_>) {
    let (sop, l) = (doc.sop, doc.labels);
    let _ = write!(
        b,
        "<ac:structured-macro ac:name=\"details\"><ac:parameter ac:name=\"id\">{PROPERTIES_ID}</ac:parameter><ac:rich-text-body>\n<table><tbody>\n"
    );
    let mut row = |key: &str, cell: String| {
        let _ = writeln!(b, "<tr><th>{key}</th><td>{cell}</td></tr>");
    };
    let text = |v: &Option<crate::model::Sp<String>>| v.as_ref().map(|v| escape(&v.value));
    let date = |v: &Option<crate::model::Sp<crate::model::Date>>| {
        v.as_ref()
            .map(|d| format!("<time datetime=\"{}\" />", d.value.0))
    };
    row(key::TITLE, escape(&sop.title.value));
    if let Some(id) = text(&sop.id) {
        row(key::ID, id);
    }
    row(key::DEPARTMENT, escape(&sop.department.value));
    if let Some(version) = text(&sop.version) {
        row(key::VERSION, version);
    }
    let status = sop.status();
    row(
        key::STATUS,
        status_macro(l.status_name(status), status_colour(status)),
    );
    if let Some(owner) = text(&sop.owner) {
        row(key::OWNER, owner);
    }
    if let Some(effective) = date(&sop.effective) {
        row(key::EFFECTIVE, effective);
    }
    if let Some(review) = date(&sop.review_by) {
        row(key::REVIEW_BY, review);
    }
    if let Some(site) = site {
        row(key::SOURCE, escape(site.source));
    }
    b.push_str("</tbody></table>\n</ac:rich-text-body></ac:structured-macro>\n");
}

/// The body of a department's page: a Page Properties Report of the SOPs
/// labelled `sop` and `label` (the department's label) in the space: one
/// table of every SOP with its id, version, status, owner and review date.
pub(crate) fn department_page(department: &str, label: &str) -> String {
    // The CQL names the labels in double quotes; a label has none (it is
    // a slug), and the whole query is XML-escaped once more as text.
    let cql = format!("label = \"sop\" and label = \"{label}\" and space = currentSpace()");
    let headings = [
        key::ID,
        key::VERSION,
        key::STATUS,
        key::OWNER,
        key::REVIEW_BY,
    ]
    .join(",");
    format!(
        "<p>The standard operating procedures of <strong>{}</strong>. Each page below is published by sopkit from its SOP file: change the file, not the page.</p>\n\
         <ac:structured-macro ac:name=\"detailssummary\"><ac:parameter ac:name=\"id\">{PROPERTIES_ID}</ac:parameter><ac:parameter ac:name=\"firstcolumn\">SOP</ac:parameter><ac:parameter ac:name=\"headings\">{}</ac:parameter><ac:parameter ac:name=\"sortBy\">Title</ac:parameter><ac:parameter ac:name=\"cql\">{}</ac:parameter></ac:structured-macro>\n",
        escape(department),
        escape(&headings),
        escape(&cql)
    )
}
