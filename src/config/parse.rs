//! Reading `sopkit.toml`: the TOML with its spans, every key the
//! configuration does not know, and each value checked, so that one run
//! names every mistake of the file (as taplo does).

use std::path::Path;

use indexmap::IndexMap;
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::confluence::{RawConfluence, confluence};
use super::{Config, ConfigError, Fail, FlowDirection};
use crate::diagnostic::closest;
use crate::model::{MetricKind, Sop};
use crate::rule::{Rule, Severity};

/// The keys each table of `sopkit.toml` may hold, by the table's path;
/// `None` for the tables whose keys are names (`[rules]`, the departments
/// of `[metrics.departments]`).
fn known_keys(path: &[&str]) -> Option<&'static [&'static str]> {
    match path {
        [] => Some(&[
            "departments",
            "require",
            "rules",
            "terms",
            "metrics",
            "max_file_size_mb",
            "render",
            "confluence",
        ]),
        ["terms"] => Some(&["allow"]),
        ["render"] => Some(&["direction"]),
        ["confluence"] => Some(&["url", "space", "parent", "title_prefix"]),
        ["metrics"] => Some(&["require", "departments"]),
        ["metrics", "departments", _] => Some(&["require"]),
        _ => None,
    }
}

/// Every key of `table` (at `path`) and of the tables in it that the
/// configuration does not know, as (span, key as written, path, known keys).
fn unknown_keys<'t>(
    table: &'t toml::de::DeTable<'_>,
    path: &mut Vec<&'t str>,
    out: &mut Vec<(std::ops::Range<usize>, String, &'static [&'static str])>,
) {
    let known = known_keys(path);
    for (key, value) in table {
        let name: &str = key.get_ref().as_ref();
        if let Some(known) = known
            && !known.contains(&name)
        {
            let mut full = path.join(".");
            if !full.is_empty() {
                full.push('.');
            }
            full.push_str(name);
            out.push((key.span(), full, known));
            continue;
        }
        if let toml::de::DeValue::Table(inner) = value.get_ref() {
            path.push(name);
            unknown_keys(inner, path, out);
            path.pop();
        }
    }
}

#[derive(Deserialize)]
struct RawConfig {
    #[serde(default)]
    rules: IndexMap<Spanned<String>, Spanned<String>>,
    departments: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    require: Vec<Spanned<String>>,
    #[serde(default)]
    terms: RawTerms,
    #[serde(default)]
    metrics: RawMetrics,
    max_file_size_mb: Option<Spanned<i64>>,
    #[serde(default)]
    render: RawRender,
    confluence: Option<RawConfluence>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRender {
    direction: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct RawTerms {
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawMetrics {
    #[serde(default)]
    require: Vec<Spanned<String>>,
    #[serde(default)]
    departments: IndexMap<String, RawDepartmentMetrics>,
}

#[derive(Deserialize)]
struct RawDepartmentMetrics {
    #[serde(default)]
    require: Vec<Spanned<String>>,
}

/// Parses and checks a configuration file's text: every mistake of the
/// file is found, not only the first.
pub fn parse(path: &Path, text: String) -> Result<Config, Box<ConfigError>> {
    let here = std::env::current_dir().unwrap_or_default();
    let name = path
        .strip_prefix(&here)
        .unwrap_or(path)
        .display()
        .to_string();
    let fail = |span: Option<std::ops::Range<usize>>,
                message: String,
                label: &str,
                help: Option<String>| {
        ConfigError {
            message: format!("{name}: {message}"),
            source_code: Some(NamedSource::new(&name, text.clone())),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
            label: label.to_owned(),
            help,
            others: Vec::new(),
            path: path.to_path_buf(),
        }
    };
    let mut mistakes: Vec<ConfigError> = Vec::new();
    let (document, syntax) = toml::de::DeTable::parse_recoverable(&text);
    if !syntax.is_empty() {
        for error in syntax {
            let message = error.message().trim().to_owned();
            mistakes.push(fail(error.span(), message, "here", None));
        }
        return Err(gather(mistakes));
    }
    unknown_key_mistakes(document.get_ref(), &fail, &mut mistakes);
    let raw: RawConfig = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim().to_owned();
            mistakes.push(fail(e.span(), message, "here", None));
            return Err(gather(mistakes));
        }
    };
    let mut config = Config {
        path: Some(path.to_path_buf()),
        ..Config::default()
    };
    let mut found = Found {
        fail: &fail,
        mistakes: &mut mistakes,
    };
    found.severities(&raw.rules, &mut config);
    config.departments = raw
        .departments
        .map(|list| list.into_iter().map(Spanned::into_inner).collect());
    found.required_keys(&raw.require, &mut config);
    config.allowed_acronyms = raw.terms.allow;
    found.max_file_size(raw.max_file_size_mb.as_ref(), &mut config);
    found.direction(raw.render.direction.as_ref(), &mut config);
    config.required_metrics = metric_kinds(&raw.metrics.require, &fail, found.mistakes);
    for (department, rule) in &raw.metrics.departments {
        let kinds = metric_kinds(&rule.require, &fail, found.mistakes);
        config
            .required_metrics_by_department
            .insert(department.clone(), kinds);
    }
    if let Some(raw) = raw.confluence {
        match confluence(raw, &fail) {
            Ok(found) => config.confluence = found,
            Err(mistake) => mistakes.push(*mistake),
        }
    }
    if mistakes.is_empty() {
        Ok(config)
    } else {
        Err(gather(mistakes))
    }
}

/// Every key the configuration does not know, as a mistake naming the
/// closest known key or listing them.
fn unknown_key_mistakes(table: &DeTable<'_>, fail: &Fail<'_>, mistakes: &mut Vec<ConfigError>) {
    let mut unknown = Vec::new();
    unknown_keys(table, &mut Vec::new(), &mut unknown);
    for (span, key, known) in unknown {
        let last = key.rsplit('.').next().unwrap_or(&key);
        let help = closest(last, known.iter().copied()).map_or_else(
            || format!("the keys here are {}", known.join(", ")),
            |c| format!("did you mean `{c}`?"),
        );
        mistakes.push(fail(
            Some(span),
            format!("unknown key `{key}`"),
            "unknown key",
            Some(help),
        ));
    }
}

/// Where the checks of one table put what they find wrong.
struct Found<'f, 'm> {
    fail: &'f Fail<'f>,
    mistakes: &'m mut Vec<ConfigError>,
}

impl Found<'_, '_> {
    /// `[rules]`: each rule set to a severity or switched off.
    fn severities(
        &mut self,
        rules: &IndexMap<Spanned<String>, Spanned<String>>,
        config: &mut Config,
    ) {
        for (rule, level) in rules {
            let found = Rule::from_id(rule.get_ref());
            if found.is_none() {
                let help =
                    closest(rule.get_ref(), Rule::ids()).map(|c| format!("did you mean `{c}`?"));
                self.mistakes.push((self.fail)(
                    Some(rule.span()),
                    format!("no rule `{}`", rule.get_ref()),
                    "unknown rule",
                    help,
                ));
            }
            let severity = match level.get_ref().as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "off" => None,
                other => {
                    self.mistakes.push((self.fail)(
                        Some(level.span()),
                        format!("`{other}` is not a severity"),
                        "expected \"error\", \"warning\" or \"off\"",
                        Some("write \"error\", \"warning\" or \"off\"".into()),
                    ));
                    continue;
                }
            };
            if let Some(found) = found {
                config.severities.insert(found, severity);
            }
        }
    }

