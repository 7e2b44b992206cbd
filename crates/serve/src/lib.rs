//! `ogi-serve`: the live preview. Watches the sources (`watch`), keeps the site current
//! with [`ogi_site::LiveSite`] (which re-renders only what a change touches, or everything
//! with [`ServeOptions::live`]), serves it on 127.0.0.1 (`server`, `http`) and tells open
//! pages to reload (`reload`); while the content has errors, every page shows them
//! (`overlay`). Bad input never stops the server.
//!
//! ```no_run
//! let options = ogi_serve::ServeOptions::new(ogi_site::SiteOptions::new("."));
//! ogi_serve::serve(options, |url| eprintln!("serving {url}"))?;
//! # Ok::<(), ogi_serve::ServeError>(())
//! ```

mod http;
mod overlay;
mod reload;
mod server;
mod watch;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use ogi_model::Project;
use ogi_site::{Ahead, Changes, LiveOptions, LiveSite, SiteOptions, Update};
use ogi_validate::Lang;

use crate::http::Shared;
use crate::reload::{Event, SentPages};
use crate::watch::{Roots, Watch};

/// What `ogi serve` is asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The project and where the site is written (by default a folder in the system's
    /// temporary folder, so `site/` of `ogi build` is never touched).
    pub site: SiteOptions,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Host names besides `localhost` and IP addresses that requests may name in their
    /// `Host` header (others get 403).
    pub allowed_hosts: Vec<String>,
    /// The language of the terminal's messages (the overlay is always Chinese).
    pub lang: Lang,
    /// How the site is rendered after a change: only what it touched (the default), or
    /// everything (`--full`), and whether each update is checked against a full render.
    pub live: LiveOptions,
}

impl ServeOptions {
    /// Serves `site` on 127.0.0.1:4000.
    pub fn new(site: SiteOptions) -> ServeOptions {
        ServeOptions {
            site,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 4000,
            allowed_hosts: Vec::new(),
            lang: Lang::En,
            live: LiveOptions::default(),
        }
    }
}

/// Why the preview could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr} (pass another --port; 0 picks a free one)")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The watcher could not start.
    #[error("cannot watch {}", .path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: notify::Error,
    },
    /// The first build could not be written.
    #[error(transparent)]
    Build(#[from] ogi_site::BuildError),
}

/// The folder a preview of the project at `root` (absolute) is written to by default: one
/// per project, in the temporary folder, reused by the next `ogi serve`.
pub fn default_output(root: &std::path::Path) -> PathBuf {
    let absolute = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // FNV-1a of the path: stable across runs, so a restart rewrites only what changed.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in absolute.as_os_str().as_encoded_bytes() {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x100_0000_01b3);
    }
    std::env::temp_dir().join(format!("ogi-serve-{hash:016x}"))
}

/// How long a save's pages wait to be put ahead while an update is about to decide what
/// the site will look like; past it, the save's own update puts them in place.
const AHEAD_PATIENCE: Duration = Duration::from_millis(1000);

/// A batch of changes from the watcher.
struct Batch {
    changes: Changes,
    /// When its first event arrived.
    since: Instant,
    /// When its pages were put in place ahead of its update, from `since`, if they were.
    ahead: Option<Duration>,
    /// The pages told to reload once they were in place, ahead of the update.
    sent: SentPages,
}

