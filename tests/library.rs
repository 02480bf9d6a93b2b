//! The default content library (this repo's own controls/, queries/, templates/)
//! makes a real SOC 2 program: every criterion covered, most controls automated.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use soc2::files::Worktree;
use soc2::repo::Repo;

fn library() -> Repo {
    let root = env!("CARGO_MANIFEST_DIR");
    match Repo::load(&Worktree::new(root)) {
        Ok(r) => r,
        Err(e) => panic!("the project root is not a valid compliance repo:\n{}", e.0),
    }
}

#[test]
fn every_criterion_is_mapped_by_a_control() {
    let repo = library();
    let mapped: BTreeSet<&str> = repo.controls.iter().flat_map(|c| c.def.criteria.iter()).map(String::as_str).collect();
    let unmapped: Vec<&str> =
        repo.framework.criteria.iter().map(|c| c.id.as_str()).filter(|id| !mapped.contains(id)).collect();
    assert_eq!(repo.framework.criteria.len(), 61);
    assert!(unmapped.is_empty(), "criteria without a control: {unmapped:?}");
}

#[test]
fn most_controls_are_automated() {
    let repo = library();
    let total = repo.controls.len();
    let automated = repo.controls.iter().filter(|c| !c.def.queries.is_empty()).count();
    assert!(total >= 80, "{total} controls");
    assert!(automated * 2 > total, "{automated} of {total} controls have queries");
    assert!(repo.queries.len() >= 100, "{} queries", repo.queries.len());
}

#[test]
fn every_control_is_complete() {
    let repo = library();
    let templates = soc2::files::library::policy_template_ids();
    for c in &repo.controls {
        let d = &c.def;
        assert!(!d.policies.is_empty(), "{} has no policy", d.id);
        assert!(d.policies.iter().all(|p| templates.contains(p)), "{} names a policy without a template", d.id);
        assert!(d.review.is_some(), "{} has no review cadence", d.id);
        assert!(d.description.split_whitespace().count() >= 15, "{} has a thin description", d.id);
        assert!(d.owner.starts_with("role:"), "{} owner should be a role", d.id);
    }
}

#[test]
fn policy_templates_cover_the_required_set() {
    let ids = soc2::files::library::policy_template_ids();
    for required in [
        "information-security",
        "access-control",
        "acceptable-use",
        "asset-management",
        "business-continuity",
        "change-management",
        "code-of-conduct",
        "cryptography",
        "data-classification",
        "data-retention",
        "incident-response",
        "risk-management",
        "vendor-management",
        "secure-development",
        "vulnerability-management",
        "logging-monitoring",
        "physical-security",
        "human-resources-security",
        "backup",
        "privacy",
        "confidentiality",
        "security-awareness-training",
    ] {
        assert!(ids.iter().any(|i| i == required), "no template for {required}");
    }
}
