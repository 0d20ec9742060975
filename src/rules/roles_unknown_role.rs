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

use super::{FileContext, Rule};
use crate::diagnostic::{Diagnostic, closest};

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(roles) = &ctx.sop.roles else {
        return;
    };
    for step in &ctx.sop.instructions {
        let Some(role) = &step.role else {
            continue;
        };
        if roles.contains_key(&role.value) {
            continue;
        }
        let meant = closest(&role.value, roles.keys());
        let fix =
            meant.and_then(|m| crate::format::spelling::replace_with(ctx.source, role.span, m));
        let help = meant
            .map(|m| format!("did you mean `{m}`?"))
            .unwrap_or_else(|| {
                format!(
                    "add `{}` to `roles`, or use one of: {}",
                    role.value,
                    roles.keys().collect::<Vec<_>>().join(", ")
                )
            });
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
