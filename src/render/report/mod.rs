//! `soc2 report`: the readiness and gap report as HTML, Markdown and PDF.

pub mod html;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
