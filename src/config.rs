//! `sopkit.toml` → one resolved [`Config`] per SOP file. Like ruff, sopkit
//! uses the nearest `sopkit.toml` in the SOP's own folder or a folder above
//! it (`--config FILE` overrides for every file); a file with none uses the
//! defaults. Configurations are not merged: the nearest one is the whole
//! configuration. A bad configuration is a [`ConfigError`] that points into
//! the TOML; the files it governs are not checked and the run exits 2.
//!
//! ```toml
//! departments = ["Customer Service", "Finance"]
//! require = ["id", "owner", "review_by"]
//!
//! [rules]
//! "flow/single-branch" = "error"
//! "terms/unused-term" = "off"
//!
//! [terms]
//! allow = ["EUR", "USD"]
//!
//! [metrics]
//! require = ["turnaround"]
//!
//! [metrics.departments."Customer Service"]
//! require = ["response", "turnaround"]
//!
//! max_file_size_mb = 16
//!
//! [render]
//! direction = "right"
//!
//! [confluence]          # where `sopkit publish` puts the SOPs
//! url = "https://example.atlassian.net"
//! space = "OPS"
//! parent = "123456"
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::closest;
use crate::model::{MetricKind, Sop};
use crate::rule::Rule;
use crate::rule::Severity;

pub const FILE_NAME: &str = "sopkit.toml";

/// The resolved configuration; the default when there is no file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from.
    pub path: Option<PathBuf>,
    /// Rules set to a severity (`Some`) or switched off (`None`).
    pub severities: HashMap<Rule, Option<Severity>>,
    /// The allowed departments, when restricted.
    pub departments: Option<Vec<String>>,
    /// Optional top-level keys this organisation requires.
    pub required_keys: Vec<String>,
    /// Words never reported as undefined acronyms.
    pub allowed_acronyms: Vec<String>,
    /// Metric kinds every SOP must state…
    pub required_metrics: Vec<MetricKind>,
    /// …unless its department has its own list.
    pub required_metrics_by_department: IndexMap<String, Vec<MetricKind>>,
    /// Larger SOP files are refused unread.
    pub max_file_bytes: u64,
    /// Which way flowcharts run (`[render] direction`); `None`: the default.
    pub direction: Option<FlowDirection>,
    /// Where `sopkit publish` puts the SOPs (`[confluence]`).
    pub confluence: ConfluenceConfig,
}

/// The `[confluence]` table: every key optional here; `publish` says which
/// it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfluenceConfig {
    /// The site, e.g. `https://example.atlassian.net` (the API is under `/wiki`).
    pub url: Option<String>,
    /// The space's key.
    pub space: Option<String>,
    /// The id of the page the SOPs go under.
    pub parent: Option<String>,
    /// Put before every page's title.
    pub title_prefix: String,
}

/// Which way a flowchart runs: `down` (the default) or `right`. Set by
/// `[render] direction` and `--direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FlowDirection {
    /// Top to bottom; swimlanes are columns (portrait pages).
    #[default]
    Down,
    /// Left to right; swimlanes are rows (landscape pages, BPMN's usual look).
    Right,
}

impl FlowDirection {
    pub const NAMES: [&str; 2] = ["down", "right"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "down" => Some(Self::Down),
            "right" => Some(Self::Right),
            _ => None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            path: None,
            severities: HashMap::new(),
            departments: None,
            required_keys: Vec::new(),
            allowed_acronyms: Vec::new(),
            required_metrics: Vec::new(),
            required_metrics_by_department: IndexMap::new(),
            max_file_bytes: crate::load::DEFAULT_MAX_FILE_BYTES,
            direction: None,
            confluence: ConfluenceConfig::default(),
        }
    }
}

impl Config {
    /// The metric kinds an SOP of `department` must state.
    pub fn required_metrics_for(&self, department: &str) -> &[MetricKind] {
        self.required_metrics_by_department
            .get(department)
            .map_or(&self.required_metrics, Vec::as_slice)
    }

    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severities
            .get(&rule)
            .copied()
            .unwrap_or(Some(rule.default_severity()))
    }
}

/// A configuration that cannot be used, with the place in the TOML: its
/// first mistake, and every other one of the file as `others`, so that one
/// run names them all (as taplo does).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(config))]
pub struct ConfigError {
    message: String,
    #[source_code]
    source_code: Option<NamedSource<String>>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
    #[related]
    others: Vec<ConfigError>,
    /// The configuration file.
    path: PathBuf,
}

