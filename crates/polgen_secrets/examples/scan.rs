//! Measures the detector alone: `cargo run --release -p polgen_secrets --example scan -- DIR...`
//! runs `find` over every file under the folders and prints bytes and credentials found
//! (run it under `valgrind --tool=callgrind` for an instruction count).

use std::path::Path;

fn visit(path: &Path, bytes: &mut usize, found: &mut usize) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            visit(&p, bytes, found);
        }
    } else if let Ok(text) = std::fs::read_to_string(path) {
        *bytes += text.len();
        *found += polgen_secrets::find(&text).len();
    }
}

fn main() {
    let (mut bytes, mut found) = (0, 0);
    for dir in std::env::args().skip(1) {
        visit(Path::new(&dir), &mut bytes, &mut found);
    }
    println!("{bytes} bytes, {found} credentials");
}
