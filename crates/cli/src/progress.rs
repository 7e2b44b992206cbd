//! The rendering progress of `ogi build` on standard error.
//!
//! On a terminal, a bar redrawn in place, once the build has run for a moment; elsewhere
//! (CI logs, pipes), a plain line at each quarter or every few seconds, never a carriage
//! return; nothing at all with `--quiet` or for builds that finish at once.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::report::{Stream, Verbosity, reporter};

/// Builds with fewer pages finish too quickly to need a progress report.
const MIN_PAGES: usize = 200;
/// How long a build runs before the bar appears.
const BAR_AFTER: Duration = Duration::from_millis(300);
/// How long a build runs before the first plain line.
const LINES_AFTER: Duration = Duration::from_secs(1);
/// The longest silence between two plain lines.
const LINE_EVERY: Duration = Duration::from_secs(5);
/// The bar's width in characters.
const BAR_WIDTH: usize = 30;

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// A bar redrawn in place (standard error is a terminal).
    Bar,
    /// Plain lines (standard error is a file or a pipe).
    Lines,
    /// Nothing.
    Off,
}

/// What has been shown so far.
#[derive(Debug, Default)]
struct Shown {
    /// The most pages reported done (calls from worker threads may arrive out of order).
    done: usize,
    /// The percentage the bar shows.
    percent: Option<usize>,
    /// The last quarter (0–4) a plain line was printed for.
    quarter: usize,
    /// When the last plain line was printed, since the start.
    at: Option<Duration>,
}

/// The progress of rendering `total` pages, shown on standard error as the user's
/// terminal and verbosity call for.
pub(crate) struct Progress {
    started: Instant,
    style: Style,
    shown: Mutex<Shown>,
}

impl Progress {
    /// Starts the clock; the style follows `--quiet` and whether standard error is a terminal.
    pub(crate) fn start() -> Progress {
        let style = if reporter().verbosity() == Verbosity::Quiet {
            Style::Off
        } else if Stream::Stderr.is_terminal() {
            Style::Bar
        } else {
            Style::Lines
        };
        Progress {
            started: Instant::now(),
            style,
            shown: Mutex::new(Shown::default()),
        }
    }

    /// Records that `done` of `total` pages are rendered; may be called from any thread.
    pub(crate) fn update(&self, done: usize, total: usize) {
        if self.style == Style::Off || total < MIN_PAGES {
            return;
        }
        let elapsed = self.started.elapsed();
        let Ok(mut shown) = self.shown.lock() else {
            return;
        };
        let text = match self.style {
            Style::Bar => bar(&mut shown, done, total, elapsed),
            Style::Lines => line(&mut shown, done, total, elapsed),
            Style::Off => None,
        };
        if let Some(text) = text {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        }
    }
}

/// What to write to redraw the bar, if anything changed; the bar is erased when done.
fn bar(shown: &mut Shown, done: usize, total: usize, elapsed: Duration) -> Option<String> {
    if elapsed < BAR_AFTER || done <= shown.done {
        return None;
    }
    shown.done = done;
    if done >= total {
        // Erase the bar, if one was drawn, so the summary line starts on a clean line.
        return shown
            .percent
            .take()
            .map(|_| format!("\r{}\r", " ".repeat(BAR_WIDTH + 40)));
    }
    let percent = done * 100 / total;
    if shown.percent == Some(percent) {
        return None;
    }
    shown.percent = Some(percent);
    let filled = percent * BAR_WIDTH / 100;
    Some(format!(
        "\r  rendering {}{} {done}/{total} pages",
        "█".repeat(filled),
        "░".repeat(BAR_WIDTH - filled)
    ))
}

/// The plain line to print, if a quarter was passed or the last line is a while ago.
fn line(shown: &mut Shown, done: usize, total: usize, elapsed: Duration) -> Option<String> {
    if done <= shown.done {
        return None;
    }
    shown.done = done;
    let quarter = (done * 4 / total).min(4);
    let printed_before = shown.at.is_some();
    let due = match shown.at {
        // The last line closes a series that was started; a quick build prints none.
        _ if done >= total => printed_before && shown.quarter < 4,
        None => elapsed >= LINES_AFTER && quarter > 0,
        Some(at) => quarter > shown.quarter || elapsed.saturating_sub(at) >= LINE_EVERY,
    };
    if !due {
        return None;
    }
    shown.quarter = quarter;
    shown.at = Some(elapsed);
    Some(format!(
        "rendering: {}% ({done}/{total} pages)\n",
        done * 100 / total
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines printed for `updates` of (done, seconds since the start) out of 1000.
    fn lines(updates: &[(usize, u64)]) -> Vec<String> {
        let mut shown = Shown::default();
        updates
            .iter()
            .filter_map(|&(done, s)| line(&mut shown, done, 1000, Duration::from_secs(s)))
            .collect()
    }

    #[test]
    fn plain_lines_come_at_quarters_and_end_the_series() {
        let updates: Vec<(usize, u64)> = (1..=1000).map(|d| (d, d as u64 / 100)).collect();
        assert_eq!(
            lines(&updates),
            [
                "rendering: 25% (250/1000 pages)\n",
                "rendering: 50% (500/1000 pages)\n",
                "rendering: 75% (750/1000 pages)\n",
                "rendering: 100% (1000/1000 pages)\n",
            ]
        );
    }

    #[test]
    fn a_quick_build_prints_no_line() {
        let updates: Vec<(usize, u64)> = (1..=1000).map(|d| (d, 0)).collect();
        assert!(lines(&updates).is_empty());
    }

    #[test]
    fn a_slow_quarter_prints_every_few_seconds_and_never_a_carriage_return() {
        let out = lines(&[(300, 2), (310, 3), (320, 8), (330, 9), (340, 14)]);
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out.iter().all(|l| !l.contains('\r')));
    }

    #[test]
    fn the_bar_waits_a_moment_and_is_erased_when_done() {
        let mut shown = Shown::default();
        assert_eq!(bar(&mut shown, 10, 1000, Duration::ZERO), None);
        let drawn = bar(&mut shown, 500, 1000, BAR_AFTER).expect("drawn");
        assert!(drawn.starts_with('\r') && drawn.contains("500/1000"));
        assert_eq!(bar(&mut shown, 501, 1000, BAR_AFTER), None, "same percent");
        let erased = bar(&mut shown, 1000, 1000, BAR_AFTER).expect("erased");
        assert!(erased.trim().is_empty());
    }
}
