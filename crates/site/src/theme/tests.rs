//! Inheritance, options and errors of themes, on small themes written to a temporary folder.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use ogi_model::{District, OptionValue, ThemeOptions};
use tera::Context;

use super::*;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// A parent theme `base` with a report page of three blocks, and a layout.
fn parent(root: &Path) {
    write(
        root,
        &[
            (
                "themes/base/theme.yaml",
                "name: base\ndescription: the parent\noptions:\n  accent: red\n  footer: ''\n",
            ),
            (
                "themes/base/templates/layout.html",
                "<body class=\"base\">{% block main %}{% endblock main %}<footer>{{ theme.options.footer }}</footer></body>",
            ),
            (
                "themes/base/templates/report.html",
                "{% extends \"layout.html\" %}{% block main %}{% block report_header %}<h1>base head</h1>{% endblock report_header %}{% block body %}<p>base body</p>{% endblock body %}{% block tail %}<p>base tail</p>{% endblock tail %}{% endblock main %}",
            ),
            ("themes/base/templates/other.html", "base other"),
            ("themes/base/static/style.css", "/* base */"),
            ("themes/base/static/print.css", "/* base print */"),
        ],
    );
}

fn render(t: &Templates, name: &str, options: &ThemeOptions) -> String {
    let mut ctx = Context::new();
    ctx.insert(
        "theme",
        &AppliedTheme {
            templates: t,
            options,
        }
        .vars("/"),
    );
    t.tera
        .render(name, &ctx)
        .unwrap_or_else(|e| panic!("{name}: {}", crate::error::lines(&e)))
}

fn district(slug: &str, theme: Option<&str>, options: &[(&str, &str)]) -> District {
    District {
        slug: slug.into(),
        name: format!("{slug}区"),
        region: vec![slug.into()],
        theme: theme.map(str::to_owned),
        theme_options: options
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OptionValue::Text((*v).to_owned())))
            .collect(),
    }
}

fn text_of(file: &ThemeFile) -> String {
    String::from_utf8(file.read().unwrap().into_owned()).unwrap()
}

fn theme_error(e: BuildError) -> (String, String) {
    match e {
        BuildError::Theme { name, message } => (name, message),
        e => panic!("not a theme error: {e}"),
    }
}

#[test]
fn a_child_overriding_one_block_keeps_its_parents_other_blocks() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    write(
        dir.path(),
        &[
            ("themes/child/theme.yaml", "name: child\nextends: base\n"),
            (
                "themes/child/templates/report.html",
                "{% extends \"base/report.html\" %}{% block body %}<p>child body</p>{{ super() }}{% endblock body %}",
            ),
        ],
    );
    let t = load(&dir.path().join("themes"), "child", Path::new("")).unwrap();
    assert_eq!(t.chain, ["child", "base"]);
    let html = render(&t, "report.html", &t.options);
    assert_eq!(
        html,
        "<body class=\"base\"><h1>base head</h1><p>child body</p><p>base body</p><p>base tail</p><footer></footer></body>"
    );
    // What the child lacks comes from the parent, under both names.
    assert_eq!(render(&t, "other.html", &t.options), "base other");
    assert_eq!(render(&t, "child/other.html", &t.options), "base other");
    assert!(render(&t, "base/report.html", &t.options).contains("base body"));
}

#[test]
fn templates_resolve_to_the_nearest_ancestor_and_the_site_overrides_all() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    write(
        dir.path(),
        &[
            ("themes/mid/theme.yaml", "name: mid\nextends: base\n"),
            (
                "themes/mid/templates/layout.html",
                "<body class=\"mid\">{% block main %}{% endblock main %}</body>",
            ),
            ("themes/mid/templates/other.html", "mid other"),
            ("themes/leaf/theme.yaml", "name: leaf\nextends: mid\n"),
            ("themes/leaf/static/style.css", "/* leaf */"),
            ("site-templates/other.html", "site other"),
        ],
    );
    let themes = dir.path().join("themes");
    let t = load(&themes, "leaf", Path::new("")).unwrap();
    assert_eq!(t.chain, ["leaf", "mid", "base"]);
    assert_eq!(render(&t, "other.html", &t.options), "mid other");
    assert_eq!(render(&t, "base/other.html", &t.options), "base other");
    // The grandparent's report page, inside the nearest layout.
    assert!(render(&t, "report.html", &t.options).starts_with("<body class=\"mid\"><h1>base head"));
    // Static files: the nearest theme's per path.
    let statics: Vec<_> = t
        .static_files
        .iter()
        .map(|(rel, file)| (rel.as_str(), text_of(file)))
        .collect();
    assert_eq!(
        statics,
        [
            ("print.css", "/* base print */".to_owned()),
            ("style.css", "/* leaf */".to_owned())
        ]
    );
    let t = load(&themes, "leaf", &dir.path().join("site-templates")).unwrap();
    assert_eq!(render(&t, "other.html", &t.options), "site other");
}

