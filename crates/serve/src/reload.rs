//! Live reload: the script every served page carries, and the hub that tells connected
//! pages, over Server-Sent Events, that the site changed.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// Where pages listen for events.
pub(crate) const EVENTS_PATH: &str = "/__ogi/events";

/// The script put into every served page (never into built pages). `reload` reloads the
/// page; `css` swaps the named stylesheets without a reload.
pub(crate) const CLIENT_SCRIPT: &str = r#"<script data-ogi-live>
(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/__ogi/events");
  source.addEventListener("reload", function () { location.reload(); });
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
#[derive(Debug, Default)]
pub(crate) struct Hub {
    clients: Mutex<Vec<Sender<Event>>>,
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
