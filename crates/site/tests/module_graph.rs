//! The shape of the source of ogi-site and ogi-serve: no loop of `use` between their
//! modules, and no source file longer than a few hundred lines (a file that grows past
//! that usually holds two ideas).
//!
//! The module graph is read from the source: every `crate::` and `super::` path (in `use`
//! lines and in code), resolved to the module it names. A module and its ancestors are
//! one branch of the tree and may use each other (a child reads its parent's types, a
//! parent lists its children); between any other two modules, uses must run one way.
//! Unit tests, at the bottom of each file after `#[cfg(test)]`, are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file may be, tests apart.
const MOST_LINES: usize = 600;

/// The `.rs` files below `src`, with their module paths (`output::pages`; `` for lib.rs).
fn modules(src: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("below src");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned()
            })
            .collect();
        if parts
            .last()
            .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
        {
            parts.pop();
        }
        out.push((parts.join("::"), path.to_owned()));
    }
    out.sort();
    out
}

/// The text of a file up to its unit tests, without comments.
fn code(text: &str) -> String {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths after each `crate::` and `super::` in `code`, as segment lists, relative to
/// the crate (for `crate::`) or to the parent of `module` (for `super::`). Braced groups
/// (`use crate::{a::b, c}`) give one path each.
fn paths(code: &str, module: &str) -> Vec<Vec<String>> {
    let parent: Vec<String> = {
        let mut p: Vec<String> = module
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        p.pop();
        p
    };
    let mut out = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            for tail in expand(rest) {
                let mut path = base.clone();
                path.extend(tail);
                out.push(path);
            }
        }
    }
    out
}

/// The paths a `use` tail starting at `text` names: `a::b::C` is one, `{a::b, c}` two.
fn expand(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start();
    if let Some(inner) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut end = inner.len();
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = i;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let mut items = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        let inner = &inner[..end];
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.extend(expand(&inner[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.extend(expand(&inner[start..]));
        return items;
    }
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        rest = &rest[ident.len()..];
        segments.push(ident);
        match rest.strip_prefix("::") {
            Some(r) if r.starts_with('{') => {
                return expand(r)
                    .into_iter()
                    .map(|tail| segments.iter().cloned().chain(tail).collect())
                    .collect();
            }
            Some(r) => rest = r,
            None => break,
        }
    }
    vec![segments]
}

/// Each module's uses of other modules: the longest module path each path begins with.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = modules(src);
    let known: BTreeSet<&str> = files.iter().map(|(m, _)| m.as_str()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).expect("read source");
        let uses = graph.entry(module.clone()).or_default();
        for p in paths(&code(&text), module) {
            let target = (0..=p.len())
                .rev()
                .map(|n| p[..n].join("::"))
                .find(|m| known.contains(m.as_str()))
                .unwrap_or_default();
            let related = |a: &str, b: &str| {
                a == b || b.is_empty() || a.starts_with(&format!("{b}::")) || a.is_empty()
            };
            if !related(module, &target) && !related(&target, module) {
                uses.insert(target);
            }
        }
    }
    graph
}

/// A loop in `graph`, as the modules along it, if there is one.
fn find_loop(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

fn sources() -> [(&'static str, PathBuf); 2] {
    let site = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        ("ogi-site", site.join("src")),
        ("ogi-serve", site.join("../serve/src")),
    ]
}

#[test]
fn uses_between_modules_run_one_way() {
    for (name, src) in sources() {
        let graph = graph(&src);
        let edges: usize = graph.values().map(BTreeSet::len).sum();
        assert!(edges > 0, "{name}: no uses found; is the parser blind?");
        if let Some(cycle) = find_loop(&graph) {
            panic!(
                "{name}: the modules use each other in a loop: {}",
                cycle.join(" → ")
            );
        }
        eprintln!(
            "{name}: {} modules, {edges} uses between them, no loop",
            graph.len()
        );
    }
}

#[test]
fn the_checker_finds_a_loop_and_reads_braced_uses() {
    assert_eq!(
        expand("{a::b, c::{d, e}};"),
        [vec!["a", "b"], vec!["c", "d"], vec!["c", "e"]]
    );
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("charts".into(), ["output".into()].into());
    g.insert("output".into(), ["context".into()].into());
    g.insert("context".into(), ["charts".into()].into());
    assert_eq!(
        find_loop(&g),
        Some(vec![
            "charts".to_owned(),
            "output".into(),
            "context".into(),
            "charts".into()
        ])
    );
}

#[test]
fn no_source_file_is_longer_than_a_few_hundred_lines() {
    for (name, src) in sources() {
        for (module, path) in modules(&src) {
            if path.file_name().is_some_and(|f| f == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read source");
            let lines = code(&text).lines().count();
            assert!(
                lines <= MOST_LINES,
                "{name}: {} has {lines} lines before its tests (at most {MOST_LINES}): split it by what it does",
                if module.is_empty() { "lib.rs" } else { &module }
            );
        }
    }
}
