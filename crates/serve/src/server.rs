//! The preview's HTTP/1.1 server: reads each request's head within limits, refuses what
//! the preview must not answer, and hands the rest to a handler (the preview's is
//! `http::handle`).
//!
//! Limits, so that no client can make the preview use unbounded memory or reach it from
//! another site: a request line of at most [`MAX_REQUEST_LINE`] bytes (else 414), headers of
//! at most [`MAX_HEADERS`] bytes (else 431), at most [`MAX_CONNECTIONS`] connections at once
//! (others get 503, and the log says so once), a head read within [`HEAD_TIMEOUT`], and a
//! `Host` that names this machine (else 403: a page of another site that rebinds its
//! domain name to 127.0.0.1 sends its own name). One request per connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The longest request line read (method, target, version), in bytes.
pub(crate) const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The most header bytes read after the request line.
pub(crate) const MAX_HEADERS: usize = 64 * 1024;
/// The most connections served at once (pages, files and event streams together).
pub(crate) const MAX_CONNECTIONS: usize = 512;
/// How long a client may take to send a request's head.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// A request's head, as the handler needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/reports/?q=1`).
    pub url: String,
    /// The `Host` header, if sent.
    pub host: Option<String>,
}

/// Why a head was not read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeadError {
    /// The request line is too long: 414.
    LineTooLong,
    /// The headers are too long: 431.
    HeadersTooLarge,
    /// Not HTTP: 400.
    Malformed,
    /// The client went away or was too slow: no answer.
    Gone,
}

/// Reads one line ending in `\n` of at most `limit` bytes (the `\r\n` not counted).
fn read_line(
    reader: &mut impl BufRead,
    limit: usize,
    too_long: HeadError,
) -> Result<String, HeadError> {
    let mut line = Vec::new();
    let read = reader
        .take(limit as u64 + 2)
        .read_until(b'\n', &mut line)
        .map_err(|_| HeadError::Gone)?;
    if read == 0 {
        return Err(HeadError::Gone);
    }
    if line.last() != Some(&b'\n') {
        return Err(if line.len() > limit {
            too_long
        } else {
            HeadError::Gone
        });
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| HeadError::Malformed)
}

/// Reads a request's head within the limits.
pub(crate) fn read_head(reader: &mut impl BufRead) -> Result<Request, HeadError> {
    let line = read_line(reader, MAX_REQUEST_LINE, HeadError::LineTooLong)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(url), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || url.is_empty() {
        return Err(HeadError::Malformed);
    }
    let mut host = None;
    let mut left = MAX_HEADERS;
    loop {
        let header = read_line(reader, left, HeadError::HeadersTooLarge)?;
        left = left.saturating_sub(header.len() + 2);
        if header.is_empty() {
            break;
        }
        if left == 0 {
            return Err(HeadError::HeadersTooLarge);
        }
        let (name, value) = header.split_once(':').ok_or(HeadError::Malformed)?;
        if name.eq_ignore_ascii_case("host") {
            host = Some(value.trim().to_owned());
        }
    }
    Ok(Request {
        method: method.to_owned(),
        url: url.to_owned(),
        host,
    })
}

/// Whether `host` (a `Host` header) names this preview: `localhost`, an IP address (a
/// page of another site can only reach the preview under its own domain name) or one of
/// `allowed`, with the preview's `port`.
pub(crate) fn host_allowed(host: &str, port: u16, allowed: &[String]) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p)) if !p.contains(']') => (name, p.parse::<u16>().ok()),
        _ => (host, None),
    };
    if given.is_some_and(|p| p != port) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    name == "localhost"
        || bare.parse::<IpAddr>().is_ok()
        || allowed.iter().any(|a| a.eq_ignore_ascii_case(&name))
}

/// Writes a complete response and ends the connection.
pub(crate) fn write_response(
    out: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let _ = out
        .write_all(head.as_bytes())
        .and_then(|()| {
            if head_only {
                Ok(())
            } else {
                out.write_all(body)
            }
        })
        .and_then(|()| out.flush());
}

/// A plain-text refusal.
fn refuse(out: &mut impl Write, status: u16, text: &str) {
    write_response(
        out,
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        text.as_bytes(),
        false,
    );
}

