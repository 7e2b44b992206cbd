//! The preview server's limits, as a hostile client meets them: a huge request line (414),
//! huge headers (431), a scheme-relative redirect, a foreign Host (403), too many
//! connections (503 and a log line).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use crate::serve::Preview;
use crate::site::copy_dir;
use crate::support::root;

/// A preview of the bundled content, started as an editor would in the project folder.
fn preview(dir: &Path) -> Preview {
    copy_dir(&root().join("content"), &dir.join("content"));
    let out = dir.join("served");
    Preview::spawn(
        dir,
        &["serve", "--port", "0", "--output", &out.to_string_lossy()],
    )
}

/// Sends `request` (written from another thread, since the server may answer and close
/// before it is all sent) and returns the response's head.
fn send(addr: &str, request: Vec<u8>) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut writer = stream.try_clone().expect("clone");
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&request);
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    drop(stream);
    let _ = sender.join();
    let text = String::from_utf8_lossy(&raw).into_owned();
    text.split("\r\n\r\n").next().unwrap_or("").to_owned()
}

fn status(head: &str) -> u16 {
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn huge_request_lines_and_headers_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let preview = preview(dir.path());
    let addr = preview.addr.clone();
    let url = format!("/{}", "a".repeat(16 * 1024 * 1024));
    let head = send(
        &addr,
        format!("GET {url} HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(),
    );
    assert_eq!(status(&head), 414, "{head}");
    let headers =
        "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(2000);
    let head = send(
        &addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\n{headers}\r\n").into_bytes(),
    );
    assert_eq!(status(&head), 431, "{head}");
    // An ordinary request still works.
    let head = send(
        &addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(),
    );
    assert_eq!(status(&head), 200, "{head}");
}

#[test]
fn folders_redirect_to_a_path_of_this_site_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let preview = preview(dir.path());
    let addr = preview.addr.clone();
    for (target, location) in [
        ("/reports", "/reports/"),
        ("//reports", "/reports/"),
        ("///reports", "/reports/"),
    ] {
        let head = send(
            &addr,
            format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(),
        );
        assert_eq!(status(&head), 301, "{target}: {head}");
        assert!(
            head.lines().any(|l| l == format!("Location: {location}")),
            "{target}: {head}"
        );
    }
}

#[test]
fn requests_for_another_host_are_forbidden() {
    let dir = tempfile::tempdir().expect("temp dir");
    let preview = preview(dir.path());
    let addr = preview.addr.clone();
    let port = addr.rsplit(':').next().expect("port");
    for host in [
        format!("evil.example:{port}"),
        "localhost:1".to_owned(),
        String::new(),
    ] {
        let line = if host.is_empty() {
            String::new()
        } else {
            format!("Host: {host}\r\n")
        };
        let head = send(&addr, format!("GET / HTTP/1.1\r\n{line}\r\n").into_bytes());
        assert_eq!(status(&head), 403, "Host {host:?}: {head}");
    }
    for host in [format!("localhost:{port}"), addr.clone()] {
        let head = send(
            &addr,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes(),
        );
        assert_eq!(status(&head), 200, "Host {host}: {head}");
    }
}

#[test]
fn connections_past_the_limit_get_503_and_a_log_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let preview = preview(dir.path());
    let addr = preview.addr.clone();
    // Idle connections that never send a head hold their places for a while.
    let held: Vec<TcpStream> = (0..512)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let head = send(
        &addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(),
    );
    assert_eq!(status(&head), 503, "{head}");
    let said = preview
        .lines
        .recv_timeout(Duration::from_secs(5))
        .expect("a log line");
    assert!(said.contains("512 connections are open"), "{said}");
    drop(held);
    std::thread::sleep(Duration::from_millis(500));
    let head = send(
        &addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(),
    );
    assert_eq!(
        status(&head),
        200,
        "once they close, requests are answered: {head}"
    );
}
