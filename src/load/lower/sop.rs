//! The top level of an SOP, its metrics, its revisions and its approvals.

use super::fields::Fields;
use super::{Lower, Numbers, Quoted};
use crate::load::scalars::is_language_tag;
use crate::load::tree::{Node, Value};
use crate::model::{Approval, KeyedMap, Metric, MetricKind, Revision, Sop, Sp, Status};
use crate::source::Span;

impl Lower<'_> {
    pub(super) fn sop(&mut self, root: Node<'_>) -> Option<Sop> {
        if let Value::Null = root.value {
            self.empty_file(root.span);
            return None;
        }
        let mut f = self.fields(root, &"the SOP", Sop::KEYS)?;
        for key in Sop::REQUIRED_KEYS {
            self.require(&f, key, &"the SOP");
        }
        let span = f.span;
        let empty = || Sp::new(String::new(), span);
        let text = |me: &mut Self, f: &mut Fields<'_>, key: &str| {
            f.take(key).and_then(|n| me.text(n, &Quoted(key)))
        };
        let ident = |me: &mut Self, f: &mut Fields<'_>, key: &str| {
            f.take(key).and_then(|n| me.ident(n, &Quoted(key)))
        };
        let date = |me: &mut Self, f: &mut Fields<'_>, key: &str| {
            f.take(key).and_then(|n| me.date(n, &Quoted(key)))
        };
        let title = text(self, &mut f, "title").unwrap_or_else(empty);
        let department = text(self, &mut f, "department").unwrap_or_else(empty);
        let purpose = text(self, &mut f, "purpose").unwrap_or_else(empty);
        let language = text(self, &mut f, "language");
        if let Some(lang) = &language {
            self.check_language(lang);
        }
        let (terms, terms_unreadable) = self.terms(&mut f);
        Some(Sop {
            id: ident(self, &mut f, "id"),
            title,
            department,
            version: ident(self, &mut f, "version"),
            status: f
                .take("status")
                .and_then(|n| self.choice(n, &"`status`", &Status::ALL)),
            owner: text(self, &mut f, "owner"),
            effective: date(self, &mut f, "effective"),
            review_by: date(self, &mut f, "review_by"),
            language,
            translation_of: ident(self, &mut f, "translation_of"),
            purpose,
            scope: text(self, &mut f, "scope"),
            terms: terms.unwrap_or_default(),
            terms_unreadable,
            roles: f.take("roles").and_then(|n| {
                let what = "the description of role";
                self.text_map(n, &"`roles`", &what, Numbers::Refused)
            }),
            metrics: f
                .take("metrics")
                .map(|n| self.metrics(n))
                .unwrap_or_default(),
            references: f
                .take("references")
                .map(|n| self.list_of(n, &"a reference", Numbers::Allowed))
                .unwrap_or_default(),
            revisions: f
                .take("revisions")
                .map(|n| self.revisions(n))
                .unwrap_or_default(),
            approvals: f
                .take("approvals")
                .map(|n| self.approvals(n))
                .unwrap_or_default(),
            tags: f
                .take("tags")
                .map(|n| self.list_of(n, &"a tag", Numbers::Allowed))
                .unwrap_or_default(),
            instructions: f
                .take("instructions")
                .map(|n| self.instructions(n))
                .unwrap_or_default(),
            span: self.first_line(span),
        })
    }

    /// A file with nothing in it.
    fn empty_file(&mut self, span: Span) {
        self.invalid(
            span,
            "the file is empty".into(),
            Some(format!(
                "an SOP is a mapping with {}",
                Sop::REQUIRED_KEYS.join(", ")
            )),
        );
    }

    /// Reports a `language` that is not a BCP 47 tag, with a fix when it is
    /// one spelt the POSIX way.
    fn check_language(&mut self, lang: &Sp<String>) {
        if is_language_tag(&lang.value) {
            return;
        }
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
            d.fix =
                crate::format::spelling::replace_with(self.src, lang.span, &dashed).map(Box::new);
        }
    }

    /// The terms, and whether they were given but could not be read.
    fn terms(&mut self, f: &mut Fields<'_>) -> (Option<KeyedMap<Sp<String>>>, bool) {
        let has_terms = f.get("terms").is_some();
        let terms = f.take("terms").and_then(|n| {
            let what = "the definition of";
            self.text_map(n, &"`terms`", &what, Numbers::Refused)
        });
        // Misspelt or unreadable terms are reported; comparing them with
        // the text would only repeat that one mistake (a misspelt key
        // surely meant as `terms` is read as `terms`).
        let terms_unreadable = (has_terms && terms.is_none())
            || (f.misspelt.contains(&"terms") && !f.guessed.iter().any(|g| g.meant == "terms"));
        (terms, terms_unreadable)
    }

    fn metrics(&mut self, node: Node<'_>) -> Vec<Metric> {
        let items = self.list(node, &"`metrics`");
        let mut metrics = Vec::new();
        for item in items {
            let Some(mut f) = self.fields(item, &"a metric", Metric::KEYS) else {
                continue;
            };
            let name = self
                .required(&mut f, "name", &"a metric")
                .and_then(|n| self.text(n, &"the metric's `name`"));
            let target = self
                .required(&mut f, "target", &"a metric")
                .and_then(|n| self.duration(n, &"the metric's `target`"));
            let kind = f
                .take("kind")
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

    fn revisions(&mut self, node: Node<'_>) -> Vec<Revision> {
        let items = self.list(node, &"`revisions`");
        let mut revisions = Vec::new();
        for item in items {
            let Some(mut f) = self.fields(item, &"a revision", Revision::KEYS) else {
                continue;
            };
            revisions.push(Revision {
                version: f
                    .take("version")
                    .and_then(|n| self.ident(n, &"the revision's `version`")),
                date: f
                    .take("date")
                    .and_then(|n| self.date(n, &"the revision's `date`")),
                author: f
                    .take("author")
                    .and_then(|n| self.text(n, &"the revision's `author`")),
                summary: f
                    .take("summary")
                    .and_then(|n| self.text(n, &"the revision's `summary`")),
            });
        }
        revisions
    }

    fn approvals(&mut self, node: Node<'_>) -> Vec<Approval> {
        let items = self.list(node, &"`approvals`");
        let mut approvals = Vec::new();
        for item in items {
            let Some(mut f) = self.fields(item, &"an approval", Approval::KEYS) else {
                continue;
            };
            let name = self
                .required(&mut f, "name", &"an approval")
                .and_then(|n| self.text(n, &"the approval's `name`"));
            let role = self
                .required(&mut f, "role", &"an approval")
                .and_then(|n| self.text(n, &"the approval's `role`"));
            let date = f
                .take("date")
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
