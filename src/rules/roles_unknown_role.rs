//! ## What it does
//! When the SOP lists its `roles`, reports a step whose `role` is not one of
//! them, and suggests the closest role.
//!
//! ## Why is this bad?
//! A step assigned to a role nobody holds is a step nobody does. Usually the
//! role is misspelt, or was renamed in `roles` and not in the steps.
//!
//! ## Example
//! ```yaml
//! roles:
//!   picker: Warehouse picker
//! instructions:
//!   - text: Pack the items.
//!     role: packer
//! ```
//! Add the role, or use one that is listed:
//! ```yaml
//! roles:
//!   picker: Warehouse picker
//!   packer: Warehouse packer
//! ```

use std::collections::HashSet;

use super::{FileContext, Rule};
use crate::diagnostic::{Diagnostic, Suggestions};

/// The help names this many roles at most (an SOP with thousands of roles
/// would otherwise repeat all of them under every unknown one).
const MAX_LISTED: usize = 12;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(roles) = &ctx.sop.roles else {
        return;
    };
    let known: HashSet<&str> = roles.keys().collect();
    let mut suggestions = Suggestions::new(roles.keys());
    let mut listed = roles.keys().take(MAX_LISTED).collect::<Vec<_>>().join(", ");
    if roles.len() > MAX_LISTED {
        listed.push_str(&format!(" … and {} more", roles.len() - MAX_LISTED));
    }
    for step in &ctx.sop.instructions {
        let Some(role) = &step.role else {
            continue;
        };
        if known.contains(role.value.as_str()) {
            continue;
        }
        let meant = suggestions.closest(&role.value);
        let fix =
            meant.and_then(|m| crate::format::spelling::replace_with(ctx.source, role.span, m));
        let help = meant
            .map(|m| format!("did you mean `{m}`?"))
            .unwrap_or_else(|| format!("add `{}` to `roles`, or use one of: {listed}", role.value));
        out.push(
            Diagnostic::new(
                Rule::RolesUnknownRole,
                role.span,
                format!("role `{}` is not one of the SOP's `roles`", role.value),
            )
            .with_help(help)
            .with_fix(fix),
        );
    }
}
