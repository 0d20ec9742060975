//! `check --diff`: the fixes of one file as a unified diff, the form
//! `patch` and `git apply` read.

use similar::TextDiff;

/// The unified diff from `before` to `after`, headed `--- a/NAME` and
/// `+++ b/NAME`, with three lines of context; empty when they are equal.
pub fn unified(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let diff = TextDiff::from_lines(before, after);
    let mut out = String::new();
    let (a, b) = (format!("a/{name}"), format!("b/{name}"));
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string();
    out.push_str(&text);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_names_the_file_and_shows_the_changed_line() {
        let diff = unified("x.sop.yaml", "a: 1\nnext: refnd\n", "a: 1\nnext: refund\n");
        assert_eq!(
            diff,
            "--- a/x.sop.yaml\n+++ b/x.sop.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-next: refnd\n+next: refund\n"
        );
        assert_eq!(unified("x", "same", "same"), "");
    }
}