/// Answers one request on its connection.
pub(crate) type Handler = dyn Fn(&Request, TcpStream) + Send + Sync;

/// Serves `listener` until the process ends, a thread per connection, handing each
/// request whose `Host` is `allowed` to `handle`.
pub(crate) fn run(listener: TcpListener, handle: Arc<Handler>, allowed: Arc<Vec<String>>) {
    let open = Arc::new(AtomicUsize::new(0));
    let warned = Arc::new(AtomicBool::new(false));
    let port = listener.local_addr().map_or(0, |a| a.port());
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            if !warned.swap(true, Ordering::SeqCst) {
                eprintln!(
                    "warning: {MAX_CONNECTIONS} connections are open, the preview's limit: new ones get 503 until some close"
                );
            }
            refuse(&mut stream, 503, "too many connections\n");
            continue;
        }
        warned.store(false, Ordering::SeqCst);
        let (handle, allowed, open) =
            (Arc::clone(&handle), Arc::clone(&allowed), Arc::clone(&open));
        std::thread::spawn(move || {
            connection(stream, &*handle, &allowed, port);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Answers the one request of a connection.
fn connection(stream: TcpStream, handle: &Handler, allowed: &[String], port: u16) {
    let started = Instant::now();
    let _ = stream.set_read_timeout(Some(HEAD_TIMEOUT));
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let head = read_head(&mut reader);
    if started.elapsed() > HEAD_TIMEOUT {
        return;
    }
    match head {
        Ok(request) => {
            if !request
                .host
                .as_deref()
                .is_some_and(|h| host_allowed(h, port, allowed))
            {
                return refuse(
                    &mut out,
                    403,
                    "this preview answers requests for localhost, 127.0.0.1 or its IP address only (ogi serve --allow-host NAME adds a name)\n",
                );
            }
            handle(&request, out);
        }
        Err(HeadError::LineTooLong) => refuse(&mut out, 414, "request line too long\n"),
        Err(HeadError::HeadersTooLarge) => refuse(&mut out, 431, "headers too large\n"),
        Err(HeadError::Malformed) => refuse(&mut out, 400, "bad request\n"),
        Err(HeadError::Gone) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &[u8]) -> Result<Request, HeadError> {
        read_head(&mut BufReader::new(text))
    }

    #[test]
    fn a_request_head_is_read() {
        let r = head(b"GET /a/?q=1 HTTP/1.1\r\nHost: 127.0.0.1:4000\r\nAccept: */*\r\n\r\n");
        assert_eq!(
            r,
            Ok(Request {
                method: "GET".into(),
                url: "/a/?q=1".into(),
                host: Some("127.0.0.1:4000".into()),
            })
        );
    }

    #[test]
    fn long_request_lines_and_headers_are_refused_without_reading_them_all() {
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(head(long.as_bytes()), Err(HeadError::LineTooLong));
        let fits = format!(
            "GET /{} HTTP/1.1\r\n\r\n",
            "a".repeat(MAX_REQUEST_LINE - 20)
        );
        assert!(head(fits.as_bytes()).is_ok());
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X-A: b\r\n".repeat(MAX_HEADERS / 8 + 1)
        );
        assert_eq!(head(many.as_bytes()), Err(HeadError::HeadersTooLarge));
        let one = format!("GET / HTTP/1.1\r\nX-A: {}\r\n\r\n", "b".repeat(MAX_HEADERS));
        assert_eq!(head(one.as_bytes()), Err(HeadError::HeadersTooLarge));
    }

    #[test]
    fn only_this_machine_is_a_host() {
        let none: &[String] = &[];
        for ok in [
            "localhost:4000",
            "127.0.0.1:4000",
            "[::1]:4000",
            "192.168.1.5:4000",
            "LOCALHOST:4000",
            "localhost",
        ] {
            assert!(host_allowed(ok, 4000, none), "{ok}");
        }
        for bad in [
            "evil.example:4000",
            "localhost:4001",
            "127.0.0.1.evil.example:4000",
            "",
        ] {
            assert!(!host_allowed(bad, 4000, none), "{bad}");
        }
        assert!(host_allowed(
            "preview.lan:4000",
            4000,
            &["preview.lan".to_owned()]
        ));
    }
}
