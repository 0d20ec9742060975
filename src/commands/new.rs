//! `sopkit new [-o FILE] [--title T] [--department D] [--language L]
//! [--format yaml|md]`: a new SOP with every part present and commented, in
//! English, Portuguese, Italian or Czech, as YAML or as Markdown (the same
//! SOP either way), that passes `check` with no diagnostic.

use std::path::Path;
use std::process::ExitCode;

use super::{FAILURE, write_stdout};
use crate::cli::NewArgs;
use crate::format::SourceFormat;
use crate::output::write_atomic;

const EN: &str = include_str!("../templates/new.en.sop.yaml");
const PT: &str = include_str!("../templates/new.pt.sop.yaml");
const IT: &str = include_str!("../templates/new.it.sop.yaml");
const CS: &str = include_str!("../templates/new.cs.sop.yaml");
const EN_MD: &str = include_str!("../templates/new.en.sop.md");
const PT_MD: &str = include_str!("../templates/new.pt.sop.md");
const IT_MD: &str = include_str!("../templates/new.it.sop.md");
const CS_MD: &str = include_str!("../templates/new.cs.sop.md");

/// A YAML double-quoted string: always text, whatever it contains.
pub(crate) fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The template and default words for a language tag (English when unknown).
fn template(
    language: &str,
    format: SourceFormat,
) -> (&'static str, &'static str, &'static str, &'static str) {
    let primary = language
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let markdown = format == SourceFormat::Markdown;
    match primary.as_str() {
        "pt" => (
            if markdown { PT_MD } else { PT },
            "Novo procedimento",
            "Atendimento ao Cliente",
            "Equipe de atendimento",
        ),
        "it" => (
            if markdown { IT_MD } else { IT },
            "Nuova procedura",
            "Servizio clienti",
            "Team del servizio clienti",
        ),
        "cs" => (
            if markdown { CS_MD } else { CS },
            "Nový postup",
            "Zákaznický servis",
            "Tým zákaznického servisu",
        ),
        _ => (
            if markdown { EN_MD } else { EN },
            "New procedure",
            "Customer Service",
            "Customer Service team",
        ),
    }
}

/// A document number from the department: `Customer Service` → `CS-001`.
fn document_id(department: &str) -> String {
    let initials: String = department
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_ascii_alphanumeric()))
        .map(|c| c.to_ascii_uppercase())
        .take(4)
        .collect();
    let initials = if initials.len() < 2 {
        "SOP".to_owned()
    } else {
        initials
    };
    format!("{initials}-001")
}

/// What a new SOP is made of.
pub(crate) struct NewSop<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) department: Option<&'a str>,
    pub(crate) language: &'a str,
    pub(crate) format: SourceFormat,
    /// The `$schema` reference of a YAML SOP.
    pub(crate) schema: &'a str,
    pub(crate) today: jiff::civil::Date,
}

/// The text of a new SOP.
pub(crate) fn new_sop(new: &NewSop<'_>) -> String {
    let (template, default_title, default_department, default_owner) =
        template(new.language, new.format);
    let title = new.title.unwrap_or(default_title);
    let (today, language, schema) = (new.today, new.language, new.schema);
    // A department given on the command line owns its SOP; the template's
    // owner belongs to the template's own department.
    let (department, owner) = match new.department {
        Some(department) => (department, department),
        None => (default_department, default_owner),
    };
    let review_by = today
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(today);
    // In Markdown, the title is the `# Title` heading, not YAML.
    let title = match new.format {
        SourceFormat::Markdown => crate::convert::markdown_title(title),
        SourceFormat::Yaml => yaml_string(title),
    };
    crate::template::fill(
        template,
        &[
            ("id", &yaml_string(&document_id(department))),
            ("title", &title),
            ("department", &yaml_string(department)),
            ("owner", &yaml_string(owner)),
            ("today", &today.to_string()),
            ("review_by", &review_by.to_string()),
            ("language", &yaml_string(language)),
            ("schema", schema),
        ],
    )
}

