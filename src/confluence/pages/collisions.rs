//! Pages that cannot both exist in one Confluence space: two titles that
//! differ only in case, a title too long, two departments with one label.

use std::collections::HashMap;

use super::{MAX_TITLE_CHARS, Settings, Source, label_of, title};

/// Two pages that cannot both exist in one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Collision {
    pub(crate) message: String,
    pub(crate) help: String,
}

impl std::fmt::Display for Collision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  help: {}", self.message, self.help)
    }
}

/// Titles that Confluence would refuse as a second page of one title, and
/// departments that would share one label.
pub(super) fn collisions(
    sources: &[Source<'_>],
    departments: &[&str],
    settings: &Settings,
) -> Result<(), Vec<Collision>> {
    let mut found = Vec::new();
    // Confluence compares titles without regard to case.
    let mut taken: HashMap<String, String> = HashMap::new();
    for department in departments {
        let t = title(&settings.title_prefix, department);
        taken.insert(
            t.to_lowercase(),
            format!("the page of department `{department}`"),
        );
    }
    let mut labels: HashMap<String, &str> = HashMap::new();
    for department in departments {
        if let Some(other) = labels.insert(label_of(department), department) {
            found.push(Collision {
                message: format!(
                    "departments `{other}` and `{department}` would share the label `{}`",
                    label_of(department)
                ),
                help: "write the department the same way in every SOP".into(),
            });
        }
    }
    for source in sources {
        let t = title(&settings.title_prefix, &source.sop.title.value);
        if t.is_empty() || t.chars().count() > MAX_TITLE_CHARS {
            found.push(Collision {
                message: format!(
                    "{}: the page title would be {} characters long",
                    source.path,
                    t.chars().count()
                ),
                help: format!(
                    "a Confluence title has 1 to {MAX_TITLE_CHARS} characters: shorten `title`"
                ),
            });
            continue;
        }
        let me = format!("{} (title `{t}`)", source.path);
        if let Some(first) = taken.insert(t.to_lowercase(), me.clone()) {
            found.push(Collision {
                message: format!("{me} would get the same page title as {first}"),
                help: "titles are unique in a Confluence space: change one of the titles (or set `title_prefix`)".into(),
            });
        }
    }
    if found.is_empty() { Ok(()) } else { Err(found) }
}
