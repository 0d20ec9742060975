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

mod confluence;
mod parse;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use miette::{NamedSource, SourceSpan};

use crate::model::MetricKind;
use crate::rule::{Rule, Severity};

pub(crate) use confluence::{ConfluenceConfig, SiteUrl};
pub use parse::parse;

/// Files larger than this are refused without being read unless
/// `sopkit.toml` says otherwise (`max_file_size_mb`): the largest SOP seen
/// in practice is well under 1 MiB, and a 100,000-step SOP is 3.6 MiB.
pub(crate) const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub(crate) const FILE_NAME: &str = "sopkit.toml";

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
    pub(crate) const NAMES: [&str; 2] = ["down", "right"];

    pub(crate) fn from_name(name: &str) -> Option<Self> {
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
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            direction: None,
            confluence: ConfluenceConfig::default(),
        }
    }
}

impl Config {
    /// The metric kinds an SOP of `department` must state.
    pub(crate) fn required_metrics_for(&self, department: &str) -> &[MetricKind] {
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

/// Makes one mistake of the file being read: its span, message, label
/// and help.
type Fail<'a> =
    dyn Fn(Option<std::ops::Range<usize>>, String, &str, Option<String>) -> ConfigError + 'a;

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
    pub(crate) fn for_file(
        &mut self,
        file: &Path,
    ) -> Result<Option<Arc<Config>>, Box<ConfigError>> {
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
    pub(crate) fn for_folder(
        &mut self,
        folder: &Path,
    ) -> Result<Option<Arc<Config>>, Box<ConfigError>> {
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
