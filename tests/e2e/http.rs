//! A minimal static file server on 127.0.0.1 for browser tests.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

/// A server running in a background thread for the life of the test process.
pub(crate) struct Server {
    /// `http://127.0.0.1:PORT`.
    pub(crate) origin: String,
}

/// Script appended to HTML pages requested with `?measure`: it writes the size and
/// visibility of the element matching the query's selector into the page.
const MEASURE: &str = r#"<script>
addEventListener('load', () => {
  const q = decodeURIComponent(location.search.slice('?measure='.length));
  const el = document.querySelector(q);
  const out = {found: !!el};
  if (el) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    out.width = r.width; out.height = r.height; out.top = r.top + scrollY; out.left = r.left;
    out.visible = s.display !== 'none' && s.visibility !== 'hidden' && +s.opacity > 0;
    out.rows = el.querySelectorAll('tr').length;
    out.fontSize = parseFloat(getComputedStyle(el.querySelector('td') || el).fontSize);
  }
  const pre = document.createElement('pre');
  pre.id = 'measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"#;

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// Serves `root` on a free port of 127.0.0.1.
pub(crate) fn serve(root: &Path) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let origin = format!("http://{}", listener.local_addr().expect("address"));
    let root: PathBuf = root.to_owned();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                        break;
                    }
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let (path, query) = target.split_once('?').unwrap_or((target, ""));
                let decoded = percent_decode(path);
                let mut file = root.join(decoded.trim_start_matches('/'));
                if decoded.contains("..") {
                    file = root.join("404.html");
                }
                if decoded.ends_with('/') {
                    file = file.join("index.html");
                }
                let (status, file) = if file.is_file() {
                    ("200 OK", file)
                } else {
                    ("404 Not Found", root.join("404.html"))
                };
                let mut body = std::fs::read(&file).unwrap_or_default();
                if query.starts_with("measure=") && file.extension().is_some_and(|e| e == "html") {
                    body.extend_from_slice(MEASURE.as_bytes());
                }
                let mut out = &stream;
                let _ = write!(
                    out,
                    "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    content_type(&file),
                    body.len()
                );
                let _ = out.write_all(&body);
            });
        }
    });
    Server { origin }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
