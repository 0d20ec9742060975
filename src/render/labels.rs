//! Section labels in the SOP's own language ("Purpose", "Propósito",
//! "Scopo", "Účel" …), chosen by the primary subtag of `language`, falling
//! back to English.

mod cs;
mod de;
mod en;
mod es;
mod fr;
mod it;
mod pt;

pub(crate) use cs::CS;
pub(crate) use de::DE;
pub(crate) use en::EN;
pub(crate) use es::ES;
pub(crate) use fr::FR;
pub(crate) use it::IT;
pub(crate) use pt::PT;

pub struct Labels {
    pub language_name: &'static str,
    pub id: &'static str,
    pub department: &'static str,
    pub version: &'static str,
    pub status: &'static str,
    pub owner: &'static str,
    pub effective: &'static str,
    pub review_by: &'static str,
    pub purpose: &'static str,
    pub scope: &'static str,
    pub terms: &'static str,
    pub term: &'static str,
    pub definition: &'static str,
    pub roles: &'static str,
    pub role: &'static str,
    pub description: &'static str,
    pub metrics: &'static str,
    pub metric: &'static str,
    pub target: &'static str,
    pub kind: &'static str,
    pub flowchart: &'static str,
    pub instructions: &'static str,
    pub step: &'static str,
    pub duration: &'static str,
    /// The heading of a step's substeps (in the BPMN task's documentation).
    pub substeps: &'static str,
    pub say: &'static str,
    pub note: &'static str,
    pub warning: &'static str,
    pub go_to: &'static str,
    pub ends: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    /// The swimlane of steps without a role.
    pub no_role: &'static str,
    pub revisions: &'static str,
    /// The approval block of a controlled document (PDF, DOCX), and the
    /// approvals section of the pages.
    pub approvals: &'static str,
    pub name: &'static str,
    pub signature: &'static str,
    /// The blank rows of an approval block when the SOP lists no approvals.
    pub sign_off: [&'static str; 3],
    /// A controlled document's page number: `{page}` and `{pages}` are
    /// replaced (by fields in DOCX), so each language orders them its way.
    pub page_of: &'static str,
    /// The printable checklist (`--checklist`) and its columns.
    pub checklist: &'static str,
    pub done: &'static str,
    pub initials: &'static str,
    pub time: &'static str,
    pub date: &'static str,
    pub author: &'static str,
    pub summary: &'static str,
    pub references: &'static str,
    pub tags: &'static str,
    pub also_in: &'static str,
    pub index: &'static str,
    pub overdue: &'static str,
    /// Under a flowchart whose roles are too many for lanes side by side.
    pub roles_in_boxes: &'static str,
    /// Under a flowchart too wide to run down the page.
    pub turned_to_fit: &'static str,
    pub title: &'static str,
    /// draft, review, approved, retired.
    pub statuses: [&'static str; 4],
    /// response, turnaround, other.
    pub metric_kinds: [&'static str; 3],
}

impl Labels {
    /// The labels for a BCP 47 tag (`pt-BR` → Portuguese), English when unknown.
    pub(crate) fn for_language(tag: &str) -> &'static Self {
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "pt" => &PT,
            "it" => &IT,
            "cs" => &CS,
            "es" => &ES,
            "de" => &DE,
            "fr" => &FR,
            _ => &EN,
        }
    }

    /// "Page 3 of 7": the text before the page number, between it and the
    /// count, and after the count.
    pub(crate) fn page_of_parts(&self) -> [&'static str; 3] {
        let (before, rest) = self.page_of.split_once("{page}").unwrap_or(("", ""));
        let (between, after) = rest.split_once("{pages}").unwrap_or((rest, ""));
        [before, between, after]
    }

    pub(crate) fn status_name(&self, status: crate::model::Status) -> &'static str {
        use crate::model::Status;
        let i = match status {
            Status::Draft => 0,
            Status::Review => 1,
            Status::Approved => 2,
            Status::Retired => 3,
        };
        self.statuses[i]
    }

    pub(crate) fn metric_kind_name(&self, kind: crate::model::MetricKind) -> &'static str {
        use crate::model::MetricKind;
        let i = match kind {
            MetricKind::Response => 0,
            MetricKind::Turnaround => 1,
            MetricKind::Other => 2,
        };
        self.metric_kinds[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_fall_back_to_english() {
        assert_eq!(Labels::for_language("pt-BR").purpose, "Propósito");
        assert_eq!(Labels::for_language("it").purpose, "Scopo");
        assert_eq!(Labels::for_language("cs").purpose, "Účel");
        assert_eq!(Labels::for_language("de-AT").purpose, "Zweck");
        assert_eq!(Labels::for_language("ja").purpose, "Purpose");
    }

    #[test]
    fn every_page_number_has_both_places() {
        for labels in [&EN, &PT, &IT, &CS, &ES, &DE, &FR] {
            let [before, between, after] = labels.page_of_parts();
            let joined = format!("{before}3{between}7{after}");
            assert_eq!(
                joined,
                labels
                    .page_of
                    .replace("{page}", "3")
                    .replace("{pages}", "7")
            );
            assert!(!between.trim().is_empty(), "{}", labels.page_of);
        }
        assert_eq!(CS.page_of_parts(), ["Strana ", " z ", ""]);
    }
}