#[test]
fn a_cycle_is_an_error_that_names_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    write(
        dir.path(),
        &[
            ("themes/a/theme.yaml", "name: a\nextends: b\n"),
            ("themes/b/theme.yaml", "name: b\nextends: c\n"),
            ("themes/c/theme.yaml", "name: c\nextends: a\n"),
            ("themes/self/theme.yaml", "name: self\nextends: self\n"),
        ],
    );
    let (name, message) =
        theme_error(load(&dir.path().join("themes"), "a", Path::new("")).unwrap_err());
    assert_eq!(name, "a");
    assert!(message.contains("cycle: a → b → c → a"), "{message}");
    let (_, message) =
        theme_error(load(&dir.path().join("themes"), "self", Path::new("")).unwrap_err());
    assert!(message.contains("cycle: self → self"), "{message}");
}

#[test]
fn a_missing_parent_is_an_error_that_names_the_child_and_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    write(
        dir.path(),
        &[
            (
                "themes/orphan/theme.yaml",
                "name: orphan\nextends: nowhere\n",
            ),
            (
                "themes/grandchild/theme.yaml",
                "name: grandchild\nextends: orphan\n",
            ),
        ],
    );
    let (name, message) =
        theme_error(load(&dir.path().join("themes"), "grandchild", Path::new("")).unwrap_err());
    assert_eq!(name, "orphan");
    assert!(
        message.contains("orphan/theme.yaml extends `nowhere`"),
        "{message}"
    );
    assert!(
        message.contains("no theme named `nowhere`: the built-in themes are official, contrast;"),
        "{message}"
    );
    assert!(
        message.contains("has base, grandchild, orphan"),
        "{message}"
    );
}

#[test]
fn a_root_theme_needs_templates_and_a_manifest_must_name_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("themes/bare/theme.yaml", "name: bare\n"),
            ("themes/misnamed/theme.yaml", "name: other\n"),
        ],
    );
    let themes = dir.path().join("themes");
    let (_, message) = theme_error(load(&themes, "bare", Path::new("")).unwrap_err());
    assert!(
        message.contains("no templates/ folder and extends no theme"),
        "{message}"
    );
    let (_, message) = theme_error(load(&themes, "misnamed", Path::new("")).unwrap_err());
    assert!(
        message.contains("`name: other`, but the folder is `misnamed`"),
        "{message}"
    );
    let (_, message) = theme_error(load(&themes, "../etc", Path::new("")).unwrap_err());
    assert!(message.contains("ASCII letters"), "{message}");
}

#[test]
fn each_district_gets_its_theme_and_options_in_order() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    write(
        dir.path(),
        &[(
            "themes/child/theme.yaml",
            "name: child\nextends: base\noptions:\n  accent: black\n  motto: ''\n",
        )],
    );
    let site: ThemeOptions =
        [("footer".to_owned(), OptionValue::Text("site footer".into()))].into();
    let districts = [
        district("one", None, &[]),
        district("two", Some("child"), &[("motto", "district motto")]),
        district("three", Some("base"), &[("footer", "three footer")]),
    ];
    let themes = Themes::load(
        &dir.path().join("themes"),
        Path::new(""),
        "base",
        &site,
        &districts,
    )
    .unwrap();
    let names: Vec<_> = themes.used().map(|t| t.theme.as_str()).collect();
    assert_eq!(names, ["base", "child"]);
    let text = |s: &str| OptionValue::Text(s.into());
    let d = themes.default_theme();
    assert_eq!(d.templates.theme, "base");
    assert_eq!(d.options["accent"], text("red"));
    assert_eq!(d.options["footer"], text("site footer"));
    assert!(!d.options.contains_key("motto"), "only declared options");
    let one = themes.for_district(Some(0));
    assert_eq!(one.templates.theme, "base");
    assert_eq!(one.options["footer"], text("site footer"));
    let two = themes.for_district(Some(1));
    assert_eq!(two.templates.theme, "child");
    assert_eq!(two.options["accent"], text("black"), "the child's default");
    assert_eq!(two.options["footer"], text("site footer"));
    assert_eq!(two.options["motto"], text("district motto"));
    let three = themes.for_district(Some(2));
    assert_eq!(three.options["footer"], text("three footer"));
    assert!(
        render(three.templates, "report.html", three.options)
            .contains("<footer>three footer</footer>")
    );
    assert_eq!(themes.for_district(Some(9)).templates.theme, "base");
    // Each used theme's files and its ancestors' are published.
    let assets: Vec<_> = themes
        .assets()
        .map(|(name, files)| (name, files.len()))
        .collect();
    assert_eq!(assets, [("base", 2), ("child", 2)]);
}