    /// `require`: optional SOP keys this organisation requires.
    fn required_keys(&mut self, require: &[Spanned<String>], config: &mut Config) {
        let optional: Vec<&str> = Sop::KEYS
            .iter()
            .copied()
            .filter(|k| !Sop::REQUIRED_KEYS.contains(k))
            .collect();
        for key in require {
            if !optional.contains(&key.get_ref().as_str()) {
                let help = closest(key.get_ref(), optional.iter().copied())
                    .map(|c| format!("did you mean `{c}`?"))
                    .or_else(|| Some(format!("the optional keys are {}", optional.join(", "))));
                self.mistakes.push((self.fail)(
                    Some(key.span()),
                    format!("`{}` is not an optional SOP key", key.get_ref()),
                    "not a key",
                    help,
                ));
                continue;
            }
            config.required_keys.push(key.get_ref().clone());
        }
    }

    /// `max_file_size_mb`: 1 to 4096.
    fn max_file_size(&mut self, size: Option<&Spanned<i64>>, config: &mut Config) {
        let Some(size) = size else {
            return;
        };
        match u64::try_from(*size.get_ref())
            .ok()
            .filter(|mb| (1..=4096).contains(mb))
        {
            Some(mb) => config.max_file_bytes = mb * 1024 * 1024,
            None => self.mistakes.push((self.fail)(
                Some(size.span()),
                format!(
                    "`max_file_size_mb` must be 1 to 4096, found {}",
                    size.get_ref()
                ),
                "out of range",
                Some("write a whole number of megabytes, e.g. `max_file_size_mb = 32`".into()),
            )),
        }
    }

    /// `[render] direction`: `down` or `right`.
    fn direction(&mut self, direction: Option<&Spanned<String>>, config: &mut Config) {
        let Some(direction) = direction else {
            return;
        };
        match FlowDirection::from_name(direction.get_ref()) {
            Some(found) => config.direction = Some(found),
            None => {
                let help = closest(direction.get_ref(), FlowDirection::NAMES.iter().copied())
                    .map_or_else(
                        || "write \"down\" or \"right\"".to_owned(),
                        |c| format!("did you mean `{c}`?"),
                    );
                self.mistakes.push((self.fail)(
                    Some(direction.span()),
                    format!("`{}` is not a direction", direction.get_ref()),
                    "expected \"down\" or \"right\"",
                    Some(help),
                ));
            }
        }
    }
}

/// The mistakes of one file as one error: the first, with the others in
/// the order they stand in the file.
fn gather(mut mistakes: Vec<ConfigError>) -> Box<ConfigError> {
    mistakes.sort_by_key(|m| m.span.map_or(usize::MAX, |s| s.offset()));
    let mut mistakes = mistakes.into_iter();
    let mut first = mistakes
        .next()
        .expect("invariant: gather is called with at least one mistake");
    first.others = mistakes.collect();
    Box::new(first)
}

/// The metric kinds of a `require` list; each unknown one is a mistake.
fn metric_kinds(
    list: &[Spanned<String>],
    fail: &Fail<'_>,
    mistakes: &mut Vec<ConfigError>,
) -> Vec<MetricKind> {
    let names: Vec<&str> = MetricKind::ALL.iter().map(|(n, _)| *n).collect();
    list.iter()
        .filter_map(|kind| {
            let found = MetricKind::ALL
                .iter()
                .find(|(n, _)| n == kind.get_ref())
                .map(|(_, k)| *k);
            if found.is_none() {
                let help = closest(kind.get_ref(), names.iter().copied()).map_or_else(
                    || "use \"response\", \"turnaround\" or \"other\"".to_owned(),
                    |c| format!("did you mean `{c}`?"),
                );
                mistakes.push(fail(
                    Some(kind.span()),
                    format!("`{}` is not a metric kind", kind.get_ref()),
                    "not a metric kind",
                    Some(help),
                ));
            }
            found
        })
        .collect()
}
