//! `ogi serve`: the live preview for editors.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;
use ogi_serve::ServeOptions;
use ogi_site::SiteOptions;
use ogi_validate::Lang;

use crate::Outcome;
use crate::project::RootArg;
use crate::report::status;

/// Arguments of `ogi serve`.
#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    root: RootArg,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 4000)]
    port: u16,
    /// The address to listen on. Anything but 127.0.0.1 shows the preview to the network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// A host name the preview answers to besides localhost and IP addresses (requests
    /// naming any other host get 403, against DNS rebinding); repeat for more.
    #[arg(long, value_name = "NAME")]
    allow_host: Vec<String>,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
    /// Where to keep the preview's files (default: a folder in the system's temporary
    /// folder; never site/, which is `ogi build`'s). The same rules as `ogi build --output`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Use this theme instead of the configured one.
    #[arg(long)]
    theme: Option<String>,
    /// Base path of the pages (default `/`; the configured base_url is for the published site).
    #[arg(long, default_value = "/", value_parser = crate::project::base_url)]
    base_url: String,
    /// Render the whole site on every change, as `ogi build` does, instead of only what
    /// the change touched (slower; the result is the same). OGI_VERIFY_LIVE=1 instead
    /// renders only what changed, then checks it against a full render.
    #[arg(long)]
    full: bool,
}

/// Opens `url` in the default browser, if the platform has a way to.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        status!(
            "could not open a browser ({}: {e}); open {url} yourself",
            command.0
        );
    }
}

pub(crate) fn run(args: &ServeArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let project = args.root.project();
    let project = match &args.output {
        Some(output) => project.with_output(output),
        None => {
            let output = ogi_serve::default_output(&project.root);
            // The preview's own folder, named after the project: one an older ogi left
            // without its marker is still ours to replace.
            if output.is_dir() && !output.join(ogi_model::SITE_MARKER).exists() {
                let _ = std::fs::remove_dir_all(&output);
            }
            project.with_output(&output)
        }
    };
    let mut site = SiteOptions::of(project);
    site.theme = args.theme.clone();
    site.base_url = Some(args.base_url.clone());
    let mut options = ServeOptions::new(site);
    options.bind = args.bind;
    options.port = args.port;
    options.allowed_hosts = args.allow_host.clone();
    options.lang = lang;
    options.live.full = args.full;
    // A check of the incremental engine itself: a full render in memory after every update.
    options.live.verify = std::env::var_os("OGI_VERIFY_LIVE").is_some_and(|v| v == "1");
    if !args.bind.is_loopback() {
        status!(
            "warning: listening on {}: anyone on the network can see the preview",
            args.bind
        );
    }
    let open = args.open;
    ogi_serve::serve(options, |url| {
        match lang {
            Lang::En => status!("serving {url} (Ctrl-C to stop)"),
            Lang::Zh => status!("预览地址 {url}（按 Ctrl-C 停止）"),
        }
        if open {
            open_browser(url);
        }
    })?;
    Ok(Outcome::Success)
}