/// One line for the terminal about an update.
fn describe(update: &Update, changes: Option<&Changes>, project: &Project, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut what = Vec::new();
    if let Some(c) = changes {
        let shown: Vec<String> = c.reports.iter().take(3).map(|p| project.show(p)).collect();
        if !shown.is_empty() {
            what.push(match (c.reports.len() > 3, zh) {
                (true, false) => format!("{} and {} more", shown.join(", "), c.reports.len() - 3),
                (true, true) => format!("{} 等 {} 个文件", shown.join("、"), c.reports.len()),
                (false, _) => shown.join(if zh { "、" } else { ", " }),
            });
        }
        if c.config {
            what.push(
                if zh {
                    "站点配置"
                } else {
                    "site configuration"
                }
                .into(),
            );
        }
        if c.theme {
            what.push(if zh { "主题" } else { "theme" }.into());
        }
        // Paths gone that only might have been folders (an editor's temporary file) are
        // not worth a mention; folders that exist are.
        for folder in c.folders.iter().filter(|f| f.is_dir()).take(3) {
            let shown = project.show(folder);
            what.push(if zh {
                format!("文件夹 {shown}")
            } else {
                format!("folder {shown}")
            });
        }
        if c.rescan {
            what.push(
                if zh {
                    "全部内容（已重新读取）"
                } else {
                    "all content (reloaded)"
                }
                .into(),
            );
        }
    }
    let what = match (what.is_empty(), zh) {
        (true, false) => "first build".to_owned(),
        (true, true) => "首次构建".to_owned(),
        (false, false) => format!("changed: {}", what.join("; ")),
        (false, true) => format!("已修改：{}", what.join("；")),
    };
    let ms = update.elapsed.as_millis();
    if update.blocked {
        return if zh {
            format!("{what} → 未重新构建：请先改正下列错误（{ms} 毫秒）")
        } else {
            format!("{what} → not rebuilt: fix the errors below ({ms} ms)")
        };
    }
    let stages: Vec<String> = update
        .stages
        .iter()
        .map(|(name, d)| format!("{name} {}", d.as_millis()))
        .collect();
    let (pages, written, removed) = (update.pages, update.written, update.removed);
    if zh {
        return format!(
            "{what} → 渲染 {pages} 个页面{}，写入 {written} 个文件，删除 {removed} 个，用时 {ms} 毫秒（{}）",
            if update.full { "（全部）" } else { "" },
            stages.join("，")
        );
    }
    format!(
        "{what} → {pages} page{} rendered{}, {written} file{} written, {removed} removed in {ms} ms ({})",
        if pages == 1 { "" } else { "s" },
        if update.full { " (full)" } else { "" },
        if written == 1 { "" } else { "s" },
        stages.join(", ")
    )
}

/// Prints the update and the problems that stand, and refreshes the overlay; returns
/// whether the overlay changed.
fn report(
    site: &LiveSite,
    shared: &Shared,
    update: &Update,
    changes: Option<&Changes>,
    lang: Lang,
) -> bool {
    let lines = overlay::lines(site, lang);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{}",
        describe(update, changes, &site.options().project, lang)
    );
    for line in lines.iter().take(20) {
        let _ = writeln!(err, "  {line}");
    }
    if lines.len() > 20 {
        let _ = writeln!(err, "  … and {} more (run `ogi check`)", lines.len() - 20);
    }
    if let (Lang::Zh, Some(problem)) = (lang, site.problem()) {
        // The Chinese line says what failed; the details are the template engine's.
        for line in problem.lines() {
            let _ = writeln!(err, "    {line}");
        }
    }
    let lines = match lang {
        Lang::Zh => lines,
        Lang::En => overlay::lines(site, Lang::Zh),
    };
    let html = overlay::html(&lines, update.blocked);
    let mut overlay = shared
        .overlay
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let changed = *overlay != html;
    *overlay = html;
    changed
}