#[test]
fn a_district_with_a_missing_theme_or_an_undeclared_option_is_named() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    let themes = dir.path().join("themes");
    let none = ThemeOptions::new();
    let e = Themes::load(
        &themes,
        Path::new(""),
        "base",
        &none,
        &[district("east", Some("gone"), &[])],
    )
    .unwrap_err();
    let (name, message) = theme_error(e);
    assert_eq!(name, "gone");
    assert!(
        message.contains("district `east` (east区) in site.yaml"),
        "{message}"
    );
    assert!(message.contains("no theme named `gone`"), "{message}");
    let e = Themes::load(
        &themes,
        Path::new(""),
        "base",
        &none,
        &[district("east", None, &[("acent", "blue")])],
    )
    .unwrap_err();
    let (_, message) = theme_error(e);
    assert!(message.contains("district `east`"), "{message}");
    assert!(message.contains("`acent`"), "{message}");
    assert!(message.contains("did you mean `accent`?"), "{message}");
    let site: ThemeOptions = [("colour".to_owned(), OptionValue::Null)].into();
    let (_, message) =
        theme_error(Themes::load(&themes, Path::new(""), "base", &site, &[]).unwrap_err());
    assert!(
        message.contains("`colour`, which no theme of this build (base)"),
        "{message}"
    );
}

#[test]
fn a_new_theme_loads_at_once_and_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    let themes = dir.path().join("themes");
    let written = new_theme(&themes, "mine", "base").unwrap();
    assert_eq!(written.len(), 3);
    let t = load(&themes, "mine", Path::new("")).unwrap();
    assert_eq!(t.chain, ["mine", "base"]);
    let mut options = t.options.clone();
    options.insert("banner".into(), OptionValue::Text("新主题".into()));
    let html = render(&t, "report.html", &options);
    assert!(
        html.contains("<h1>base head</h1>\n<p class=\"theme-banner\">新主题</p>"),
        "{html}"
    );
    assert!(html.contains("base tail"));
    let css = std::fs::read_to_string(themes.join("mine/static/style.css")).unwrap();
    assert!(css.contains("@import url(\"../base/style.css\");"));
    let (_, message) = theme_error(new_theme(&themes, "mine", "base").unwrap_err());
    assert!(message.contains("already exists"), "{message}");
    let (_, message) = theme_error(new_theme(&themes, "other", "nowhere").unwrap_err());
    assert!(message.contains("parent `nowhere`"), "{message}");
    assert!(!themes.join("other").exists(), "nothing left behind");
    let listing = list_themes(&themes);
    let rows: Vec<_> = listing
        .iter()
        .filter(|t| t.origin == ThemeOrigin::Disk)
        .map(|t| (t.name.as_str(), t.extends.as_deref(), t.problem.is_none()))
        .collect();
    assert_eq!(rows, [("base", None, true), ("mine", Some("base"), true)]);
}

#[test]
fn the_listing_says_why_a_theme_cannot_be_used() {
    let dir = tempfile::tempdir().unwrap();
    parent(dir.path());
    write(
        dir.path(),
        &[
            (
                "themes/orphan/theme.yaml",
                "name: orphan\nextends: nowhere\n",
            ),
            ("themes/broken/templates/report.html", "{% block x %}"),
        ],
    );
    let listing: Vec<_> = list_themes(&dir.path().join("themes"))
        .into_iter()
        .filter(|t| t.origin == ThemeOrigin::Disk)
        .collect();
    let names: Vec<_> = listing.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["base", "broken", "orphan"]);
    assert_eq!(listing[0].description, "the parent");
    assert!(listing[1].problem.is_some());
    assert_eq!(listing[2].extends.as_deref(), Some("nowhere"));
    assert!(
        listing[2]
            .problem
            .as_deref()
            .unwrap_or("")
            .contains("nowhere")
    );
}

