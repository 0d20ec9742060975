//! `sopkit serve [PATH]... [--port N] [--open]`: the HTML site of `build`,
//! served from memory on 127.0.0.1, checked again and partly rebuilt when a
//! file changes, and reloaded in the browser.
//!
//! Threads: one accepts connections and starts a thread for each (at most
//! 64 at once, with limits on what a request may send and how long it may
//! take: [`crate::serve::server`]); one waits for file changes, checks,
//! rebuilds and publishes the new site; the main thread waits for them. Requests read the site through an `Arc` swapped whole
//! after each rebuild, so a page is never seen half made.

use std::io::ErrorKind;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use super::watch::fail;
use super::{FAILURE, SUCCESS, print_usage_problems, setup};
use crate::check::{CheckReport, check_with_config};
use crate::cli::ServeArgs;
use crate::rules::RuleOptions;
use crate::serve::server::{self, Limits};
use crate::serve::{LiveSite, Rebuilt, Snapshot, http};
use crate::watch::{Stop, Watch};

/// The port tried first, as `mdbook serve` does; the next ones up to
/// `DEFAULT_PORT + PORTS_TRIED - 1` when it is taken.
const DEFAULT_PORT: u16 = 3000;
const PORTS_TRIED: u16 = 10;

pub(crate) fn execute(args: &ServeArgs) -> ExitCode {
    // A bad `--config` file is a usage error now; later it is shown on the pages.
    if let Err(code) = setup(args.sources.today, args.sources.config.as_deref()) {
        return code;
    }
    let (paths, stop, mut watch) =
        match super::watch::start(&args.paths, args.sources.config.as_deref()) {
            Ok(started) => started,
            Err(code) => return code,
        };
    let report = check_now(args, &paths);
    if report.has_missing_paths() {
        print_usage_problems(&report);
        return ExitCode::from(FAILURE);
    }
    if let Err(e) = watch.update(Some(&report)) {
        eprintln!("sopkit: warning: some folders are not watched: {e}");
    }
    let (listener, port) = match listen(args.port) {
        Ok(listening) => listening,
        Err(why) => return fail(&why),
    };
    let mut live = LiveSite::new(crate::site::root_of(&paths));
    live.update(&report, today(args));
    let site = RwLock::new(live.snapshot());
    let url = format!("http://127.0.0.1:{port}");
    eprintln!("Serving on {url}");
    eprintln!(
        "sopkit: {} page{}; {}; press Ctrl-C to stop",
        live.page_count(),
        if live.page_count() == 1 { "" } else { "s" },
        crate::report::summary_line(&report)
    );
    if args.open {
        open_browser(&url);
    }
    let answer = |head: &server::Head| {
        let snapshot = Arc::clone(&site.read().unwrap_or_else(PoisonError::into_inner));
        http::route(
            &head.method,
            &head.target,
            head.host.as_deref(),
            port,
            &snapshot,
        )
    };
    std::thread::scope(|scope| {
        scope.spawn(|| server::run(&listener, Limits::default(), &stop, &answer));
        scope.spawn(|| rebuild_on_change(args, &paths, &mut watch, &mut live, &site, &stop));
    });
    eprintln!("sopkit: stopped");
    ExitCode::from(SUCCESS)
}

fn today(args: &ServeArgs) -> jiff::civil::Date {
    args.sources
        .today
        .unwrap_or_else(|| jiff::Zoned::now().date())
}

/// Checks every file again, reading the configuration afresh.
fn check_now(args: &ServeArgs, paths: &[PathBuf]) -> CheckReport {
    let mut options = RuleOptions::on(today(args));
    options.follow_links = args.sources.follow_links;
    check_with_config(paths, &options, args.sources.config.as_deref())
}

/// The listening socket on 127.0.0.1, and its port.
fn listen(port: Option<u16>) -> Result<(TcpListener, u16), String> {
    let listener = bind(port)?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot serve on 127.0.0.1: {e}"))?
        .port();
    Ok((listener, port))
}

/// Listens on 127.0.0.1 (never on other addresses): on `port`, or on the
/// first free one from [`DEFAULT_PORT`] when none is given.
fn bind(port: Option<u16>) -> Result<TcpListener, String> {
    let start = port.unwrap_or(DEFAULT_PORT);
    let tries = if port.is_some() { 1 } else { PORTS_TRIED };
    for candidate in start..start.saturating_add(tries) {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, candidate)) {
            Ok(listener) => {
                if candidate != start {
                    eprintln!("sopkit: port {start} is in use; using {candidate}");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse && port.is_none() => {}
            Err(e) if e.kind() == ErrorKind::AddrInUse => {
                return Err(format!(
                    "port {start} on 127.0.0.1 is in use; choose another with --port N (--port 0 takes any free port)"
                ));
            }
            Err(e) => return Err(format!("cannot listen on 127.0.0.1:{candidate}: {e}")),
        }
    }
    Err(format!(
        "ports {start} to {} on 127.0.0.1 are all in use; choose one with --port N (--port 0 takes any free port)",
        start + tries - 1
    ))
}

/// Waits for changes; checks every file again, rebuilds what changed and
/// publishes the new site. Ends when the server stops.
fn rebuild_on_change(
    args: &ServeArgs,
    paths: &[PathBuf],
    watch: &mut Watch,
    live: &mut LiveSite,
    site: &RwLock<Arc<Snapshot>>,
    stop: &Stop,
) {
    while watch.wait(stop) {
        let started = Instant::now();
        let report = check_now(args, paths);
        let rebuilt = live.update(&report, today(args));
        *site.write().unwrap_or_else(PoisonError::into_inner) = live.snapshot();
        let elapsed = started.elapsed();
        if let Err(e) = watch.update(Some(&report)) {
            eprintln!("sopkit: warning: some folders are not watched: {e}");
        }
        eprintln!(
            "sopkit: {}",
            log_line(&rebuilt, live.page_count(), elapsed, &report)
        );
    }
}

/// "refund.html changed (1 of 7 pages rendered again, 3 ms); 1 error, 0 warnings in 7 files".
fn log_line(rebuilt: &Rebuilt, pages: usize, elapsed: Duration, report: &CheckReport) -> String {
    let mut changed: Vec<&str> = rebuilt
        .changed
        .iter()
        .map(String::as_str)
        .filter(|k| *k != crate::serve::INDEX)
        .collect();
    let removed = rebuilt.removed.len();
    let what = match (changed.len(), removed) {
        (0, 0) => "no page changed".to_owned(),
        (n, _) if n > 3 => format!("{n} pages changed"),
        (0, n) => format!("{n} page{} removed", if n == 1 { "" } else { "s" }),
        _ => {
            changed.sort_unstable();
            let mut what = format!("{} changed", changed.join(", "));
            if removed > 0 {
                what.push_str(&format!(", {removed} removed"));
            }
            what
        }
    };
    format!(
        "{what} ({} of {pages} page{} rendered again, {} ms); {}",
        rebuilt.rendered.len().saturating_sub(1),
        if pages == 1 { "" } else { "s" },
        elapsed.as_millis(),
        crate::report::summary_line(report)
    )
}

/// Opens `url` in the default browser; a failure is only a warning.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let url = url.to_owned();
    let warn = move |why: String| {
        eprintln!("sopkit: warning: cannot open a browser ({program}: {why}); open {url} yourself");
    };
    match spawned {
        Err(e) => warn(e.to_string()),
        Ok(mut child) => {
            std::thread::spawn(move || match child.wait() {
                Ok(status) if !status.success() => warn(format!("it ended with {status}")),
                Ok(_) => {}
                Err(e) => warn(e.to_string()),
            });
        }
    }
}
