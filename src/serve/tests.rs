//! The live site: the same pages as a build, made again only where their
//! inputs changed; and the HTTP routing over it.

use std::path::Path;

use super::http::{VERSION_PATH, resolve, route};
use super::*;
use crate::check::check_with_config;
use crate::rules::RuleOptions;

const SOURCE: &str = "id: S-1\ntitle: Reset a password\ndepartment: IT\npurpose: P.\nterms: {}\ninstructions:\n  - id: a\n    text: Verify the caller.\n";
const TRANSLATION: &str = "id: S-1-pt\ntranslation_of: S-1\nlanguage: pt\ntitle: Redefinir a senha\ndepartment: IT\npurpose: P.\nterms: {}\ninstructions:\n  - id: a\n    text: Verifique quem liga.\n";
const OTHER: &str = "title: Greet\ndepartment: Front desk\npurpose: P.\nterms: {}\ninstructions:\n  - text: Say hello.\n";
const BROKEN: &str = "id: S-1\ntitle: Reset a password\ndepartment: IT\npurpose: P.\nterms: {}\ninstructions:\n  - id: a\n    text: Verify the caller.\n    next: nowhere\n";

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 1)
}

struct Fixture {
    dir: tempfile::TempDir,
    live: LiveSite,
}

impl Fixture {
    fn new(files: &[(&str, &str)]) -> (Self, Rebuilt) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let mut fixture = Self {
            live: LiveSite::new(dir.path().to_path_buf()),
            dir,
        };
        let rebuilt = fixture.update();
        (fixture, rebuilt)
    }

    fn update(&mut self) -> Rebuilt {
        let options = RuleOptions::on(today());
        let report = check_with_config(&[self.dir.path().to_path_buf()], &options, None);
        self.live.update(&report, today())
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }

    fn page(&self, key: &str) -> String {
        let snapshot = self.live.snapshot();
        let page = snapshot
            .pages
            .get(key)
            .unwrap_or_else(|| panic!("no {key}"));
        String::from_utf8(page.bytes.to_vec()).unwrap()
    }
}

#[test]
fn the_pages_in_memory_are_the_pages_build_writes() {
    let (fixture, rebuilt) = Fixture::new(&[
        ("reset.sop.yaml", SOURCE),
        ("reset.pt.sop.yaml", TRANSLATION),
        ("greet.sop.yaml", OTHER),
    ]);
    assert_eq!(rebuilt.rendered.len(), 4, "{rebuilt:?}");
    let out = tempfile::tempdir().unwrap();
    let report = crate::check::check_with_config(
        &[fixture.dir.path().to_path_buf()],
        &RuleOptions::on(today()),
        None,
    );
    let written = crate::site::build(
        &report.files,
        fixture.dir.path(),
        out.path(),
        crate::site::Options {
            format: Format::Html,
            paper: crate::render::Paper::A4,
            today: today(),
        },
    )
    .unwrap();
    assert_eq!(written.len(), 4);
    for path in written {
        let key = key_of(&path);
        let on_disk = std::fs::read_to_string(out.path().join(&path)).unwrap();
        assert_eq!(fixture.page(&key), on_disk, "{key}");
        assert!(
            !on_disk.contains("<script"),
            "{key}: a built page has no script"
        );
    }
}

#[test]
fn an_edit_renders_only_its_page_and_the_index_again() {
    let (mut fixture, _) = Fixture::new(&[
        ("reset.sop.yaml", SOURCE),
        ("reset.pt.sop.yaml", TRANSLATION),
        ("greet.sop.yaml", OTHER),
    ]);
    let before = fixture.live.snapshot();
    fixture.write("greet.sop.yaml", &OTHER.replace("Greet", "Greet warmly"));
    let rebuilt = fixture.update();
    assert_eq!(rebuilt.rendered, ["greet.html", INDEX]);
    assert_eq!(rebuilt.changed, ["greet.html", INDEX]);
    assert!(fixture.page("greet.html").contains("Greet warmly"));
    let after = fixture.live.snapshot();
    assert_eq!(
        before.version_of("reset.html"),
        after.version_of("reset.html"),
        "an untouched page keeps its version, so its browser does not reload"
    );
    assert_ne!(
        before.version_of("greet.html"),
        after.version_of("greet.html")
    );

    // Nothing changed: nothing is rendered but the index, and no version moves.
    let rebuilt = fixture.update();
    assert_eq!(rebuilt.rendered, [INDEX]);
    assert!(rebuilt.changed.is_empty());
}

#[test]
fn a_new_translation_renders_its_source_again() {
    let (mut fixture, _) = Fixture::new(&[("reset.sop.yaml", SOURCE), ("greet.sop.yaml", OTHER)]);
    fixture.write("reset.pt.sop.yaml", TRANSLATION);
    let rebuilt = fixture.update();
    assert_eq!(rebuilt.rendered, ["reset.pt.html", "reset.html", INDEX]);
    assert!(
        fixture
            .page("reset.html")
            .contains("href=\"reset.pt.html\"")
    );

    std::fs::remove_file(fixture.dir.path().join("reset.pt.sop.yaml")).unwrap();
    let rebuilt = fixture.update();
    assert_eq!(rebuilt.removed, ["reset.pt.html"]);
    assert_eq!(rebuilt.rendered, ["reset.html", INDEX]);
    assert!(!fixture.page("reset.html").contains("reset.pt.html"));
}

