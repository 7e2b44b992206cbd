//! Loads one report and prints its cells with their lines: `cargo run --example load FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load FILE");
        std::process::exit(2);
    };
    match ogi_model::load_report(path.as_ref()) {
        Ok(doc) => {
            for cell in doc.report.cells() {
                let line = doc.span(cell.path).map_or(0, |s| s.line);
                println!(
                    "{line:>4}  {:<40} {} = {}",
                    cell.path,
                    cell.label,
                    cell.value.display()
                );
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
