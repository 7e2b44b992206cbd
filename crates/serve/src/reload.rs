//! Live reload: the script every served page carries, and the hub that tells connected
//! pages, over Server-Sent Events, that the site changed.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// Where pages listen for events.
pub(crate) const EVENTS_PATH: &str = "/__ogi/events";

/// The script put into every served page (never into built pages). `page` names pages put
/// in place ahead of the rest of an update: the page it names is fetched and its body
/// swapped in (reloaded instead when its head's stylesheets differ or its body has scripts
/// of its own); `reload` reloads the page, unless it names this page as fresh since the
/// `page` event this tab followed (waiting for that swap when it is still on its way);
/// `css` swaps the named stylesheets without a reload.
pub(crate) const CLIENT_SCRIPT: &str = r#"<script data-ogi-live>
(function () {
  if (!window.EventSource) return;
  var key = "ogi-live-page";
  var here = location.pathname;
  try { here = decodeURIComponent(here); } catch (e) {}
  here = here.replace(/index\.html$/, "");
  var followed = null;
  function idIn(event, field) {
    try {
      var map = JSON.parse(event.data)[field] || {};
      return Object.prototype.hasOwnProperty.call(map, here) ? here + " " + map[here] : null;
    } catch (e) { return null; }
  }
  function remember(value) {
    try {
      if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
    } catch (e) {}
  }
  function remembered() {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function styles(doc) {
    return Array.prototype.map.call(doc.querySelectorAll('link[rel~="stylesheet"]'), function (l) {
      return l.getAttribute("href") + " " + l.getAttribute("media");
    }).join("\n");
  }
  function reload(id) {
    remember(id);
    location.reload();
  }
  var swapping = null;
  var source = new EventSource("/__ogi/events");
  source.addEventListener("page", function (event) {
    var id = idIn(event, "pages");
    if (id === null) return;
    if (!window.fetch || !window.DOMParser) return reload(id);
    var done = fetch(location.href, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (!doc.body || styles(doc) !== styles(document) ||
          doc.body.querySelector("script:not([data-ogi-live])")) return reload(id);
      document.title = doc.title;
      document.body.replaceWith(document.adoptNode(doc.body));
      followed = id;
    }).catch(function () { reload(id); });
    swapping = { id: id, done: done };
  });
  source.addEventListener("reload", function (event) {
    var fresh = idIn(event, "fresh");
    var seen = remembered();
    remember(null);
    function decide() {
      if (fresh === null || (fresh !== followed && fresh !== seen)) location.reload();
    }
    // The swap of this very page still on its way (a busy machine): decide once it is in.
    if (fresh !== null && swapping && swapping.id === fresh) swapping.done.then(decide, decide);
    else decide();
  });
  source.addEventListener("css", function (event) {
    var paths = JSON.parse(event.data).stylesheets || [];
    var stamp = String(Date.now());
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (paths.some(function (p) { return url.pathname.endsWith("/" + p); })) {
        url.searchParams.set("ogi", stamp);
        link.href = url.href;
      }
    });
  });
})();
</script>
"#;

/// One message to every connected page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    /// `reload` or `css`.
    pub name: &'static str,
    /// A JSON object.
    pub data: String,
}

/// The pages connected to the event stream.
#[derive(Debug)]
pub(crate) struct Hub {
    clients: Mutex<Vec<Sender<Event>>>,
    /// This server's own prefix of page-event ids, so that an id a tab remembers from an
    /// earlier server is never taken for one of this server's.
    run: u64,
    /// The number of the last page event.
    sent: AtomicU64,
}

impl Default for Hub {
    fn default() -> Hub {
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Hub {
            clients: Mutex::default(),
            run,
            sent: AtomicU64::new(0),
        }
    }
}

impl Hub {
    /// A new connection's stream of events.
    pub(crate) fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = channel();
        self.clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(tx);
        rx
    }

    /// Sends `event` to every connected page; forgets the pages that went away.
    pub(crate) fn broadcast(&self, event: &Event) {
        self.clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|client| client.send(event.clone()).is_ok());
    }

    /// Tells the pages showing `files` (HTML files below the site at `root`, just put in
    /// place) to reload, ahead of the rest of the update; returns what each page is now,
    /// so that the update's own reload can spare the pages still the same.
    pub(crate) fn reload_pages(&self, root: &Path, files: &[String]) -> SentPages {
        let mut sent = SentPages::default();
        let mut ids = serde_json::Map::new();
        for file in files {
            let Some(address) = page_address(file) else {
                continue;
            };
            let id = format!(
                "{:x}-{}",
                self.run,
                self.sent.fetch_add(1, Ordering::SeqCst) + 1
            );
            ids.insert(address.clone(), serde_json::Value::String(id.clone()));
            sent.pages.insert(
                address,
                Sent {
                    id,
                    file: root.join(file),
                    hash: None,
                },
            );
        }
        if ids.is_empty() {
            return sent;
        }
        self.broadcast(&Event {
            name: "page",
            data: serde_json::json!({ "pages": ids }).to_string(),
        });
        // After the event: reading the pages back delays no browser.
        for page in sent.pages.values_mut() {
            page.hash = digest(&page.file);
        }
        sent
    }
}