impl ConfigError {
    /// How many mistakes the file has.
    pub fn count(&self) -> usize {
        1 + self.others.len()
    }

    /// The configuration file that has the mistakes (watched, so that
    /// `check --watch` and `serve` check again once it is fixed).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfluence {
    url: Option<Spanned<String>>,
    space: Option<Spanned<String>>,
    parent: Option<Spanned<toml::Value>>,
    #[serde(default)]
    title_prefix: String,
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

/// The configuration of each SOP file: the `--config` file for all, or the
/// nearest `sopkit.toml` above each file, each read once.
#[derive(Debug)]
pub struct Resolver {
    explicit: Option<Arc<Config>>,
    defaults: Arc<Config>,
    /// Folder → the configuration file that governs it, if any.
    by_folder: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file → its configuration, or `None` once it failed.
    loaded: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Resolver {
    /// A resolver for one run. `--config FILE` is read at once: when it is
    /// bad, nothing can be checked.
    pub fn new(explicit: Option<&Path>) -> Result<Self, Box<ConfigError>> {
        let explicit = explicit.map(|p| load(p).map(Arc::new)).transpose()?;
        Ok(Self {
            explicit,
            defaults: Arc::new(Config::default()),
            by_folder: HashMap::new(),
            loaded: HashMap::new(),
        })
    }

    /// The configuration for the SOP at `file`. `Err` carries the error of
    /// the configuration file the first time it is met, `Ok(None)` after.
    pub fn for_file(&mut self, file: &Path) -> Result<Option<Arc<Config>>, Box<ConfigError>> {
        if let Some(config) = &self.explicit {
            return Ok(Some(Arc::clone(config)));
        }
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let folder = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
        let Some(path) = self.nearest(&folder) else {
            return Ok(Some(Arc::clone(&self.defaults)));
        };
        if let Some(known) = self.loaded.get(&path) {
            return Ok(known.clone());
        }
        match load(&path) {
            Ok(config) => {
                let config = Arc::new(config);
                self.loaded.insert(path, Some(Arc::clone(&config)));
                Ok(Some(config))
            }
            Err(error) => {
                self.loaded.insert(path, None);
                Err(error)
            }
        }
    }

    /// The configuration that governs `folder` as a whole (the folder
    /// `publish` or `build` is given), as for a file in it.
    pub fn for_folder(&mut self, folder: &Path) -> Result<Option<Arc<Config>>, Box<ConfigError>> {
        self.for_file(&folder.join(FILE_NAME))
    }

    /// The nearest `sopkit.toml` in `folder` or above, each folder asked once.
    fn nearest(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(known) = self.by_folder.get(folder) {
            return known.clone();
        }
        let here = folder.join(FILE_NAME);
        let found = if here.is_file() {
            Some(here)
        } else {
            folder.parent().and_then(|up| self.nearest(up))
        };
        self.by_folder.insert(folder.to_path_buf(), found.clone());
        found
    }
}

/// Reads and checks one configuration file.
pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(ConfigError {
            message: format!("cannot read the configuration {}: {e}", path.display()),
            source_code: None,
            span: None,
            label: String::new(),
            help: None,
            others: Vec::new(),
            path: path.to_path_buf(),
        })
    })?;
    parse(path, text)
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
    let mut unknown = Vec::new();
    unknown_keys(document.get_ref(), &mut Vec::new(), &mut unknown);
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
    for (rule, level) in &raw.rules {
        let found = Rule::from_id(rule.get_ref());
        if found.is_none() {
            let help = closest(rule.get_ref(), Rule::ids()).map(|c| format!("did you mean `{c}`?"));
            mistakes.push(fail(
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
                mistakes.push(fail(
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
    config.departments = raw
        .departments
        .map(|list| list.into_iter().map(Spanned::into_inner).collect());
    let optional: Vec<&str> = Sop::KEYS
        .iter()
        .copied()
        .filter(|k| !Sop::REQUIRED_KEYS.contains(k))
        .collect();
    for key in &raw.require {
        if !optional.contains(&key.get_ref().as_str()) {
            let help = closest(key.get_ref(), optional.iter().copied())
                .map(|c| format!("did you mean `{c}`?"))
                .or_else(|| Some(format!("the optional keys are {}", optional.join(", "))));
            mistakes.push(fail(
                Some(key.span()),
                format!("`{}` is not an optional SOP key", key.get_ref()),
                "not a key",
                help,
            ));
            continue;
        }
        config.required_keys.push(key.get_ref().clone());
    }
    config.allowed_acronyms = raw.terms.allow;
    if let Some(size) = &raw.max_file_size_mb {
        match u64::try_from(*size.get_ref())
            .ok()
            .filter(|mb| (1..=4096).contains(mb))
        {
            Some(mb) => config.max_file_bytes = mb * 1024 * 1024,
            None => mistakes.push(fail(
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
    if let Some(direction) = &raw.render.direction {
        match FlowDirection::from_name(direction.get_ref()) {
            Some(found) => config.direction = Some(found),
            None => {
                let help = closest(direction.get_ref(), FlowDirection::NAMES.iter().copied())
                    .map_or_else(
                        || "write \"down\" or \"right\"".to_owned(),
                        |c| format!("did you mean `{c}`?"),
                    );
                mistakes.push(fail(
                    Some(direction.span()),
                    format!("`{}` is not a direction", direction.get_ref()),
                    "expected \"down\" or \"right\"",
                    Some(help),
                ));
            }
        }
    }
    config.required_metrics = metric_kinds(&raw.metrics.require, &fail, &mut mistakes);
    for (department, rule) in &raw.metrics.departments {
        let kinds = metric_kinds(&rule.require, &fail, &mut mistakes);
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

/// Checks the `[confluence]` table: a URL sopkit may talk to, a space key,
/// a page id.
fn confluence(raw: RawConfluence, fail: &Fail<'_>) -> Result<ConfluenceConfig, Box<ConfigError>> {
    if let Some(url) = &raw.url
        && let Err(why) = crate::confluence::SiteUrl::parse(url.get_ref())
    {
        return Err(Box::new(fail(
            Some(url.span()),
            format!("`url` {why}"),
            "not a Confluence site",
            Some("write the site's address, e.g. `url = \"https://example.atlassian.net\"`".into()),
        )));
    }
    if let Some(space) = &raw.space
        && (space.get_ref().is_empty() || space.get_ref().contains(char::is_whitespace))
    {
        return Err(Box::new(fail(
            Some(space.span()),
            "`space` must be a space key, without spaces".into(),
            "not a space key",
            Some(
                "the key is in the space's address: …/wiki/spaces/OPS/… → `space = \"OPS\"`".into(),
            ),
        )));
    }
    let parent = match &raw.parent {
        None => None,
        Some(value) => {
            let id = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                _ => String::new(),
            };
            if id.is_empty() || id.len() > 19 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Box::new(fail(
                    Some(value.span()),
                    "`parent` must be a page id, a number".into(),
                    "not a page id",
                    Some(
                        "the id is in the page's address: …/pages/123456/… → `parent = \"123456\"`"
                            .into(),
                    ),
                )));
            }
            Some(id)
        }
    };
    Ok(ConfluenceConfig {
        url: raw.url.map(Spanned::into_inner),
        space: raw.space.map(Spanned::into_inner),
        parent,
        title_prefix: raw.title_prefix,
    })
}

type Fail<'a> =
    dyn Fn(Option<std::ops::Range<usize>>, String, &str, Option<String>) -> ConfigError + 'a;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, Box<ConfigError>> {
        parse(Path::new("sopkit.toml"), text.to_owned())
    }

    #[test]
    fn a_full_configuration_resolves() {
        let config = parse_str(
            "departments = [\"Finance\"]\nrequire = [\"owner\"]\n[rules]\n\"flow/single-branch\" = \"error\"\n\"terms/unused-term\" = \"off\"\n[terms]\nallow = [\"EUR\"]\n[metrics]\nrequire = [\"turnaround\"]\n[metrics.departments.Finance]\nrequire = [\"response\"]\n",
        )
        .unwrap();
        assert_eq!(
            config.severity(Rule::FlowSingleBranch),
            Some(Severity::Error)
        );
        assert_eq!(config.severity(Rule::TermsUnusedTerm), None);
        assert_eq!(config.severity(Rule::FlowNoWayOut), Some(Severity::Error));
        assert_eq!(
            config.required_metrics_for("Finance"),
            [MetricKind::Response]
        );
        assert_eq!(
            config.required_metrics_for("Legal"),
            [MetricKind::Turnaround]
        );
    }

    #[test]
    fn mistakes_point_into_the_toml() {
        let err = parse_str("[rules]\n\"flow/single-brnch\" = \"error\"\n").unwrap_err();
        assert!(err.to_string().contains("no rule `flow/single-brnch`"));
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `flow/single-branch`?")
        );
        assert_eq!(err.span, Some(SourceSpan::from(8..27)));
        let err = parse_str("[rules]\n\"flow/single-branch\" = \"loud\"\n").unwrap_err();
        assert!(err.to_string().contains("`loud` is not a severity"));
        let err = parse_str("require = [\"ownr\"]\n").unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `owner`?"));
        let err = parse_str("departmets = []\n").unwrap_err();
        assert!(
            err.to_string().contains("unknown key `departmets`"),
            "{err}"
        );
        assert_eq!(err.help.as_deref(), Some("did you mean `departments`?"));
        assert!(parse_str("rules = 3\n").is_err());
    }

    #[test]
    fn the_flowchart_direction_is_read_and_checked() {
        let config = parse_str("[render]\ndirection = \"right\"\n").unwrap();
        assert_eq!(config.direction, Some(FlowDirection::Right));
        assert_eq!(parse_str("").unwrap().direction, None);
        let err = parse_str("[render]\ndirection = \"rigth\"\n").unwrap_err();
        assert!(
            err.to_string().contains("`rigth` is not a direction"),
            "{err}"
        );
        assert_eq!(err.help.as_deref(), Some("did you mean `right`?"));
        assert_eq!(err.span, Some(SourceSpan::from(21..28)));
    }

    #[test]
    fn the_confluence_table_is_checked() {
        let config = parse_str(
            "[confluence]\nurl = \"https://example.atlassian.net\"\nspace = \"OPS\"\nparent = 123456\ntitle_prefix = \"SOP: \"\n",
        )
        .unwrap();
        assert_eq!(config.confluence.parent.as_deref(), Some("123456"));
        assert_eq!(config.confluence.title_prefix, "SOP: ");
        let err = parse_str("[confluence]\nparent = \"Home\"\n").unwrap_err();
        assert!(
            err.to_string().contains("`parent` must be a page id"),
            "{err}"
        );
        let err = parse_str("[confluence]\nurl = \"http://wiki.example.com\"\n").unwrap_err();
        assert!(err.to_string().contains("https"), "{err}");
        let err = parse_str("[confluence]\nspace = \"Ops team\"\n").unwrap_err();
        assert!(err.to_string().contains("space key"), "{err}");
        assert!(parse_str("[confluence]\ntoken = \"x\"\n").is_err());
    }

    /// Every mistake of the file at once, in the order they stand, each
    /// with the closest right name.
    #[test]
    fn every_mistake_is_reported_at_once() {
        let err = parse_str(
            "departmens = [\"IT\"]\nrequire = [\"ownr\"]\n[rules]\n\"flow/single-brnch\" = \"loud\"\n\
             [terms]\nalow = []\n[metrics]\nrequire = [\"turnarund\"]\n[metrics.departments.IT]\nreqire = []\n",
        )
        .unwrap_err();
        assert_eq!(err.count(), 7);
        let all: Vec<(String, Option<String>)> = std::iter::once(&*err)
            .chain(&err.others)
            .map(|e| (e.message.clone(), e.help.clone()))
            .collect();
        let expected = [
            ("unknown key `departmens`", "did you mean `departments`?"),
            ("`ownr` is not an optional SOP key", "did you mean `owner`?"),
            (
                "no rule `flow/single-brnch`",
                "did you mean `flow/single-branch`?",
            ),
            (
                "`loud` is not a severity",
                "write \"error\", \"warning\" or \"off\"",
            ),
            ("unknown key `terms.alow`", "did you mean `allow`?"),
            (
                "`turnarund` is not a metric kind",
                "did you mean `turnaround`?",
            ),
            (
                "unknown key `metrics.departments.IT.reqire`",
                "did you mean `require`?",
            ),
        ];
        for ((message, help), (want, want_help)) in all.iter().zip(expected) {
            assert_eq!(message, &format!("sopkit.toml: {want}"));
            assert_eq!(help.as_deref(), Some(want_help));
        }
        // Syntax errors are all reported too, and nothing after them.
        let err = parse_str("a = \nb = [\n").unwrap_err();
        assert!(err.count() >= 1, "{err:?}");
    }
}
