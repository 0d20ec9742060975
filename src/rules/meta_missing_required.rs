//! ## What it does
//! Reports an optional key that `sopkit.toml` makes required
//! (`require = ["id", "owner", "review_by"]`) but the SOP does not have.
//!
//! ## Why is this bad?
//! Document control needs more than the format demands: without an owner
//! nobody keeps the SOP current, without `review_by` nobody is reminded to,
//! and without an `id` nobody can cite it.
//!
//! ## Example
//! With `require = ["owner"]` in `sopkit.toml`, an SOP without `owner`:
//! ```yaml
//! title: Refunding a double charge
//! department: Finance
//! ```
//! Add it:
//! ```yaml
//! owner: Payments team
//! ```

use super::{FileContext, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::Sop;

/// Whether the SOP has the optional top-level key.
fn has_key(sop: &Sop, key: &str) -> bool {
    match key {
        "id" => sop.id.is_some(),
        "version" => sop.version.is_some(),
        "status" => sop.status.is_some(),
        "owner" => sop.owner.is_some(),
        "effective" => sop.effective.is_some(),
        "review_by" => sop.review_by.is_some(),
        "language" => sop.language.is_some(),
        "translation_of" => sop.translation_of.is_some(),
        "scope" => sop.scope.is_some(),
        "roles" => sop.roles.as_ref().is_some_and(|r| !r.is_empty()),
        "metrics" => !sop.metrics.is_empty(),
        "references" => !sop.references.is_empty(),
        "revisions" => !sop.revisions.is_empty(),
        "approvals" => !sop.approvals.is_empty(),
        "tags" => !sop.tags.is_empty(),
        _ => true,
    }
}

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for key in &ctx.config.required_keys {
        if has_key(ctx.sop, key) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::MetaMissingRequired,
                ctx.sop.span,
                format!("the SOP has no `{key}`, which sopkit.toml requires"),
            )
            .with_label(format!("`{key}` belongs in this mapping"))
            .with_help(ctx.format().add_key_help(key)),
        );
    }
}
