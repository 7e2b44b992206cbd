//! Reading a file's text: size limit, encoding, byte-order mark, emptiness.

use std::io::Read;
use std::path::Path;

use super::{LoadError, LoadErrorKind, MAX_FILE_BYTES};
use crate::message::Message;
use crate::source_map::Span;

/// Why a file could not be read, in Chinese (the system's own text is English).
fn io_zh(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在",
        std::io::ErrorKind::PermissionDenied => "没有读取权限",
        _ => "系统读取出错",
    }
}

/// Reads a file as UTF-8 text: size-limited, byte-order mark removed, not empty.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let io = |e: std::io::Error| {
        LoadError::new(
            path,
            LoadErrorKind::Io,
            Message::new(
                format!("cannot read the file: {e}"),
                format!("无法读取此文件（{}）", io_zh(&e)),
            ),
        )
        .help(Message::new(
            "check that the file exists and is readable",
            "请确认文件存在且有读取权限",
        ))
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES);
    // Read into this thread's buffer, kept from file to file, and checked as UTF-8 there
    // (simdutf8: std's check reads Chinese text a character at a time, and was a sixth of
    // `ogi check`); only the text is then copied out, into a string of its size.
    BUFFER.with_borrow_mut(|bytes| {
        bytes.clear();
        // Room for the file and one byte more, to see the end without growing.
        bytes.reserve(usize::try_from(size).unwrap_or(0) + 1);
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(bytes)
            .map_err(io)?;
        let text = decode(path, bytes);
        if bytes.capacity() > KEPT_BUFFER {
            *bytes = Vec::new();
        }
        text
    })
}

/// The largest read buffer a thread keeps for the next file: a report is a few kilobytes.
const KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// Each thread's buffer for the bytes of the file it reads.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The text of a file read into `bytes`: size-limited, byte-order mark removed, not empty.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(bytes.len() as u64);
        let (mb, max) = (size as f64 / 1e6, MAX_FILE_BYTES / (1024 * 1024));
        return Err(LoadError::new(
            path,
            LoadErrorKind::TooLarge,
            Message::new(
                format!("the file is {mb:.1} MB; a report file is at most {max} MB"),
                format!("文件大小为 {mb:.1} MB，报告文件最大 {max} MB"),
            ),
        )
        .help(Message::new(
            "a report is a few kilobytes of YAML: check that this is the right file, or move it out of the content folder",
            "一份报告只有几 KB 的 YAML：请确认文件是否放错，或将其移出内容文件夹",
        )));
    }
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        // Only here is the check made again, by std, to say where the text stops being UTF-8.
        Err(_) => return Err(not_utf8(path, bytes)),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
    if text.trim().is_empty() {
        return Err(LoadError::new(
            path,
            LoadErrorKind::Empty,
            Message::new("the file is empty", "文件是空的"),
        )
        .help(Message::new(
            "start a report with `ogi new`, or delete the file",
            "用 `ogi new` 新建一份报告，或删除此文件",
        )));
    }
    Ok(text)
}

/// The error for `bytes` that are not UTF-8: where the first invalid byte stands.
fn not_utf8(path: &Path, bytes: &[u8]) -> LoadError {
    let valid_up_to = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or("");
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let start = valid.len();
    LoadError::new(
        path,
        LoadErrorKind::Encoding,
        Message::new(
            format!("the file is not UTF-8 (invalid byte at line {line}, column {column})"),
            format!("文件不是 UTF-8 编码（第 {line} 行第 {column} 列有无效字节）"),
        ),
    )
    .at(Span { start, end: start + 1, line, column })
    .help(Message::new(
        "save the file as UTF-8; files saved as GBK/GB2312 by older editors must be converted, e.g. `iconv -f GB18030 -t UTF-8`",
        "请以 UTF-8 编码保存；旧编辑器保存的 GBK/GB2312 文件需要转换，例如 `iconv -f GB18030 -t UTF-8`",
    ))
}
