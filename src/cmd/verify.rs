//! `soc2 verify FILE.zip`: exit 0 when the package matches its manifest, 1 when not.

use anyhow::Result;

use super::Outcome;
use crate::cli::{VerifyArgs, VerifyFormat};
use crate::export::verify::{Verification, verify};
use crate::output::Output;

pub fn run(args: VerifyArgs, out: &mut Output) -> Result<Outcome> {
    let result = verify(&args.file)?;
    match args.format {
        VerifyFormat::Json => {
            out.stdout().write_all(crate::json::pretty(&result)?.as_bytes())?;
        }
        VerifyFormat::Human => human(&args.file.display().to_string(), &result, out)?,
    }
    Ok(if result.intact() { Outcome::Clean } else { Outcome::Findings })
}

fn human(file: &str, r: &Verification, out: &mut Output) -> Result<()> {
    for p in &r.problems {
        out.line(format!("{}: {}: {}", p.kind.as_str(), p.path, p.detail))?;
    }
    let made = match (&r.head, &r.generated_at) {
        (Some(head), Some(at)) => format!(", made from commit {} at {at}", head.get(..12).unwrap_or(head)),
        (None, Some(at)) => format!(", made at {at}"),
        _ => String::new(),
    };
    let manifest = r.manifest_sha256.as_deref().map(|s| format!("\nmanifest.json sha256 {s}")).unwrap_or_default();
    if r.intact() {
        let samples = match r.samples {
            0 => String::new(),
            1 => "; 1 sample re-derived from its population".to_owned(),
            n => format!("; {n} samples re-derived from their populations"),
        };
        out.line(format!("{file}: intact: {} files match the manifest{samples}{made}{manifest}", r.matched))?;
    } else {
        let n = r.problems.len();
        out.line(format!(
            "{file}: NOT intact: {n} problem{} ({} of the listed files match){manifest}",
            if n == 1 { "" } else { "s" },
            r.matched
        ))?;
    }
    Ok(())
}
