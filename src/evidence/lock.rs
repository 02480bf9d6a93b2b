//! One `soc2 collect` at a time per repo: an OS file lock on `.soc2/collect.lock`.
//!
//! The lock is released when the process ends, however it ends, so a killed
//! collect never leaves a stale lock behind.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

/// Where the lock lives, relative to the repo root.
pub const LOCK_PATH: &str = ".soc2/collect.lock";

/// How long a second collect waits for the first by default: a scheduled
/// collect that overlaps another one waits it out instead of failing.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(60);

/// Environment variable overriding the wait, in seconds (`0.5`, `2`).
pub const WAIT_ENV: &str = "SOC2_LOCK_WAIT";

/// Held while a collect runs; dropping it releases the lock.
#[derive(Debug)]
pub struct CollectLock {
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Exit code 2 like every error (the 0/1/2 contract), but worded as a
    /// retryable condition, not as invalid input.
    #[error("another soc2 collect is running in this repo (lock {LOCK_PATH}); busy, retry: waited {}s", format_wait(*.0))]
    Busy(Duration),
    #[error("cannot create the lock file {LOCK_PATH}: {0}")]
    Io(#[from] std::io::Error),
}

fn format_wait(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 { format!("{s:.0}") } else { format!("{s:.1}") }
}

impl LockError {
    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            LockError::Busy(_) => Some(format!(
                "nothing is wrong with the repo; run it again when the other collect ends, or wait longer with {WAIT_ENV}=SECONDS"
            )),
            LockError::Io(_) => None,
        }
    }
}

/// The wait configured through [`WAIT_ENV`], or the default.
pub fn configured_wait() -> Duration {
    std::env::var(WAIT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(DEFAULT_WAIT, |s| Duration::from_secs_f64(s.min(3600.0)))
}

/// Take the lock of the repo at `root`, polling for up to `wait`.
pub fn acquire(root: &Path, wait: Duration) -> Result<CollectLock, LockError> {
    let path = root.join(LOCK_PATH);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path)?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(CollectLock { _file: file }),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => return Err(LockError::Busy(wait)),
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), Duration::ZERO).unwrap();
        let err = acquire(dir.path(), Duration::from_millis(120)).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "another soc2 collect is running in this repo (lock .soc2/collect.lock); busy, retry: waited 0.1s"
            ),
            "{err}"
        );
        drop(first);
        assert!(acquire(dir.path(), Duration::ZERO).is_ok());
    }
}
