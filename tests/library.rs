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

/// Every `scripts/...` path the collector examples of soc2.toml name, commented out or not.
fn scripts_named_in_the_collector_examples() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("templates/soc2.toml.example-collectors")).unwrap();
    let mut named = BTreeSet::new();
    for (at, _) in text.match_indices("scripts/") {
        let rest = &text[at..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')))
            .unwrap_or(rest.len());
        let path = rest[..end].trim_end_matches('.');
        if path != "scripts/" {
            named.insert(path.to_owned());
        }
    }
    named
}

#[test]
fn every_script_the_collector_examples_name_ships_and_every_shipped_script_is_named() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let named = scripts_named_in_the_collector_examples();
    let shipped: BTreeSet<String> = std::fs::read_dir(root.join("templates/scripts"))
        .unwrap()
        .map(|e| format!("scripts/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    let missing: Vec<&String> = named.difference(&shipped).collect();
    let unnamed: Vec<&String> = shipped.difference(&named).collect();
    assert!(
        missing.is_empty(),
        "named in templates/soc2.toml.example-collectors but not in templates/scripts/: {missing:?}"
    );
    assert!(unnamed.is_empty(), "in templates/scripts/ but named by no collector example: {unnamed:?}");
    assert!(shipped.len() >= 15, "{shipped:?}");
}

#[test]
fn every_aws_table_a_query_reads_has_a_collector_example() {
    let repo = library();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = std::fs::read_to_string(root.join("templates/soc2.toml.example-collectors")).unwrap();
    for q in repo.queries.values() {
        for line in q.sql.lines().filter_map(|l| l.strip_prefix("-- tables:")) {
            for table in line.split(',').map(str::trim).filter(|t| t.starts_with("aws_")) {
                assert!(
                    examples.contains(&format!("[collectors.{table}]")),
                    "{}: no example collector writes {table}",
                    q.name
                );
            }
        }
    }
}

#[test]
fn the_aws_scripts_are_posix_sh_and_call_only_read_only_operations() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let services =
        ["s3api", "iam", "ec2", "kms", "cloudtrail", "guardduty", "rds", "elbv2", "acm", "wafv2", "cloudfront"];
    for entry in std::fs::read_dir(root.join("templates/scripts")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display();
        assert!(text.starts_with("#!/bin/sh\n"), "{name}: not a #!/bin/sh script");
        assert!(text.contains("\nset -eu\n"), "{name}: no `set -eu`");
        assert!(!text.contains("--no-paginate"), "{name}: passes --no-paginate");
        assert!(!text.contains("jq "), "{name}: uses jq");
        let status = std::process::Command::new("sh").arg("-n").arg(&path).status().unwrap();
        assert!(status.success(), "{name}: sh -n fails");
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            let words: Vec<&str> = line.split_whitespace().collect();
            for pair in words.windows(2) {
                let [service, op] = pair else { continue };
                if !services.contains(service) || !op.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                    continue;
                }
                let read_only = ["list-", "describe-", "get-"].iter().any(|p| op.starts_with(p))
                    || *op == "generate-credential-report";
                assert!(read_only, "{name}: `{service} {op}` is not a read-only call:\n{line}");
            }
        }
    }
}

/// The register columns documented in templates/registers/README.md are the
/// declared schema's, with the same types; the template CSVs hold the same header.
#[test]
fn register_docs_and_templates_agree_with_the_declared_schemas() {
    use soc2::repo::dataset::{ColumnType, Schemas};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("templates/registers/README.md")).unwrap();
    let schemas = Schemas::builtin();
    for (name, schema) in &schemas.registers {
        let section = readme.split(&format!("## {name}.csv")).nth(1).unwrap_or_else(|| panic!("no section for {name}"));
        let section = section.split("\n## ").next().unwrap();
        let mut documented = std::collections::BTreeMap::new();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            documented.insert(cells[0].trim_matches('`').to_owned(), cells[cells.len() - 1].to_owned());
        }
        let declared: Vec<&String> = schema.columns.keys().collect();
        let listed: Vec<&String> = documented.keys().collect();
        assert_eq!(declared, listed, "{name}: README columns differ from datasets.yaml");
        for (column, ty) in &schema.columns {
            let format = &documented[column];
            let expected = match ty {
                ColumnType::Date => format.starts_with("date"),
                ColumnType::YesNo => format == "yes/no",
                ColumnType::Enum(_) => format == "enumeration",
                ColumnType::Email => format.starts_with("email") && !format.contains(" or "),
                ColumnType::Person => format == "email or name",
                ColumnType::Contact => format == "email or URL",
                ColumnType::Url => format == "URL",
                ColumnType::Integer => format == "integer",
                ColumnType::Text => format.starts_with("text"),
                other => panic!("{name}.{column}: {other:?} in a register"),
            };
            assert!(expected, "{name}.{column}: declared {ty:?}, documented as `{format}`");
            if format.contains("unique") {
                assert_eq!(schema.key.as_deref(), Some(column.as_str()), "{name}: the unique column is the key");
            }
        }
        let csv = std::fs::read_to_string(root.join(format!("templates/registers/{name}.csv"))).unwrap();
        let mut header: Vec<&str> = csv.trim().split(',').collect();
        header.sort();
        assert_eq!(header, declared.iter().map(|s| s.as_str()).collect::<Vec<_>>(), "{name}.csv header");
    }
}

#[test]
fn the_normalized_tables_are_documented_as_declared() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/datasets.md")).unwrap();
    for (name, columns) in [("ocsf", soc2::collect::ocsf::COLUMNS), ("sarif", soc2::collect::sarif::COLUMNS)] {
        let table = soc2::collect::adapter::markdown_table(columns);
        assert!(docs.contains(&table), "docs/datasets.md lacks the {name} columns as declared; expected:\n{table}");
    }
}