pub(crate) fn execute(args: &NewArgs) -> ExitCode {
    if !crate::load::scalars::is_language_tag(&args.language) {
        eprintln!(
            "sopkit: error: `{}` is not a language tag (try en, pt, it or cs)",
            args.language
        );
        return ExitCode::from(FAILURE);
    }
    let today = jiff::Zoned::now().date();
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let format = args
        .format
        .or_else(|| output.map(SourceFormat::of))
        .unwrap_or(SourceFormat::Yaml);
    if format == SourceFormat::Markdown
        && args
            .title
            .as_deref()
            .is_some_and(|t| t.contains(['\n', '\r']))
    {
        eprintln!(
            "sopkit: error: a Markdown SOP's title is one line; give --title without line breaks"
        );
        return ExitCode::from(FAILURE);
    }
    let folder = output
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The `$schema` comment is for YAML editors: a Markdown SOP has none.
    let schema = match format {
        SourceFormat::Yaml => schema_reference(folder),
        SourceFormat::Markdown => Some(String::new()),
    };
    let text = new_sop(&NewSop {
        title: args.title.as_deref(),
        department: args.department.as_deref(),
        language: &args.language,
        format,
        schema: schema.as_deref().unwrap_or(SCHEMA_FILE),
        today,
    });
    match output {
        Some(path) => write_new(path, &text, args.force, schema.is_none().then_some(folder)),
        None => {
            if schema.is_none() {
                eprintln!(
                    "sopkit: for completion in your editor, save the schema beside the SOP: `sopkit schema > {SCHEMA_FILE}`"
                );
            }
            write_stdout(|out| out.write_all(text.as_bytes()))
                .err()
                .unwrap_or(ExitCode::SUCCESS)
        }
    }
}

/// Writes a new SOP to `path`, never over a file unless `force`, and the
/// schema into `schema_folder` when it has none yet.
fn write_new(path: &Path, text: &str, force: bool, schema_folder: Option<&Path>) -> ExitCode {
    if path.exists() && !force {
        eprintln!(
            "sopkit: error: {} already exists (use --force to overwrite it)",
            path.display()
        );
        return ExitCode::from(FAILURE);
    }
    if let Some(folder) = schema_folder {
        write_schema_beside(folder);
    }
    match write_atomic(path, text.as_bytes()) {
        Ok(()) => {
            eprintln!(
                "sopkit: wrote {}; check it with `sopkit check {}`",
                path.display(),
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sopkit: error: cannot write {}: {e}", path.display());
            ExitCode::from(FAILURE)
        }
    }
}

/// The schema file editors read through the `$schema` comment.
const SCHEMA_FILE: &str = "sop.schema.json";

/// The `$schema` reference for a new SOP in `folder`: the nearest
/// `sop.schema.json` or `schemas/sop.schema.json` in it or above, as a
/// relative path, so the reference works offline and in any checkout.
fn schema_reference(folder: &Path) -> Option<String> {
    let absolute = std::path::absolute(folder).ok()?;
    for (depth, dir) in absolute.ancestors().enumerate() {
        for candidate in [SCHEMA_FILE, "schemas/sop.schema.json"] {
            if dir.join(candidate).is_file() {
                return Some(format!("{}{candidate}", "../".repeat(depth)));
            }
        }
    }
    None
}

/// Writes the schema as `sop.schema.json` in `folder` for the new SOP's
/// `$schema` reference; a failure only costs editor completion.
fn write_schema_beside(folder: &Path) {
    let path = if folder == Path::new(".") {
        Path::new(SCHEMA_FILE).to_path_buf()
    } else {
        folder.join(SCHEMA_FILE)
    };
    match write_atomic(&path, crate::schema::json_schema_text().as_bytes()) {
        Ok(()) => eprintln!("sopkit: wrote {} for completion in editors", path.display()),
        Err(e) => eprintln!("sopkit: warning: cannot write {}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_safely() {
        assert_eq!(yaml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(yaml_string("yes"), "\"yes\"");
    }

    #[test]
    fn ids_come_from_the_department() {
        assert_eq!(document_id("Customer Service"), "CS-001");
        assert_eq!(document_id("Finance"), "SOP-001");
    }
}
