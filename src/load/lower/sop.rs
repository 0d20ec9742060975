//! The top level of an SOP, its metrics, its revisions and its approvals.

use super::{Lower, Numbers, Quoted};
use crate::load::scalars::is_language_tag;
use crate::load::tree::{Node, Value};
use crate::model::{Approval, Metric, MetricKind, Revision, Sop, Sp, Status};

impl Lower<'_> {
    pub(super) fn sop(&mut self, root: &Node) -> Option<Sop> {
        if let Value::Null = root.value {
            self.invalid(
                root.span,
                "the file is empty".into(),
                Some(format!(
                    "an SOP is a mapping with {}",
                    Sop::REQUIRED_KEYS.join(", ")
                )),
            );
            return None;
        }
        let f = self.fields(root, &"the SOP", Sop::KEYS)?;
        for key in Sop::REQUIRED_KEYS {
            self.required(&f, key, &"the SOP");
        }
        let empty = || Sp::new(String::new(), f.span);
        let text = |me: &mut Self, key: &str| f.get(key).and_then(|n| me.text(n, &Quoted(key)));
        let ident = |me: &mut Self, key: &str| f.get(key).and_then(|n| me.ident(n, &Quoted(key)));
        let date = |me: &mut Self, key: &str| f.get(key).and_then(|n| me.date(n, &Quoted(key)));
        let title = text(self, "title").unwrap_or_else(empty);
        let department = text(self, "department").unwrap_or_else(empty);
        let purpose = text(self, "purpose").unwrap_or_else(empty);
        let language = text(self, "language");
        if let Some(lang) = &language
            && !is_language_tag(&lang.value)
        {
            self.invalid(
                lang.span,
                format!("`language` must be a BCP 47 tag, found `{}`", lang.value),
                Some("write a tag such as en, pt-BR, it or cs".into()),
            );
            // `pt_BR` is the POSIX spelling of `pt-BR`: the same language.
            let dashed = lang.value.replace('_', "-");
            if dashed != lang.value
                && is_language_tag(&dashed)
                && let Some(d) = self.diagnostics.last_mut()
            {
                d.fix = crate::fix::replace_with(self.src, lang.span, &dashed).map(Box::new);
            }
        }
        let terms = f.get("terms").and_then(|n| {
            let what = "the definition of";
            self.text_map(n, &"`terms`", &what, Numbers::Refused)
        });
        Some(Sop {
            id: ident(self, "id"),
            title,
            department,
            version: ident(self, "version"),
            status: f
                .get("status")
                .and_then(|n| self.choice(n, &"`status`", &Status::ALL)),
            owner: text(self, "owner"),
            effective: date(self, "effective"),
            review_by: date(self, "review_by"),
            language,
            translation_of: ident(self, "translation_of"),
            purpose,
            scope: text(self, "scope"),
            terms: terms.clone().unwrap_or_default(),
            // Misspelt or unreadable terms are reported; comparing them with
            // the text would only repeat that one mistake (a misspelt key
            // surely meant as `terms` is read as `terms`).
            terms_unreadable: (f.get("terms").is_some() && terms.is_none())
                || (f.misspelt.contains(&"terms")
                    && !f.guessed.iter().any(|(k, ..)| *k == "terms")),
            roles: f.get("roles").and_then(|n| {
                let what = "the description of role";
                self.text_map(n, &"`roles`", &what, Numbers::Refused)
            }),
            metrics: f
                .get("metrics")
                .map(|n| self.metrics(n))
                .unwrap_or_default(),
            references: f
                .get("references")
                .map(|n| self.list_of(n, &"a reference", Numbers::Allowed))
                .unwrap_or_default(),
            revisions: f
                .get("revisions")
                .map(|n| self.revisions(n))
                .unwrap_or_default(),
            approvals: f
                .get("approvals")
                .map(|n| self.approvals(n))
                .unwrap_or_default(),
            tags: f
                .get("tags")
                .map(|n| self.list_of(n, &"a tag", Numbers::Allowed))
                .unwrap_or_default(),
            instructions: f
                .get("instructions")
                .map(|n| self.instructions(n))
                .unwrap_or_default(),
            span: self.first_line(f.span),
        })
    }

    fn metrics(&mut self, node: &Node) -> Vec<Metric> {
        let items = self.list(node, &"`metrics`");
        let mut metrics = Vec::new();
        for item in items {
            let Some(f) = self.fields(item, &"a metric", Metric::KEYS) else {
                continue;
            };
            let name = self
                .required(&f, "name", &"a metric")
                .and_then(|n| self.text(n, &"the metric's `name`"));
            let target = self
                .required(&f, "target", &"a metric")
                .and_then(|n| self.duration(n, &"the metric's `target`"));
            let kind = f
                .get("kind")
                .and_then(|n| self.choice(n, &"the metric's `kind`", &MetricKind::ALL));
            if let (Some(name), Some(target)) = (name, target) {
                metrics.push(Metric {
                    name,
                    target,
                    kind,
                    span: self.first_line(f.span),
                });
            }
        }
        metrics
    }

    fn revisions(&mut self, node: &Node) -> Vec<Revision> {
        let items = self.list(node, &"`revisions`");
        let mut revisions = Vec::new();
        for item in items {
            let Some(f) = self.fields(item, &"a revision", Revision::KEYS) else {
                continue;
            };
            revisions.push(Revision {
                version: f
                    .get("version")
                    .and_then(|n| self.ident(n, &"the revision's `version`")),
                date: f
                    .get("date")
                    .and_then(|n| self.date(n, &"the revision's `date`")),
                author: f
                    .get("author")
                    .and_then(|n| self.text(n, &"the revision's `author`")),
                summary: f
                    .get("summary")
                    .and_then(|n| self.text(n, &"the revision's `summary`")),
            });
        }
        revisions
    }

    fn approvals(&mut self, node: &Node) -> Vec<Approval> {
        let items = self.list(node, &"`approvals`");
        let mut approvals = Vec::new();
        for item in items {
            let Some(f) = self.fields(item, &"an approval", Approval::KEYS) else {
                continue;
            };
            let name = self
                .required(&f, "name", &"an approval")
                .and_then(|n| self.text(n, &"the approval's `name`"));
            let role = self
                .required(&f, "role", &"an approval")
                .and_then(|n| self.text(n, &"the approval's `role`"));
            let date = f
                .get("date")
                .and_then(|n| self.date(n, &"the approval's `date`"));
            if let (Some(name), Some(role)) = (name, role) {
                approvals.push(Approval {
                    name,
                    role,
                    date,
                    span: self.first_line(f.span),
                });
            }
        }
        approvals
    }
}
