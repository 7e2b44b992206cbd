//! Answering requests: files of the site (pages with the reload script and, while there are
//! errors, the overlay), the event stream, and the theme's 404 page for anything else.
//! Request paths never leave the site folder.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use std::net::TcpStream;

use crate::overlay;
use crate::reload::{CLIENT_SCRIPT, EVENTS_PATH, Hub, stream};
use crate::server::{Request, write_response};

/// What every request handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The site folder.
    pub root: PathBuf,
    /// The overlay to show on every page, if anything is wrong.
    pub overlay: RwLock<Option<String>>,
    /// Connected pages.
    pub hub: Hub,
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file inside the site folder.
    File(PathBuf),
    /// A folder without its trailing slash: redirect to the address with it.
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// A path that tries to leave the site or is not a path at all.
    Refused,
}

/// Decodes `%XX` escapes; `None` if an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Resolves the path of a request URL against the site folder `root`.
///
/// Every segment is decoded first, then checked: `..`, `.`, backslashes, NUL bytes and
/// drive prefixes are refused, and the file found must still be inside `root` once
/// symbolic links are followed.
pub(crate) fn resolve(root: &Path, url: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Target::Refused;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Target::Refused;
    }
    let mut candidate = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) if segment != "." && segment != ".." => {
                candidate.push(segment);
            }
            _ => return Target::Refused,
        }
    }
    let Ok(real_root) = root.canonicalize() else {
        return Target::NotFound;
    };
    let Ok(real) = candidate.canonicalize() else {
        return Target::NotFound;
    };
    if !real.starts_with(&real_root) {
        return Target::Refused;
    }
    if real.is_dir() {
        if !decoded.ends_with('/') {
            // From the path as sent (still escaped), with one leading slash: `//reports`
            // must not become `//reports/`, which a browser reads as another host.
            return Target::Redirect(format!("/{}/", path.trim_start_matches('/')));
        }
        let index = real.join("index.html");
        return if index.is_file() {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if real.is_file() {
        Target::File(real)
    } else {
        Target::NotFound
    }
}

/// The media type of a file, by its extension.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "csv" => "text/csv; charset=utf-8",
        "yaml" | "yml" | "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A page with the reload script and the overlay, if any.
fn page(shared: &Shared, html: &str) -> Vec<u8> {
    let overlay = shared
        .overlay
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    overlay::inject(html, overlay.as_deref(), CLIENT_SCRIPT).into_bytes()
}

fn respond(request: &Request, mut out: TcpStream, status: u16, kind: &str, body: Vec<u8>) {
    write_response(
        &mut out,
        status,
        &[
            ("Content-Type", kind),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
        &body,
        request.method == "HEAD",
    );
}

/// The theme's 404 page (with status 404), or a plain one if the site has none yet.
fn not_found(shared: &Shared, request: &Request, out: TcpStream, status: u16) {
    let html = std::fs::read_to_string(shared.root.join("404.html")).unwrap_or_else(|_| {
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>页面不存在</h1></body></html>".to_owned()
    });
    respond(
        request,
        out,
        status,
        "text/html; charset=utf-8",
        page(shared, &html),
    );
}

/// Answers one request, writing to `out`.
pub(crate) fn handle(shared: &Arc<Shared>, request: &Request, out: TcpStream) {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return respond(
            request,
            out,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        );
    }
    let url = request.url.as_str();
    if url.split('?').next() == Some(EVENTS_PATH) {
        let events = shared.hub.subscribe();
        stream(out, &events);
        return;
    }
    match resolve(&shared.root, url) {
        Target::File(path) => match std::fs::read(&path) {
            Ok(bytes) => {
                let kind = content_type(&path);
                let body = if kind.starts_with("text/html") {
                    page(shared, &String::from_utf8_lossy(&bytes))
                } else {
                    bytes
                };
                respond(request, out, 200, kind, body);
            }
            // Gone between the check and the read (an update removed it).
            Err(_) => not_found(shared, request, out, 404),
        },
        Target::Redirect(to) => {
            let mut out = out;
            write_response(&mut out, 301, &[("Location", &to)], b"", false);
        }
        Target::NotFound => not_found(shared, request, out, 404),
        Target::Refused => not_found(shared, request, out, 400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_site_and_escapes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("reports/a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("reports/a/index.html"), "a").unwrap();
        std::fs::write(root.join("报告.txt"), "zh").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let real = |p: &str| Target::File(root.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&root, "/"), real("index.html"));
        assert_eq!(
            resolve(&root, "/reports/a/?q=1"),
            real("reports/a/index.html")
        );
        assert_eq!(
            resolve(&root, "/reports/a"),
            Target::Redirect("/reports/a/".into())
        );
        assert_eq!(resolve(&root, "/%E6%8A%A5%E5%91%8A.txt"), real("报告.txt"));
        assert_eq!(resolve(&root, "/nothing.html"), Target::NotFound);
        for bad in [
            "/../secret.txt",
            "/reports/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/reports/a/%2e%2e/%2e%2e/%2e%2e/secret.txt",
            "/%252e%252e/secret.txt",
            "/./index.html",
            "/%00",
            "/%zz",
            "relative",
        ] {
            let target = resolve(&root, bad);
            assert!(
                matches!(target, Target::Refused | Target::NotFound),
                "{bad}: {target:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_site_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Target::Refused);
        assert_eq!(resolve(&root, "/up/secret.txt"), Target::Refused);
    }
}