/// The address a page file below the site is opened at (`a/b/index.html` → `/a/b/`), as
/// the client script compares it with `location.pathname`; `None` for anything but HTML.
pub(crate) fn page_address(file: &str) -> Option<String> {
    if !file.ends_with(".html") {
        return None;
    }
    let file = file.trim_start_matches('/');
    let address = file.strip_suffix("index.html").unwrap_or(file);
    Some(format!("/{address}"))
}

/// A digest of the file's bytes, or `None` when it cannot be read.
fn digest(file: &Path) -> Option<u64> {
    let bytes = std::fs::read(file).ok()?;
    let mut hasher = DefaultHasher::new();
    hasher.write(&bytes);
    Some(hasher.finish())
}

/// One page told to reload ahead of its update.
#[derive(Clone, Debug)]
struct Sent {
    /// The id of its page event.
    id: String,
    /// Its file.
    file: PathBuf,
    /// A digest of the file when the event was sent.
    hash: Option<u64>,
}

/// The pages told to reload ahead of an update, by address.
#[derive(Clone, Debug, Default)]
pub(crate) struct SentPages {
    pages: BTreeMap<String, Sent>,
}

impl SentPages {
    /// How many pages were told to reload.
    pub(crate) fn len(&self) -> usize {
        self.pages.len()
    }

    /// Adds the pages of a later event (its ids replace the earlier ones).
    pub(crate) fn merge(&mut self, later: SentPages) {
        self.pages.extend(later.pages);
    }

    /// The pages that still are as they were when their event was sent: the tabs that
    /// reloaded for it show the site as the update left it. Address → event id.
    pub(crate) fn fresh(&self) -> serde_json::Map<String, serde_json::Value> {
        self.pages
            .iter()
            .filter(|(_, page)| page.hash.is_some() && digest(&page.file) == page.hash)
            .map(|(address, page)| (address.clone(), serde_json::Value::String(page.id.clone())))
            .collect()
    }
}

/// How often an idle stream sends a comment, so that closed connections are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Writes the event stream to `out` until the connection closes.
pub(crate) fn stream(mut out: impl Write, events: &Receiver<Event>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let text = match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => format!("event: {}\ndata: {}\n\n", event.name, event.data),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subscriber_gets_each_event_and_gone_ones_are_dropped() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        let event = Event {
            name: "reload",
            data: "{}".into(),
        };
        hub.broadcast(&event);
        assert_eq!(a.try_recv().ok(), Some(event));
        assert_eq!(hub.clients.lock().map(|c| c.len()).unwrap_or(0), 1);
    }

    #[test]
    fn pages_are_named_by_the_address_a_browser_shows() {
        assert_eq!(
            page_address("reports/fj/gulou/2020/index.html").as_deref(),
            Some("/reports/fj/gulou/2020/")
        );
        assert_eq!(page_address("404.html").as_deref(), Some("/404.html"));
        assert_eq!(page_address("index.html").as_deref(), Some("/"));
        assert_eq!(page_address("data/table3.csv"), None);
    }

    #[test]
    fn a_page_event_names_its_pages_and_only_unchanged_ones_stay_fresh() {
        let dir = tempfile::tempdir().unwrap();
        for page in ["a", "b"] {
            std::fs::create_dir_all(dir.path().join(page)).unwrap();
            std::fs::write(dir.path().join(page).join("index.html"), page).unwrap();
        }
        let hub = Hub::default();
        let rx = hub.subscribe();
        let files = ["a/index.html".to_owned(), "b/index.html".to_owned()];
        let sent = hub.reload_pages(dir.path(), &files);
        let event = rx.try_recv().unwrap();
        assert_eq!(event.name, "page");
        let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
        assert!(data["pages"]["/a/"].is_string() && data["pages"]["/b/"].is_string());
        assert_ne!(data["pages"]["/a/"], data["pages"]["/b/"]);
        std::fs::write(dir.path().join("b/index.html"), "b, changed later").unwrap();
        let fresh = sent.fresh();
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh.get("/a/"), Some(&data["pages"]["/a/"]));
        assert_eq!(sent.len(), 2);
        assert!(hub.reload_pages(dir.path(), &["x.css".to_owned()]).len() == 0);
        assert!(rx.try_recv().is_err(), "no event for no page");
    }

    #[test]
    fn the_stream_frames_events_as_server_sent_events() {
        let hub = Hub::default();
        let rx = hub.subscribe();
        hub.broadcast(&Event {
            name: "css",
            data: "{\"stylesheets\":[\"assets/official/style.css\"]}".into(),
        });
        drop(hub);
        let mut out = Vec::new();
        stream(&mut out, &rx);
        let text = String::from_utf8(out).unwrap_or_default();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"));
        assert!(
            text.ends_with(
                "event: css\ndata: {\"stylesheets\":[\"assets/official/style.css\"]}\n\n"
            )
        );
    }
}
