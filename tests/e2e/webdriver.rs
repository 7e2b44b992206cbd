//! A minimal WebDriver client for Debian's chromedriver, to drive one live tab in headless
//! Chromium (the serve tests watch a page change without reloading it themselves).
//! Without chromedriver the tests skip loudly; under CI (`CI=true`) they fail.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A chromedriver process with one headless Chromium session.
pub(crate) struct Driver {
    child: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Sends one HTTP request to 127.0.0.1:`port`; returns the status and the JSON body.
fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
    // Longer than any script timeout a test sets (at most 120 s), so a slow script ends
    // with chromedriver's own answer rather than a read cut off on this side.
    stream
        .set_read_timeout(Some(Duration::from_secs(180)))
        .expect("timeout");
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    // chromedriver may keep the connection open: read the head, then exactly the body.
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => raw.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let body = match length {
        Some(n) => {
            let mut body = vec![0u8; n];
            stream.read_exact(&mut body).expect("read body");
            String::from_utf8_lossy(&body).into_owned()
        }
        None if head.contains("transfer-encoding: chunked") => {
            let mut out = Vec::new();
            let mut reader = std::io::BufReader::new(&mut stream);
            loop {
                let mut size = String::new();
                std::io::BufRead::read_line(&mut reader, &mut size).expect("chunk size");
                let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
                if n == 0 {
                    break;
                }
                let mut chunk = vec![0u8; n + 2];
                reader.read_exact(&mut chunk).expect("chunk");
                out.extend_from_slice(&chunk[..n]);
            }
            String::from_utf8_lossy(&out).into_owned()
        }
        None => {
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest);
            String::from_utf8_lossy(&rest).into_owned()
        }
    };
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

impl Driver {
    /// Starts chromedriver and a headless session, or `None` (after saying so loudly) when
    /// chromedriver or Chromium is missing outside CI.
    pub(crate) fn start() -> Option<Driver> {
        Driver::start_with(None)
    }

    /// Like [`Driver::start`], with a viewport of `width`×`height` CSS pixels at one device
    /// pixel each (a phone at 390×844; headless windows are never narrower than 500 px, so
    /// this uses Chromium's device emulation).
    pub(crate) fn start_sized(width: u32, height: u32) -> Option<Driver> {
        Driver::start_with(Some((width, height)))
    }