#[test]
fn a_file_with_errors_shows_its_diagnostics_until_fixed() {
    let (mut fixture, _) = Fixture::new(&[("reset.sop.yaml", SOURCE), ("greet.sop.yaml", OTHER)]);
    let good = fixture.page("reset.html");
    fixture.write("reset.sop.yaml", BROKEN);
    fixture.update();
    let page = fixture.page("reset.html");
    assert!(
        page.contains("<pre class=\"diagnostics\">flow/unknown-target"),
        "{page}"
    );
    assert!(
        page.contains("next: nowhere"),
        "the source line is shown: {page}"
    );
    assert!(page.contains("1 error, 0 warnings"), "{page}");
    let index = fixture.page(INDEX);
    assert!(
        index.contains("Reset a password</a> <span class=\"errors\">✖ 1 error</span>"),
        "{index}"
    );

    fixture.write("reset.sop.yaml", SOURCE);
    fixture.update();
    assert_eq!(fixture.page("reset.html"), good);
    assert!(!fixture.page(INDEX).contains("class=\"errors\""));
}

#[test]
fn files_without_a_model_get_an_error_page_and_a_place_in_the_index() {
    let (fixture, _) = Fixture::new(&[
        ("greet.sop.yaml", OTHER),
        ("broken.sop.yaml", "title: [unclosed\n"),
        ("a.sop.yaml", "<b>&\u{1}</b>: [\n"),
    ]);
    let page = fixture.page("broken.html");
    assert!(page.contains("yaml/syntax"), "{page}");
    let escaped = fixture.page("a.html");
    assert!(
        escaped.contains("&lt;b&gt;&amp;\\u{1}&lt;/b&gt;"),
        "every character of the source is escaped, the control character as the report shows it: {escaped}"
    );
    let index = fixture.page(INDEX);
    assert!(index.contains("Files with errors"), "{index}");
    assert!(
        index.contains("<a href=\"broken.html\">broken.sop.yaml</a>"),
        "{index}"
    );
}

#[test]
fn a_bad_configuration_is_shown_on_the_pages_it_governs() {
    let (mut fixture, _) = Fixture::new(&[("greet.sop.yaml", OTHER)]);
    fixture.write("sopkit.toml", "departments = [\n");
    fixture.update();
    let page = fixture.page("greet.html");
    assert!(
        page.contains("is not checked because its configuration has errors"),
        "{page}"
    );
    assert!(page.contains("sopkit.toml"), "{page}");
    std::fs::remove_file(fixture.dir.path().join("sopkit.toml")).unwrap();
    fixture.update();
    assert!(fixture.page("greet.html").contains("<h1>Greet</h1>"));
}

#[test]
fn urls_name_pages_of_the_site_only() {
    assert_eq!(resolve("/").as_deref(), Some(INDEX));
    assert_eq!(resolve("/a/b.html").as_deref(), Some("a/b.html"));
    assert_eq!(resolve("/caf%C3%A9.html").as_deref(), Some("café.html"));
    for bad in [
        "/../etc/passwd",
        "/a/../../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5cwindows",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/a/./b.html",
        "/a.html%00",
        "/%zz",
        "/%+1",
        "etc/passwd",
        "http://example.com/",
        "*",
    ] {
        let key = resolve(bad);
        assert!(
            key.is_none()
                || key
                    .as_deref()
                    .is_some_and(|k| !k.contains("..") && !k.starts_with('/')),
            "{bad} → {key:?}"
        );
    }
    assert_eq!(resolve("/%2fetc/passwd"), None);
    assert_eq!(resolve("/%2e%2e/etc/passwd"), None);
}

#[test]
fn requests_get_pages_with_the_reload_script_and_the_right_headers() {
    let (fixture, _) = Fixture::new(&[("greet.sop.yaml", OTHER)]);
    let site = fixture.live.snapshot();
    let host = Some("127.0.0.1:3000");
    let get = |target: &str| route("GET", target, host, 3000, &site);

    let page = get("/greet.html");
    assert_eq!(
        (page.status, page.content_type),
        (200, "text/html; charset=utf-8")
    );
    let text = String::from_utf8(page.body).unwrap();
    let version = site.version_of("greet.html");
    assert!(
        text.contains(&format!(
            "<script data-sopkit-page=\"greet.html\" data-sopkit-version=\"{version}\">"
        )),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with("</script>\n</body>\n</html>"),
        "{text}"
    );

    let asked = get(&format!("{VERSION_PATH}?page=greet.html"));
    assert_eq!(String::from_utf8(asked.body).unwrap(), version);
    let missing = get(&format!("{VERSION_PATH}?page=gone.html"));
    assert!(String::from_utf8(missing.body).unwrap().ends_with("-0"));

    for target in [
        "/gone.html",
        "/../greet.html",
        "/%2e%2e/greet.html",
        "//greet.html",
    ] {
        let reply = get(target);
        assert_eq!(reply.status, 404, "{target}");
        let text = String::from_utf8(reply.body).unwrap();
        assert!(
            text.contains("data-sopkit-version"),
            "a 404 page reloads itself too"
        );
    }
    assert_eq!(route("POST", "/", host, 3000, &site).status, 405);
    assert_eq!(
        route("GET", "/", Some("evil.example:3000"), 3000, &site).status,
        403
    );
    assert_eq!(
        route("GET", "/", Some("LOCALHOST:3000"), 3000, &site).status,
        200
    );
    assert_eq!(route("HEAD", "/", None, 3000, &site).status, 200);
}

#[test]
fn the_reload_script_names_its_page_escaped() {
    let with = super::pages::with_reload(b"<body>x</body>", "a\"<b>.html", "v-1");
    let text = String::from_utf8(with).unwrap();
    assert!(
        text.starts_with("<body>x<script data-sopkit-page=\"a&quot;&lt;b&gt;.html\""),
        "{text}"
    );
    assert!(Path::new("src/serve/assets/reload.html").exists());
}
