//! `ogi-model`: the typed model of a government information-disclosure annual report
//! (政府信息公开工作年度报告), in both editions of the national format, and the only
//! part of ogi that reads YAML.
//!
//! A report file is read into a [`Document`]: the typed [`Report`], the file's text, and a
//! [`SourceMap`] from each value's path (`table3.total[0]`) to its line and column, so
//! that later stages can point at a figure. Every table cell can be listed with its
//! template label ([`Cell`]).
//!
//! ```
//! use ogi_model::{Level, ScaffoldOptions, parse_report, scaffold};
//!
//! let text = scaffold(&ScaffoldOptions {
//!     body: "某某街道办事处".into(),
//!     short_name: None,
//!     level: Level::Township,
//!     region: vec!["某省".into()],
//!     year: 2022,
//!     edition: None,
//! });
//! let doc = parse_report("2022.yaml".as_ref(), text).expect("a scaffold loads");
//! let total = doc.span("table3.total[6]").expect("mapped");
//! assert!(doc.text.lines().nth(total.line - 1).unwrap().contains("total:"));
//! ```

mod archive;
mod budget;
mod cell;
mod config;
mod fast;
mod lift;
mod load;
mod message;
mod project;
mod report;
mod scaffold;
mod site_values;
mod source_map;
pub mod table2;
pub mod table3;
pub mod table4;
mod theme;
mod value;
mod write;

pub use archive::{
    Archive, ArchiveError, discover, is_report_file, is_report_path, load_archive,
    load_archive_with, load_file,
};
pub use budget::MAX_DEPTH;
pub use cell::{Cell, CellName, CellValue, column_path};
pub use config::{CONFIG_FILE, District, SiteConfig, load_config, parse_config};
pub use load::{
    Document, LoadError, LoadErrorKind, MAX_FILE_BYTES, load_report, parse_report,
    parse_report_fast, parse_report_unlifted, parse_yaml, read_text, suggest,
};
pub use message::{Lang, Message, english_words};
pub use project::{Project, SITE_MARKER, absolute, overlaps, show_from, slug};
pub use report::{
    Body, Contact, Edition, ExtraSection, Headings, Level, Period, Report, SECTION_HEADINGS,
    Signing, Text,
};
pub use scaffold::{ScaffoldOptions, scaffold, yaml_scalar};
pub use site_values::{check_color, check_url};
pub use source_map::{LineIndex, SourceMap, Span, SyntaxError};
pub use theme::{
    OptionValue, THEME_MANIFEST, ThemeManifest, ThemeOptions, load_theme_manifest,
    parse_theme_manifest,
};
pub use value::{COUNT_MAX, Count, Date, Money, MoneyUnit, Row};
pub use write::{CellNotes, Comments, report_yaml, write_tables};

impl Report {
    /// Whether any cell satisfies `test(value, signed)`; allocates nothing, so rules can
    /// look before they build labelled [`Cell`]s.
    pub fn any_cell(&self, test: impl Fn(CellValue<'_>, bool) -> bool) -> bool {
        let counts = |row: &[Option<Count>], signed: Option<usize>| {
            row.iter()
                .enumerate()
                .any(|(i, v)| test(CellValue::Count(*v), signed == Some(i)))
        };
        let table2 = self.table2.rows().any(|row| {
            row.cells()
                .iter()
                .enumerate()
                .any(|(i, v)| test(*v, row.spec.signed_column == Some(i)))
        });
        table2
            || self
                .table3
                .rows()
                .iter()
                .any(|(_, row)| counts(&row.0, None))
            || self
                .table4
                .groups()
                .iter()
                .any(|(_, row)| counts(&row.0, None))
    }

    /// Every cell of tables 2, 3 and 4, in template order.
    pub fn cells(&self) -> Vec<Cell<'_>> {
        let mut cells = self.table2.cells();
        cells.extend(self.table3.cells());
        cells.extend(self.table4.cells());
        cells
    }

    /// Every figure of tables 2, 3 and 4 in template order, the order of [`Report::cells`],
    /// without their names.
    pub fn values(&self) -> impl Iterator<Item = CellValue<'_>> {
        self.table2
            .values()
            .chain(self.table3.values().map(CellValue::Count))
            .chain(self.table4.values().map(CellValue::Count))
    }
}
