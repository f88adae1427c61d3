//! Embeds the shipped banks under `questions/` into the binary, so the app runs from anywhere.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=questions");
    // Read at run time of the build script, not baked in when it was compiled, so a checkout that
    // moves keeps embedding its own `questions/`.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&manifest_dir).join("questions");
    let mut files = Vec::new();
    if let Ok(banks) = std::fs::read_dir(&root) {
        for bank in banks.flatten() {
            let dir = bank.path();
            println!("cargo::rerun-if-changed={}", dir.display());
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "toml") {
                    println!("cargo::rerun-if-changed={}", path.display());
                    let bank_name = bank.file_name().to_string_lossy().into_owned();
                    let file_name = entry.file_name().to_string_lossy().into_owned();
                    files.push((bank_name, file_name, path));
                }
            }
        }
    }
    files.sort();
    let mut out = String::from("/// Built-in bank files: (bank folder, file name, contents).\n");
    out.push_str("pub static FILES: &[(&str, &str, &[u8])] = &[\n");
    for (bank, file, path) in &files {
        writeln!(
            out,
            "    ({bank:?}, {file:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .ok();
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    std::fs::write(Path::new(&out_dir).join("embedded_banks.rs"), out).ok();
}
