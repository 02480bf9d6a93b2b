//! The repo as a boundary: a file soc2 reads from a compliance repo must
//! resolve inside it (never into `.git/`), and be a regular file. A symbolic
//! link that leaves the repo, a FIFO or a device is an error naming the path,
//! never followed, never read (a FIFO would block forever).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::FileError;

/// What kind of non-regular file `meta` describes, for messages.
pub fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() || t.is_dir() || t.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// `root` with symlinks resolved, or as given when it cannot be resolved.
pub fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Resolve `full` (a path under the repo) to the regular file it names,
/// refusing links out of `canonical_root` or into its `.git/`, and special files.
pub fn resolve(canonical_root: &Path, full: &Path) -> Result<PathBuf, FileError> {
    let link = full.symlink_metadata()?;
    let real = match full.canonicalize() {
        Ok(r) => r,
        Err(e) if e.kind() == io::ErrorKind::NotFound && link.file_type().is_symlink() => {
            return Err(FileError::BrokenLink);
        }
        Err(e) => return Err(e.into()),
    };
    check_inside(canonical_root, &real)?;
    let meta = fs::metadata(&real)?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory);
    }
    if let Some(kind) = special_kind(&meta) {
        return Err(FileError::Special(kind));
    }
    Ok(real)
}

/// Whether the resolved path `real` is inside the repo and outside `.git/`.
pub fn check_inside(canonical_root: &Path, real: &Path) -> Result<(), FileError> {
    match real.strip_prefix(canonical_root) {
        Err(_) => Err(FileError::Outside(real.display().to_string())),
        Ok(rel) if rel.components().any(|c| c == Component::Normal(".git".as_ref())) => {
            Err(FileError::Outside(real.display().to_string()))
        }
        Ok(_) => Ok(()),
    }
}

/// Read the repo file `rel` under `root` within the boundary.
pub fn read(root: &Path, rel: &str) -> Result<Vec<u8>, FileError> {
    let real = resolve(&canonical_root(root), &root.join(rel))?;
    Ok(fs::read(real)?)
}

/// Read the repo file `rel` under `root` as UTF-8 text within the boundary.
pub fn read_to_string(root: &Path, rel: &str) -> Result<String, FileError> {
    String::from_utf8(read(root, rel)?).map_err(|_| FileError::Io("file is not valid UTF-8".to_owned()))
}

/// Refuse to write at `path` unless it is absent or a regular file (or a link to one):
/// a device or FIFO is never replaced (`export --output /dev/full`).
pub fn check_writable_target(path: &Path) -> Result<(), FileError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(FileError::IsDirectory),
        Ok(meta) => match special_kind(&meta) {
            Some(kind) => Err(FileError::Special(kind)),
            None => Ok(()),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Refuse when any existing directory between `root` and `path` is a symbolic
/// link (`soc2 init` must not write through `controls -> /elsewhere`).
pub fn check_no_linked_dirs(root: &Path, rel: &str) -> Result<(), FileError> {
    let mut at = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    for part in parts {
        at.push(part);
        match at.symlink_metadata() {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&at).map(|t| t.display().to_string()).unwrap_or_default();
                return Err(FileError::Link(target));
            }
            Ok(_) => {}
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Read a file a user names on the command line (`--file`): a regular file
/// only, so `/dev/zero` or a FIFO is refused instead of read forever.
pub fn read_regular(path: &Path) -> Result<Vec<u8>, FileError> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory);
    }
    if let Some(kind) = special_kind(&meta) {
        return Err(FileError::Special(kind));
    }
    Ok(fs::read(path)?)
}