/// Builds the site, serves it and keeps it current until the process ends. `ready` is
/// called with the address once the server listens.
pub fn serve(options: ServeOptions, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
    // What can be refused is refused before the first build, which may take a while.
    if let Some(message) = ogi_site::output_conflict(&options.site.project) {
        return Err(ServeError::Build(ogi_site::BuildError::Output {
            path: options.site.project.output.clone(),
            message,
        }));
    }
    let addr = SocketAddr::new(options.bind, options.port);
    let listener =
        std::net::TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let mut watch = Watch::start(Roots::of(&options.site.project))?;
    let (site, first) = LiveSite::open(options.site.clone(), options.live)?;
    let shared = Arc::new(Shared {
        root: site.output().to_path_buf(),
        overlay: RwLock::new(None),
        hub: reload::Hub::default(),
    });
    let _ = report(&site, &shared, &first, None, options.lang);
    let bound = listener
        .local_addr()
        .map_or_else(|_| addr.to_string(), |a| a.to_string());
    {
        let shared = Arc::clone(&shared);
        let handle: Arc<server::Handler> =
            Arc::new(move |request: &server::Request, out| http::handle(&shared, request, out));
        let allowed = Arc::new(options.allowed_hosts.clone());
        std::thread::spawn(move || server::run(listener, handle, allowed));
    }
    ready(&format!("http://{bound}/"));
    // OGI_SERVE_TRACE=1: a line per update of when each step was done, from the first
    // event of the save (for measuring the preview's latency).
    let trace = std::env::var_os("OGI_SERVE_TRACE").is_some_and(|v| v != "0");
    let site = Arc::new(RwLock::new(site));
    let (batches, pending) = std::sync::mpsc::channel::<Batch>();
    {
        // The watcher's thread: each save's own pages go in place at once, even while the
        // previous update still renders; the updates themselves run one after another.
        let site = Arc::clone(&site);
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            while let Some(changes) = watch.next_changes() {
                let since = watch.first_event.unwrap_or_else(Instant::now);
                let asked = Instant::now();
                let ahead = loop {
                    let ahead = site
                        .read()
                        .unwrap_or_else(PoisonError::into_inner)
                        .publish_ahead(&changes);
                    if ahead != Ahead::Wait || asked.elapsed() > AHEAD_PATIENCE {
                        break ahead;
                    }
                    std::thread::sleep(Duration::from_millis(2));
                };
                let (ahead, sent) = match ahead {
                    Ahead::Published(written) => (
                        Some(since.elapsed()),
                        // The pages showing these reload now, not when the update is done.
                        shared.hub.reload_pages(&shared.root, &written),
                    ),
                    Ahead::Wait | Ahead::Never => (None, SentPages::default()),
                };
                if batches
                    .send(Batch {
                        changes,
                        since,
                        ahead,
                        sent,
                    })
                    .is_err()
                {
                    return;
                }
            }
        });
    }
    let mut build = 0u64;
    while let Ok(mut batch) = pending.recv() {
        // Saves that came while the last update ran are one update.
        while let Ok(more) = pending.try_recv() {
            batch.changes.merge(more.changes);
            batch.ahead = batch.ahead.or(more.ahead);
            batch.sent.merge(more.sent);
        }
        let Batch {
            changes,
            since,
            ahead,
            mut sent,
        } = batch;
        let ready_at = since.elapsed();
        let update = {
            let begun = site
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .begin(&changes);
            begun.and_then(|mut pending| {
                // The saved reports' pages the update put in place first (those not put
                // ahead by the watcher): their pages reload now.
                if !pending.first_pages().is_empty() {
                    sent.merge(shared.hub.reload_pages(&shared.root, pending.first_pages()));
                }
                site.read()
                    .unwrap_or_else(PoisonError::into_inner)
                    .render_pending(&mut pending);
                site.write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .finish(pending)
            })
        };
        let update = match update {
            Ok(update) => update,
            Err(e) => {
                let mut message = e.to_string();
                let mut cause = std::error::Error::source(&e);
                while let Some(c) = cause {
                    message = format!("{message}: {c}");
                    cause = c.source();
                }
                eprintln!("error: {message}; the preview goes on with the previous site");
                continue;
            }
        };
        if !update.mismatched.is_empty() {
            let shown: Vec<&str> = update
                .mismatched
                .iter()
                .take(5)
                .map(String::as_str)
                .collect();
            eprintln!(
                "verify: the incremental render differed from a full one in {} file{} ({}); the full render was written",
                update.mismatched.len(),
                if update.mismatched.len() == 1 {
                    ""
                } else {
                    "s"
                },
                shown.join(", ")
            );
        }
        let overlay_changed = {
            let site = site.read().unwrap_or_else(PoisonError::into_inner);
            report(&site, &shared, &update, Some(&changes), options.lang)
        };
        if trace {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            eprintln!(
                "trace: from the first event: pages put ahead {}, update began {:.1} ms, its first pages {}, done {:.1} ms",
                ahead.map_or_else(|| "none".to_owned(), |d| format!("{:.1} ms", ms(d))),
                ms(ready_at),
                update.first_at.map_or_else(
                    || "none".to_owned(),
                    |d| format!("{:.1} ms", ms(ready_at + d))
                ),
                ms(since.elapsed()),
            );
        }
        // The pages that reloaded ahead and are still as the update left them need not
        // reload again; the overlay, when it changed, is on every page.
        let fresh = if overlay_changed {
            serde_json::Map::new()
        } else {
            sent.fresh()
        };
        if !update.changed && !overlay_changed && fresh.len() == sent.len() {
            continue;
        }
        build += 1;
        let data = serde_json::json!({
            "build": build,
            "pages": update.pages,
            "written": update.written,
            "ms": update.elapsed.as_millis() as u64,
            "blocked": update.blocked,
            "stylesheets": update.stylesheets_only.clone().unwrap_or_default(),
            "fresh": fresh,
        })
        .to_string();
        let name = if update.stylesheets_only.is_some() {
            "css"
        } else {
            "reload"
        };
        // Sent after the files are in place: a reloading page never sees a half-built site.
        shared.hub.broadcast(&Event { name, data });
    }
    Ok(())
}
