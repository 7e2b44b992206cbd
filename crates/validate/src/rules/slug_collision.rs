//! `SLUG-COLLISION`: two files or folders whose names give one address on the site.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashMap;

use ogi_model::{Document, Message, slug};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, Scope};

/// Names that the site's addresses cannot tell apart.
pub(crate) struct SlugCollision;

static META: RuleMeta = RuleMeta {
    id: "SLUG-COLLISION",
    severity: Severity::Error,
    summary_zh: "不同的文件或文件夹不能对应同一个网址",
    summary_en: "No two files or folders may give the same address on the site",
    rationale: "A report's address is made of its folder and file names, lowercased with every \
                character but a-z, 0-9, - and _ turned into -; a name with nothing left becomes \
                x. Two different names that give the same address (温泉/ and 鼓东/ both give x) \
                would publish two reports, or two bodies, at one address, so the build refuses \
                them; this rule says so at check time, naming both.",
    bad_example: "# content/鼓楼区/温泉/2020.yaml and content/鼓楼区/鼓东/2020.yaml: both reports/x/x/2020/",
    fix: "Rename one folder or file with Latin letters or pinyin (wenquan/, gudong/), so that each \
          body and report has an address of its own.",
};

/// The site address of each folder level of `path` and of the file itself: the slugged
/// components, the last without its extension.
fn address(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = path
        .components()
        .map(|c| slug(&c.as_os_str().to_string_lossy()))
        .collect();
    if let Some(last) = parts.last_mut() {
        let stem = path
            .file_stem()
            .map(|s| slug(&s.to_string_lossy()))
            .unwrap_or_default();
        *last = stem;
    }
    parts
}

/// The folder levels of a report's path: the address of each (its slugs joined with `/`)
/// and its real path, kept from one report to the next of the same folder.
#[derive(Default)]
struct Folder<'a> {
    /// The folder's path as written in the last report's path.
    dir: Option<&'a OsStr>,
    /// The folder's components.
    components: Vec<Component<'a>>,
    /// The address of each level, from the top.
    keys: Vec<String>,
    /// The real path of each level.
    reals: Vec<PathBuf>,
}

impl<'a> Folder<'a> {
    /// Moves to the folder of `path`; whether it differs from the last one.
    fn enter(&mut self, path: &'a Path) -> bool {
        // The reports of a folder follow each other: the same bytes are the same folder.
        let dir = path.parent().map(Path::as_os_str);
        if dir.is_some() && dir == self.dir && !self.keys.is_empty() {
            return false;
        }
        self.dir = dir;
        let mut components: Vec<Component<'a>> = path.components().collect();
        components.pop();
        if components == self.components && !self.keys.is_empty() {
            return false;
        }
        self.keys.clear();
        self.reals.clear();
        let mut key = String::new();
        let mut real = PathBuf::new();
        for (depth, component) in components.iter().enumerate() {
            if depth > 0 {
                key.push('/');
            }
            key.push_str(&slug(&component.as_os_str().to_string_lossy()));
            real.push(component);
            self.keys.push(key.clone());
            self.reals.push(real.clone());
        }
        self.components = components;
        true
    }

    /// The address and real path of the report `path` itself, in this folder.
    fn file(&self, path: &Path) -> (String, PathBuf) {
        let stem = path
            .file_stem()
            .map(|s| slug(&s.to_string_lossy()))
            .unwrap_or_default();
        let key = match self.keys.last() {
            Some(folder) => format!("{folder}/{stem}"),
            None => stem,
        };
        (key, path.components().collect())
    }
}

impl Rule for SlugCollision {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn scope(&self) -> Scope {
        Scope::Archive
    }