    fn start_with(viewport: Option<(u32, u32)>) -> Option<Driver> {
        let driver = ["/usr/bin/chromedriver"]
            .iter()
            .find(|p| std::path::Path::new(p).is_file());
        let chromium = crate::browser::chromium()?;
        let Some(driver) = driver else {
            crate::browser::missing("chromedriver", "chromium-driver");
            return None;
        };
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile");
        let mut driver = Driver {
            child,
            port,
            session: String::new(),
            _profile: profile,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut args: Vec<String> = crate::browser::CHROMIUM_FLAGS.map(String::from).to_vec();
        args.push(format!(
            "--user-data-dir={}",
            driver._profile.path().display()
        ));
        let mut options = json!({
            "binary": chromium.display().to_string(),
            "args": args,
        });
        if let Some((width, height)) = viewport {
            options["mobileEmulation"] = json!({"deviceMetrics": {
                "width": width, "height": height, "pixelRatio": 1.0, "touch": true, "mobile": true
            }});
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }}});
        let (status, reply) = request(port, "POST", "/session", Some(&capabilities));
        assert_eq!(status, 200, "no WebDriver session: {reply}");
        driver.session = reply["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_owned();
        Some(driver)
    }

    /// Opens `url` in the tab.
    pub(crate) fn goto(&self, url: &str) {
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/url", self.session),
            Some(&json!({ "url": url })),
        );
        assert_eq!(status, 200, "navigate to {url}: {reply}");
    }

    /// Runs `script` (a function body that may `return` a value) in the page.
    pub(crate) fn eval(&self, script: &str) -> Value {
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(&json!({ "script": script, "args": [] })),
        );
        if status != 200 {
            // The page may be reloading at this very moment; the caller polls again.
            return Value::Null;
        }
        reply["value"].clone()
    }

    /// Runs `script` asynchronously: it calls `arguments[arguments.length - 1]` with its
    /// result (which this returns), within `timeout_ms`.
    pub(crate) fn eval_async(&self, script: &str, timeout_ms: u64) -> Value {
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/timeouts", self.session),
            Some(&json!({ "script": timeout_ms })),
        );
        assert_eq!(status, 200, "timeouts: {reply}");
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/execute/async", self.session),
            Some(&json!({ "script": script, "args": [] })),
        );
        assert_eq!(status, 200, "async script: {reply}");
        reply["value"].clone()
    }

    /// Presses and releases the Tab key, as a keyboard user moves focus.
    pub(crate) fn press_tab(&self) {
        let tab = "\u{e004}";
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/actions", self.session),
            Some(
                &json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
                    { "type": "keyDown", "value": tab }, { "type": "keyUp", "value": tab }
                ]}]}),
            ),
        );
        assert_eq!(status, 200, "Tab: {reply}");
    }

    /// The WebDriver ids of the elements matching CSS `selector`.
    pub(crate) fn find_all(&self, selector: &str) -> Vec<String> {
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/elements", self.session),
            Some(&json!({ "using": "css selector", "value": selector })),
        );
        assert_eq!(status, 200, "find {selector}: {reply}");
        reply["value"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|e| e.as_object()?.values().next()?.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The element's role and accessible name as the browser's accessibility tree has them.
    pub(crate) fn accessibility(&self, element: &str) -> (String, String) {
        let get = |what: &str| {
            let (status, reply) = request(
                self.port,
                "GET",
                &format!("/session/{}/element/{element}/{what}", self.session),
                None,
            );
            assert_eq!(status, 200, "{what}: {reply}");
            reply["value"].as_str().unwrap_or_default().to_owned()
        };
        (get("computedrole"), get("computedlabel"))
    }

    /// Runs a Chrome DevTools Protocol command (such as `Emulation.setEmulatedMedia`).
    pub(crate) fn cdp(&self, cmd: &str, params: Value) -> Value {
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/goog/cdp/execute", self.session),
            Some(&json!({ "cmd": cmd, "params": params })),
        );
        assert_eq!(status, 200, "{cmd}: {reply}");
        reply["value"].clone()
    }

    /// Prints the page to an A4 PDF (WebDriver's print) and saves it.
    pub(crate) fn print_pdf(&self, pdf: &std::path::Path) {
        let (status, reply) = request(
            self.port,
            "POST",
            &format!("/session/{}/print", self.session),
            Some(&json!({ "page": { "width": 21.0, "height": 29.7 }, "background": false })),
        );
        assert_eq!(status, 200, "print: {reply}");
        let bytes = base64_decode(reply["value"].as_str().unwrap_or_default());
        assert!(bytes.starts_with(b"%PDF"), "not a PDF");
        std::fs::create_dir_all(pdf.parent().expect("parent")).expect("mkdir");
        std::fs::write(pdf, bytes).expect("write PDF");
    }

    /// Saves what the window shows as a PNG.
    pub(crate) fn screenshot(&self, png: &std::path::Path) {
        let (status, reply) = request(
            self.port,
            "GET",
            &format!("/session/{}/screenshot", self.session),
            None,
        );
        assert_eq!(status, 200, "screenshot: {reply}");
        let bytes = base64_decode(reply["value"].as_str().unwrap_or_default());
        assert_eq!(bytes.get(1..4), Some(&b"PNG"[..]), "not a PNG");
        std::fs::create_dir_all(png.parent().expect("parent")).expect("mkdir");
        std::fs::write(png, bytes).expect("write screenshot");
    }

    /// Polls `script` every 50 ms until `done` holds for its value; returns how long that
    /// took, or `None` after `limit`.
    pub(crate) fn wait_for(
        &self,
        script: &str,
        limit: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if done(&self.eval(script)) {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// Standard base64 (WebDriver's screenshots), ignoring padding and anything else.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
