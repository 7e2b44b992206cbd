//! What a render must produce: every file (a build), or only the files whose inputs
//! changed since the site on disk was rendered (a live preview after a save). Outputs ask
//! it about the inputs of each file they make; none needs to know why something changed.

use std::collections::BTreeSet;

use crate::views::Group;

/// Which inputs changed since the site on disk was rendered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stale {
    everything: bool,
    /// By entry (in site order): whether the report or its findings changed.
    entries: Vec<bool>,
    /// The lists whose reports' listings changed.
    groups: BTreeSet<Group>,
    /// Themes whose templates changed.
    templates: BTreeSet<String>,
    /// Whether the themes' static files may have changed.
    assets: bool,
}

impl Stale {
    /// Everything: nothing was rendered before (a build, a full render).
    pub(crate) fn everything() -> Stale {
        Stale {
            everything: true,
            ..Stale::default()
        }
    }

    /// Nothing of a site of `entries` reports; widen it with the `with_*` methods.
    pub(crate) fn nothing(entries: usize) -> Stale {
        Stale {
            entries: vec![false; entries],
            ..Stale::default()
        }
    }

    /// Also the report `index` (in site order): its report or its findings changed.
    pub(crate) fn with_entry(mut self, index: usize) -> Stale {
        if let Some(slot) = self.entries.get_mut(index) {
            *slot = true;
        }
        self
    }

    /// Also the lists `groups`: what they show of some report changed.
    pub(crate) fn with_groups(mut self, groups: impl IntoIterator<Item = Group>) -> Stale {
        self.groups.extend(groups);
        self
    }

    /// Also the templates of theme `name`.
    pub(crate) fn with_templates(mut self, name: impl Into<String>) -> Stale {
        self.templates.insert(name.into());
        self
    }

    /// Also the themes' static files.
    pub(crate) fn with_assets(mut self) -> Stale {
        self.assets = true;
        self
    }

    /// Whether everything is to be rendered.
    pub(crate) fn is_everything(&self) -> bool {
        self.everything
    }

    /// Whether nothing at all is to be rendered.
    pub(crate) fn is_empty(&self) -> bool {
        !self.everything
            && !self.entries.contains(&true)
            && self.groups.is_empty()
            && self.templates.is_empty()
            && !self.assets
    }

    /// Whether report `index` (in site order) changed.
    pub(crate) fn entry(&self, index: usize) -> bool {
        self.everything || self.entries.get(index).copied().unwrap_or(true)
    }

    /// Whether any report changed.
    pub(crate) fn any_entry(&self) -> bool {
        self.everything || self.entries.contains(&true)
    }

    /// Whether what the list of `group` shows changed.
    pub(crate) fn group(&self, group: &Group) -> bool {
        self.everything || self.groups.contains(group)
    }

    /// Whether the templates of theme `name` changed.
    pub(crate) fn templates(&self, name: &str) -> bool {
        self.everything || self.templates.contains(name)
    }

    /// Whether the themes' static files must be copied again.
    pub(crate) fn assets(&self) -> bool {
        self.everything || self.assets
    }
}

#[cfg(test)]
mod tests {
    use super::Stale;
    use crate::views::Group;

    #[test]
    fn stale_covers_what_it_names_and_a_build_covers_all() {
        let s = Stale::nothing(3).with_entry(1);
        assert!(s.entry(1) && s.any_entry() && !s.entry(0) && !s.is_empty());
        assert!(!s.group(&Group::All) && !s.templates("official") && !s.assets());
        let t = Stale::nothing(3).with_groups([Group::Year(2020)]);
        assert!(t.group(&Group::Year(2020)) && !t.group(&Group::All) && !t.any_entry());
        let all = Stale::everything();
        assert!(all.entry(7) && all.group(&Group::All) && all.templates("x") && all.assets());
        assert!(Stale::nothing(3).is_empty());
        assert!(
            Stale::nothing(0).entry(5),
            "an unknown report is never taken as current"
        );
    }
}
