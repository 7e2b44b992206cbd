//! What a render must produce: everything (a build), or only what depends on some reports,
//! templates or static files (a live preview after a save).

use std::collections::HashSet;

/// Which parts of the site a render covers.
///
/// A page is rendered when the scope covers everything, when its template is among the
/// affected ones, or when one of the reports it shows changed. Outputs ask the scope; none
/// needs to know why something changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    everything: bool,
    reports: HashSet<String>,
    templates: HashSet<String>,
    assets: bool,
    lists: bool,
}

impl Scope {
    /// Every file of the site: what a build renders.
    pub fn everything() -> Scope {
        Scope {
            everything: true,
            ..Scope::default()
        }
    }

    /// Nothing yet; widen it with the `with_*` methods.
    pub fn nothing() -> Scope {
        Scope::default()
    }

    /// Also the pages, data and search records of the report whose page folder is `dir`.
    pub fn with_report(mut self, dir: impl Into<String>) -> Scope {
        self.reports.insert(dir.into());
        self
    }

    /// Also every page rendered with the template `name` (such as `report.html`).
    pub fn with_template(mut self, name: impl Into<String>) -> Scope {
        self.templates.insert(name.into());
        self
    }

    /// Also the lists of reports (home, years, districts, statistics, feed, sitemap): what
    /// they show of a changed report changed.
    pub fn with_lists(mut self) -> Scope {
        self.lists = true;
        self
    }

    /// Also the theme's static files.
    pub fn with_assets(mut self) -> Scope {
        self.assets = true;
        self
    }

    /// Whether this is a whole build.
    pub fn is_everything(&self) -> bool {
        self.everything
    }

    /// Whether nothing at all is to be rendered.
    pub fn is_empty(&self) -> bool {
        !self.everything
            && self.reports.is_empty()
            && self.templates.is_empty()
            && !self.assets
            && !self.lists
    }

    /// Whether the report with page folder `dir` changed.
    pub fn report(&self, dir: &str) -> bool {
        self.everything || self.reports.contains(dir)
    }

    /// Whether any report changed (lists, statistics, feeds and indexes must follow).
    pub fn any_report(&self) -> bool {
        self.everything || !self.reports.is_empty()
    }

    /// Whether the lists of reports must be rendered again.
    pub fn lists(&self) -> bool {
        self.everything || self.lists
    }

    /// Whether pages of template `name` must be rendered again.
    pub fn template(&self, name: &str) -> bool {
        self.everything || self.templates.contains(name)
    }

    /// Whether the theme's static files must be copied again.
    pub fn assets(&self) -> bool {
        self.everything || self.assets
    }

    /// The changed report folders (empty for a whole build).
    pub fn reports(&self) -> impl Iterator<Item = &str> {
        self.reports.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::Scope;

    #[test]
    fn a_scope_covers_what_it_names_and_a_build_covers_all() {
        let s = Scope::nothing().with_report("reports/a/2020");
        assert!(s.report("reports/a/2020") && s.any_report());
        assert!(!s.report("reports/a/2021") && !s.template("report.html") && !s.assets());
        let t = Scope::nothing().with_template("year.html");
        assert!(t.template("year.html") && !t.any_report() && !t.template("report.html"));
        let all = Scope::everything();
        assert!(all.report("x") && all.template("404.html") && all.assets() && all.lists());
        assert!(!s.lists() && Scope::nothing().with_lists().lists());
        assert!(Scope::nothing().is_empty());
    }
}
