//! ## What it does
//! When `sopkit.toml` lists the allowed `departments`, reports an SOP whose
//! `department` is not one of them, and suggests the closest.
//!
//! ## Why is this bad?
//! The index of SOPs is grouped by department. "Customer Services" next to
//! "Customer Service" splits one department's procedures in two, and a
//! reader looking in one misses the other half.
//!
//! ## Example
//! With `departments = ["Customer Service", "Finance"]` in `sopkit.toml`:
//! ```yaml
//! department: Customer Services
//! ```
//! Use the department's name as the organisation writes it:
//! ```yaml
//! department: Customer Service
//! ```

use super::{FileContext, Rule};
use crate::diagnostic::{Diagnostic, did_you_mean};

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(allowed) = &ctx.config.departments else {
        return;
    };
    let department = &ctx.sop.department;
    if allowed.contains(&department.value) {
        return;
    }
    let help = did_you_mean(&department.value, allowed.iter().map(String::as_str))
        .unwrap_or_else(|| format!("the departments in sopkit.toml are: {}", allowed.join(", ")));
    out.push(
        Diagnostic::new(
            Rule::MetaUnknownDepartment,
            department.span,
            format!(
                "`{}` is not one of the departments in sopkit.toml",
                department.value
            ),
        )
        .with_help(help),
    );
}
