//! Diagnostic renderers: human (source line with a caret, as rustc), short
//! (`file:line:col: severity[CODE]: message`) and JSON lines.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer};
use ogi_model::{Archive, Lang};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// How to print diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Rich output with the source line and carets, errors first, then warnings, then
    /// infos; coloured if `color`.
    Human {
        /// Use ANSI colours.
        color: bool,
        /// Show every cell of a grouped finding (the blank cells of a table) in the source.
        detail: bool,
    },
    /// One line per diagnostic: `file:line:col: severity[CODE]: message`.
    Short,
    /// One JSON object per line.
    Json,
}

/// The texts of the files diagnostics point into.
#[derive(Debug, Default)]
pub struct Sources<'a> {
    texts: HashMap<&'a Path, &'a str>,
    /// The folder paths are shown relative to (where the user stands), if any.
    base: Option<&'a Path>,
}

impl<'a> Sources<'a> {
    /// The texts of every file of `archive`, including files that failed to load.
    pub fn from_archive(archive: &'a Archive) -> Sources<'a> {
        let mut texts: HashMap<&Path, &str> = HashMap::new();
        for doc in &archive.documents {
            texts.insert(&doc.path, &doc.text);
        }
        for e in &archive.errors {
            if let Some(text) = &e.text {
                texts.insert(&e.path, text);
            }
        }
        Sources { texts, base: None }
    }

    /// Shows file paths relative to `cwd`, the folder the user stands in.
    pub fn shown_from(mut self, cwd: &'a Path) -> Sources<'a> {
        self.base = Some(cwd);
        self
    }

    /// `path` as messages show it.
    pub fn show(&self, path: &Path) -> String {
        match self.base {
            Some(base) => ogi_model::show_from(base, path),
            None => path.display().to_string(),
        }
    }

    /// Adds one file's text.
    pub fn insert(&mut self, path: &'a Path, text: &'a str) {
        self.texts.insert(path, text);
    }
}

/// Counts by severity for the summary lines, with blank cells apart: the findings of the
/// `BLANK` rule are counted as the cells they cover, not among the warnings, so that the
/// arithmetic problems stand out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings other than blank cells.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Blank cells.
    pub blank_cells: usize,
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Tally {
        let mut t = Tally::default();
        for d in diagnostics {
            t.add(d);
        }
        t
    }

    /// Counts one more diagnostic.
    pub fn add(&mut self, d: &Diagnostic) {
        if d.code == BLANK {
            self.blank_cells += d.cells.len().max(1);
            return;
        }
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// `2 errors, 1 warning; 145 blank cells` in `lang`: the counts that are not zero
    /// (`no findings` when all are).
    pub fn brief(&self, lang: Lang) -> String {
        let counts = [
            (self.errors, "error", "错误", "处"),
            (self.warnings, "warning", "警告", "处"),
            (self.infos, "info", "提示", "处"),
        ];
        let found: Vec<String> = counts
            .iter()
            .filter(|(n, ..)| *n > 0)
            .map(|&(n, en, zh, unit)| match lang {
                Lang::En => format!("{n} {en}{}", plural(n)),
                Lang::Zh => format!("{zh} {n} {unit}"),
            })
            .collect();
        let mut line = match lang {
            Lang::En => found.join(", "),
            Lang::Zh => found.join("，"),
        };
        if self.blank_cells > 0 {
            let n = self.blank_cells;
            let blanks = match lang {
                Lang::En => format!("{n} blank cell{}", plural(n)),
                Lang::Zh => format!("空白单元格 {n} 个"),
            };
            if !line.is_empty() {
                line.push_str(match lang {
                    Lang::En => "; ",
                    Lang::Zh => "；",
                });
            }
            line.push_str(&blanks);
        }
        if line.is_empty() {
            line.push_str(match lang {
                Lang::En => "no findings",
                Lang::Zh => "未发现问题",
            });
        }
        line
    }
}

/// The id of the rule whose findings [`Tally`] counts as blank cells.
const BLANK: &str = "BLANK";

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The JSON form of one diagnostic: flat location fields for editors and CI. Texts are
/// English under their usual names (consumers keep working) with the Chinese in `*_zh`
/// fields beside them, whatever the language asked for.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    line: Option<usize>,
    column: Option<usize>,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
    message_zh: &'a str,
    notes_zh: Vec<&'a str>,
    help_zh: Option<&'a str>,
}

/// Writes `diagnostics` to `w` in `format`, their texts in `lang`.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources<'_>,
    format: Format,
    lang: Lang,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => {
            for d in diagnostics {
                let shown = Diagnostic {
                    file: sources.show(&d.file).into(),
                    ..d.clone()
                };
                let json = JsonDiagnostic {
                    line: d.span.map(|s| s.line),
                    column: d.span.map(|s| s.column),
                    diagnostic: &shown,
                    message_zh: &d.message.zh,
                    notes_zh: d.notes.iter().map(|n| n.zh.as_str()).collect(),
                    help_zh: d.help.as_ref().map(|h| h.zh.as_str()),
                };
                serde_json::to_writer(&mut *w, &json)?;
                writeln!(w)?;
            }
        }
        Format::Short => {
            for d in diagnostics {
                let place = match d.span {
                    Some(s) => format!("{}:{}:{}", sources.show(&d.file), s.line, s.column),
                    None => sources.show(&d.file),
                };
                writeln!(
                    w,
                    "{place}: {}[{}]: {}",
                    d.severity.label(lang),
                    d.code,
                    d.headline(lang)
                )?;
            }
        }
        Format::Human { color, detail } => {
            let mut files = SimpleFiles::new();
            let mut ids: HashMap<&Path, usize> = HashMap::new();
            let config = term::Config::default();
            // The real problems first: errors, then warnings, then infos, each in file order.
            let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
            ordered.sort_by_key(|d| std::cmp::Reverse(d.severity));
            for d in ordered {
                let file = match (sources.texts.get(d.file.as_path()), d.span) {
                    (Some(text), Some(_)) => Some(
                        *ids.entry(&d.file)
                            .or_insert_with(|| files.add(sources.show(&d.file), *text)),
                    ),
                    _ => None,
                };
                // One buffer per diagnostic, so that its header can be put in `lang`.
                let mut buffer = if color {
                    Buffer::ansi()
                } else {
                    Buffer::no_color()
                };
                let (cs, word) = to_codespan(d, file, &sources.show(&d.file), lang, detail);
                term::emit_to_write_style(&mut buffer, &config, &files, &cs)
                    .map_err(io::Error::other)?;
                let text = String::from_utf8_lossy(buffer.as_slice());
                w.write_all(translate_header(&text, word, d, lang).as_bytes())?;
            }
        }
    }
    Ok(())
}