    fn check_archive(&self, docs: &[&Document], out: &mut Vec<Diagnostic>) {
        // Each address (of a file, and of each folder above it, its slugs joined with `/`,
        // which no slug holds) and the real paths giving it.
        let mut owners: FxHashMap<String, Vec<PathBuf>> = FxHashMap::default();
        // Whether each report's own address has more than one real path: known once all
        // are listed, looked up then by the report's place in `files`.
        let mut files: Vec<String> = Vec::with_capacity(docs.len());
        // The reports of one folder follow each other: its levels are reckoned once.
        let mut folder = Folder::default();
        for doc in docs {
            let fresh = folder.enter(&doc.path);
            if fresh {
                for (key, real) in folder.keys.iter().zip(&folder.reals) {
                    let names = owners.entry(key.clone()).or_default();
                    if !names.contains(real) {
                        names.push(real.clone());
                    }
                }
            }
            let (key, real) = folder.file(&doc.path);
            let names = owners.entry(key.clone()).or_default();
            if !names.contains(&real) {
                names.push(real);
            }
            files.push(key);
        }
        let mut folder = Folder::default();
        // The shallowest folder level at which another name gives the same address.
        let mut folder_clash: Option<usize> = None;
        for (doc, key) in docs.iter().zip(&files) {
            if folder.enter(&doc.path) {
                folder_clash = folder
                    .keys
                    .iter()
                    .position(|key| owners.get(key).is_some_and(|names| names.len() > 1));
            }
            let depth = match folder_clash {
                Some(depth) => depth,
                None => {
                    if owners.get(key).is_none_or(|names| names.len() <= 1) {
                        continue;
                    }
                    folder.keys.len()
                }
            };
            let parts = address(&doc.path);
            let Some(names) = owners.get(&parts[..=depth].join("/")) else {
                continue;
            };
            let mine: PathBuf = doc.path.components().take(depth + 1).collect();
            // Both named from the folder they lie in: 温泉 and 鼓东, 2020.yaml and 2020.yml.
            let base = mine.parent().unwrap_or(&mine).to_path_buf();
            let show = |p: &Path| ogi_model::show_from(&base, p);
            let others: Vec<String> = names
                .iter()
                .filter(|n| **n != mine)
                .map(|n| show(n))
                .collect();
            let shown = show(&mine);
            let at = &parts[depth];
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    &doc.path,
                    Message::new(
                        format!(
                            "{shown} and {} give the same address on the site (…/{at})",
                            others.join(", ")
                        ),
                        format!(
                            "{shown} 与 {} 在网站上对应同一个网址（…/{at}）",
                            others.join("、")
                        ),
                    ),
                )
                .help(Message::new(
                    "rename one of them with Latin letters or pinyin (wenquan/, gudong/)",
                    "请把其中一个改用拼音或拉丁字母命名（如 wenquan/、gudong/）",
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run_all};
    use ogi_model::Edition;

    fn at(path: &str, year: i32) -> Document {
        let mut d = doc(year, Edition::E2019, |t| t);
        d.path = path.into();
        d
    }

    #[test]
    fn two_folders_with_one_address_are_named_each_from_the_other() {
        let docs = [
            at("/p/content/gulou/温泉/2020.yaml", 2020),
            at("/p/content/gulou/鼓东/2021.yaml", 2021),
            at("/p/content/gulou/wenquan/2020.yaml", 2020),
        ];
        let found = run_all(&SlugCollision, &docs);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0].message.en,
            "温泉 and 鼓东 give the same address on the site (…/x)"
        );
        assert_eq!(
            found[1].message.zh,
            "鼓东 与 温泉 在网站上对应同一个网址（…/x）"
        );
    }

    #[test]
    fn files_differing_only_in_case_or_extension_collide_and_distinct_names_do_not() {
        let docs = [
            at("/p/content/a/2020.yaml", 2020),
            at("/p/content/a/2020.yml", 2020),
            at("/p/content/A-b/2021.yaml", 2021),
            at("/p/content/a-b/2021.yaml", 2021),
            at("/p/content/wenquan/2020.yaml", 2020),
            at("/p/content/gudong/2020.yaml", 2020),
        ];
        let found = run_all(&SlugCollision, &docs);
        let files: Vec<String> = found.iter().map(|d| d.file.display().to_string()).collect();
        assert_eq!(
            files,
            [
                "/p/content/a/2020.yaml",
                "/p/content/a/2020.yml",
                "/p/content/A-b/2021.yaml",
                "/p/content/a-b/2021.yaml"
            ]
        );
    }
}