#[test]
fn the_bundled_themes_load_and_contrast_extends_official() {
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes");
    let official = load(&themes, "official", Path::new("")).unwrap();
    assert_eq!(official.chain, ["official"]);
    let contrast = load(&themes, "contrast", Path::new("")).unwrap();
    assert_eq!(contrast.chain, ["contrast", "official"]);
    for option in official.options.keys() {
        assert!(contrast.options.contains_key(option), "inherits {option}");
    }
    let own_css = contrast
        .static_files
        .iter()
        .find(|(rel, _)| rel == "style.css")
        .and_then(|(_, file)| file.disk_path().map(Path::to_path_buf))
        .unwrap();
    assert!(
        own_css.starts_with(themes.join("contrast")),
        "{}",
        own_css.display()
    );
}

/// The names and the kind of source of a theme's templates, for the given names.
fn sources_of<'a>(t: &'a Templates, name: &str) -> Option<&'a str> {
    t.sources
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, text)| text.as_str())
}

fn builtin_text(path: &str) -> String {
    let file = embedded::EMBEDDED
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| *bytes)
        .unwrap();
    String::from_utf8(file.to_vec()).unwrap()
}

#[test]
fn the_built_in_themes_load_without_a_themes_folder() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("themes");
    let official = load(&themes, "official", Path::new("")).unwrap();
    assert_eq!(official.chain, ["official"]);
    assert!(official.tera.contains_template("report.html"));
    assert!(
        official
            .tera
            .contains_template("builtin/official/report.html")
    );
    assert!(official.static_files.iter().all(|(_, f)| f.is_embedded()));
    let statics: Vec<_> = official
        .static_files
        .iter()
        .map(|(r, _)| r.as_str())
        .collect();
    assert_eq!(statics, ["phone.css", "print.css", "style.css"]);
    let contrast = load(&themes, "contrast", Path::new("")).unwrap();
    assert_eq!(contrast.chain, ["contrast", "official"]);
    assert!(contrast.options.contains_key("header_color"), "inherited");
    // Every file is in the table, sorted, named as the repository has it.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes");
    let mut paths: Vec<&str> = embedded::EMBEDDED.iter().map(|(p, _)| *p).collect();
    assert!(paths.is_sorted());
    for (path, bytes) in embedded::EMBEDDED {
        assert_eq!(std::fs::read(repo.join(path)).unwrap(), *bytes, "{path}");
    }
    paths.retain(|p| p.ends_with("theme.yaml"));
    assert_eq!(paths, ["contrast/theme.yaml", "official/theme.yaml"]);
    let listing: Vec<_> = list_themes(&themes)
        .into_iter()
        .map(|t| (t.name, t.origin, t.extends, t.problem))
        .collect();
    assert_eq!(
        listing,
        [
            (
                "contrast".to_owned(),
                ThemeOrigin::BuiltIn,
                Some("official".to_owned()),
                None
            ),
            ("official".to_owned(), ThemeOrigin::BuiltIn, None, None),
        ]
    );
    let (_, message) = theme_error(load(&themes, "mine", Path::new("")).unwrap_err());
    assert!(
        message.contains(
            "no theme named `mine`: the built-in themes are official, contrast; there is no"
        ),
        "{message}"
    );
}

#[test]
fn a_folder_over_a_built_in_theme_overrides_single_files_and_can_extend_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let override_text = "{% extends \"builtin/official/report.html\" %}{% block report_signature %}<p id=\"mine\">ours</p>{% endblock report_signature %}";
    write(
        dir.path(),
        &[
            ("themes/official/templates/report.html", override_text),
            ("themes/official/static/style.css", "/* ours */"),
        ],
    );
    let themes = dir.path().join("themes");
    let t = load(&themes, "official", Path::new("")).unwrap();
    assert_eq!(t.chain, ["official"]);
    let original = builtin_text("official/templates/report.html");
    // The site's file wins under the plain and the theme's name; the original stays under builtin/.
    assert_eq!(sources_of(&t, "report.html"), Some(override_text));
    assert_eq!(sources_of(&t, "official/report.html"), Some(override_text));
    assert_eq!(
        sources_of(&t, "builtin/official/report.html"),
        Some(original.as_str())
    );
    // What the folder lacks is built in.
    assert_eq!(
        sources_of(&t, "base.html"),
        Some(builtin_text("official/templates/base.html").as_str())
    );
    let statics: Vec<_> = t
        .static_files
        .iter()
        .map(|(rel, file)| (rel.as_str(), file.is_embedded()))
        .collect();
    assert_eq!(
        statics,
        [
            ("phone.css", true),
            ("print.css", true),
            ("style.css", false)
        ]
    );
    assert_eq!(text_of(&t.static_files[2].1), "/* ours */");
    // contrast, built in, extends official as this site has it.
    let contrast = load(&themes, "contrast", Path::new("")).unwrap();
    assert_eq!(
        sources_of(&contrast, "official/report.html"),
        Some(override_text)
    );
    assert_eq!(
        sources_of(&contrast, "report.html"),
        Some(builtin_text("contrast/templates/report.html").as_str())
    );
    assert!(
        contrast
            .tera
            .contains_template("builtin/contrast/index.html")
    );
    let listing: Vec<_> = list_themes(&themes)
        .into_iter()
        .map(|t| (t.name, t.origin))
        .collect();
    assert_eq!(
        listing,
        [
            ("contrast".to_owned(), ThemeOrigin::BuiltIn),
            ("official".to_owned(), ThemeOrigin::Overridden),
        ]
    );
}