/// `text` with codespan's English header word (`error[CODE]`) in `lang`; codespan
/// cannot be told another word, and the header is the first place the pair stands.
fn translate_header(text: &str, word: &str, d: &Diagnostic, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_owned();
    }
    text.replacen(
        &format!("{word}[{}]", d.code),
        &format!("{}[{}]", d.severity.label(lang), d.code),
        1,
    )
}

/// The codespan diagnostic of `d` in `lang`, and the word codespan will print for its
/// severity.
fn to_codespan(
    d: &Diagnostic,
    file: Option<usize>,
    shown: &str,
    lang: Lang,
    detail: bool,
) -> (cs::Diagnostic<usize>, &'static str) {
    let (severity, word) = match d.severity {
        Severity::Error => (cs::Severity::Error, "error"),
        Severity::Warning => (cs::Severity::Warning, "warning"),
        Severity::Info => (cs::Severity::Note, "note"),
    };
    let mut notes: Vec<String> = d.notes.iter().map(|n| n.get(lang).to_owned()).collect();
    if let Some(help) = &d.help {
        notes.push(match lang {
            Lang::En => format!("help: {}", help.en),
            Lang::Zh => format!("建议：{}", help.zh),
        });
    }
    let mut labels = Vec::new();
    match (file, d.span) {
        (Some(id), Some(span)) => {
            let primary = d.figures(lang).unwrap_or_default();
            labels.push(
                cs::Label::primary(id, span.start..span.end.max(span.start)).with_message(primary),
            );
            for l in &d.labels {
                labels.push(
                    cs::Label::secondary(id, l.span.start..l.span.end)
                        .with_message(l.message.get(lang)),
                );
            }
            if detail {
                for (c, span) in d.cells.iter().filter_map(|c| Some((c, c.span?))) {
                    if Some(span) == d.span {
                        continue;
                    }
                    let mut text = c.cell.clone();
                    if let Some(v) = c.derived {
                        text.push_str(&match lang {
                            Lang::En => format!(" (implied: {v})"),
                            Lang::Zh => format!("（可推得：{v}）"),
                        });
                    }
                    labels.push(cs::Label::secondary(id, span.start..span.end).with_message(text));
                }
            }
        }
        _ => {
            let place = match d.span {
                Some(s) => format!("{shown}:{}:{}", s.line, s.column),
                None => shown.to_owned(),
            };
            notes.insert(
                0,
                match lang {
                    Lang::En => format!("in {place}"),
                    Lang::Zh => format!("位于 {place}"),
                },
            );
        }
    }
    let cs = cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(d.headline(lang))
        .with_labels(labels)
        .with_notes(notes);
    (cs, word)
}
