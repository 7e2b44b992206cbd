//! Running the binary and finding fixtures.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fixture path below `tests/e2e/fixtures`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    root().join("tests/e2e/fixtures").join(rel)
}

/// The bundled seed report.
pub(crate) fn seed_path() -> PathBuf {
    root().join("content/fujian/fuzhou/gulou/wenquan/2020.yaml")
}

/// What a run of `ogi` printed and how it exited.
#[derive(Debug)]
pub(crate) struct Run {
    /// Exit code (`None` if killed by a signal).
    pub(crate) code: Option<i32>,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
}

impl Run {
    /// The JSON diagnostics of a `--format json` run.
    pub(crate) fn json(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// Whether the run panicked (a panic is always a bug).
    pub(crate) fn panicked(&self) -> bool {
        self.stderr.contains("panicked")
    }
}

/// Runs `ogi` with `args` in `cwd` (the repository root when `None`), in the C locale
/// (English), whatever the locale of the machine running the tests.
pub(crate) fn ogi_in(cwd: Option<&Path>, args: &[&str]) -> Run {
    ogi_env(cwd, args, &[("LANG", "C")])
}

/// Runs `ogi` with `args` in `cwd` with `NO_COLOR=1` and the locale variables `env`
/// (`LANG`, `LC_ALL`, `LC_MESSAGES`: those not given are unset).
pub(crate) fn ogi_env(cwd: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec![("NO_COLOR", "1")];
    all.extend_from_slice(env);
    ogi_with_env(cwd, args, &all)
}

/// Runs `ogi` with `args` in `cwd` with the environment variables `env` set; `NO_COLOR` and
/// the locale variables are unset unless among them.
pub(crate) fn ogi_with_env(cwd: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ogi"))
        .args(args)
        .current_dir(cwd.map_or_else(root, Path::to_path_buf))
        .env_remove("NO_COLOR")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .envs(env.iter().copied())
        .output()
        .expect("run ogi");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `ogi` with `args` from the repository root.
pub(crate) fn ogi(args: &[&str]) -> Run {
    ogi_in(None, args)
}

/// Runs `ogi check --format json DIR`.
pub(crate) fn check_json(dir: &Path) -> Run {
    ogi(&["check", "--format", "json", &dir.to_string_lossy()])
}