#[test]
fn a_folders_manifest_sets_the_keys_it_sets_over_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[(
            "themes/official/theme.yaml",
            "name: official\ndescription: 本站的官方主题\noptions:\n  header_color: navy\n  motto: ''\n",
        )],
    );
    let themes = dir.path().join("themes");
    let t = load(&themes, "official", Path::new("")).unwrap();
    assert_eq!(t.options["header_color"], OptionValue::Text("navy".into()));
    assert_eq!(t.options["motto"], OptionValue::Text(String::new()));
    assert!(
        t.options.contains_key("nav_color"),
        "the built-in options stay"
    );
    let listing = list_themes(&themes);
    let official = listing.iter().find(|t| t.name == "official").unwrap();
    assert_eq!(official.description, "本站的官方主题");
    assert_eq!(official.extends, None);
    // An `extends` in the folder's manifest counts, cycles included.
    write(
        dir.path(),
        &[(
            "themes/official/theme.yaml",
            "name: official\nextends: contrast\n",
        )],
    );
    let (_, message) = theme_error(load(&themes, "official", Path::new("")).unwrap_err());
    assert!(
        message.contains("cycle: official → contrast → official"),
        "{message}"
    );
    // A misnamed manifest is still refused.
    write(
        dir.path(),
        &[("themes/official/theme.yaml", "name: offical\n")],
    );
    let (_, message) = theme_error(load(&themes, "official", Path::new("")).unwrap_err());
    assert!(message.contains("`name: offical`"), "{message}");
}

#[test]
fn builtin_is_no_theme_name_and_built_in_names_are_not_new_themes() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("themes");
    let (_, message) = theme_error(load(&themes, "builtin", Path::new("")).unwrap_err());
    assert!(message.contains("`builtin` is reserved"), "{message}");
    let (_, message) = theme_error(new_theme(&themes, "builtin", "official").unwrap_err());
    assert!(message.contains("`builtin` is reserved"), "{message}");
    let (_, message) = theme_error(new_theme(&themes, "official", "contrast").unwrap_err());
    assert!(message.contains("is a built-in theme"), "{message}");
    assert!(message.contains("ogi theme eject official"), "{message}");
    assert!(!themes.exists(), "nothing written");
    // A child of a built-in theme needs no themes/ folder beforehand.
    let written = new_theme(&themes, "mine", "official").unwrap();
    assert_eq!(written.len(), 3);
    let t = load(&themes, "mine", Path::new("")).unwrap();
    assert_eq!(t.chain, ["mine", "official"]);
}

#[test]
fn eject_writes_the_built_in_files_once_and_never_over_anything() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("themes");
    let written = eject_theme(&themes, "official").unwrap();
    let expected: Vec<_> = embedded::files("official", "").collect();
    assert_eq!(written.len(), expected.len());
    for (rel, file) in &expected {
        let path = themes.join("official").join(rel);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            *file.read().unwrap(),
            "{rel}"
        );
    }
    let listing = list_themes(&themes);
    assert!(listing.iter().all(|t| t.problem.is_none()));
    // Again: refused, and nothing changes.
    std::fs::write(themes.join("official/static/style.css"), "/* edited */").unwrap();
    let (_, message) = theme_error(eject_theme(&themes, "official").unwrap_err());
    assert!(message.contains("already has files"), "{message}");
    assert_eq!(
        std::fs::read_to_string(themes.join("official/static/style.css")).unwrap(),
        "/* edited */"
    );
    // An empty folder is fine; an unknown name is not.
    std::fs::create_dir_all(themes.join("contrast/templates")).unwrap();
    assert_eq!(eject_theme(&themes, "contrast").unwrap().len(), 5);
    let (_, message) = theme_error(eject_theme(&themes, "mine").unwrap_err());
    assert!(
        message.contains("no built-in theme named `mine`"),
        "{message}"
    );
}
