// The default content library is embedded with include_dir, which cannot tell
// cargo about new files on stable Rust: rebuild when the library changes.
fn main() {
    for dir in ["controls", "queries", "templates", "src/repo/framework"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
