//! `soc2 policies build`: the policy handbook as HTML pages and PDF.

pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
