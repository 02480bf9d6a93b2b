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
        // The helpers the AWS scripts source, not a collector of its own.
        .filter(|name| name != "scripts/aws_common.sh")
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

/// The collector blocks of templates/soc2.toml.example-collectors, commented out or not:
/// name → (kind, whether the block is enabled, its lines without the comment marks).
/// Alternatives share a name (a file or a command collector for Prowler): each is kept.
fn collector_examples() -> Vec<(String, String, bool, Vec<String>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("templates/soc2.toml.example-collectors")).unwrap();
    let mut blocks: Vec<(String, String, bool, Vec<String>)> = Vec::new();
    let mut current: Option<(String, bool, Vec<String>)> = None;
    let finish = |current: &mut Option<(String, bool, Vec<String>)>, blocks: &mut Vec<_>| {
        if let Some((name, enabled, lines)) = current.take() {
            let kind = lines
                .iter()
                .find_map(|l: &String| l.strip_prefix("kind = "))
                .map(|k| k.split('#').next().unwrap().trim().trim_matches('"').to_owned())
                .unwrap_or_default();
            blocks.push((name, kind, enabled, lines));
        }
    };
    for line in text.lines() {
        let (enabled, body) = match line.strip_prefix("# ") {
            Some(b) => (false, b),
            None => (true, line),
        };
        if let Some(name) = body.strip_prefix("[collectors.").and_then(|b| b.strip_suffix(']')) {
            finish(&mut current, &mut blocks);
            current = Some((name.to_owned(), enabled, Vec::new()));
        } else if line.trim().is_empty() || line.trim() == "#" {
            finish(&mut current, &mut blocks);
        } else if let Some((_, _, lines)) = current.as_mut() {
            lines.push(body.to_owned());
        }
    }
    finish(&mut current, &mut blocks);
    blocks
}

/// The tables a query reads, from its `-- tables:` header.
fn tables_read(sql: &str) -> Vec<String> {
    sql.lines()
        .filter_map(|l| l.strip_prefix("-- tables:"))
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Every table a library query reads has a declared schema and a way to be
/// produced that ships with soc2: a register (a template CSV and the enabled
/// `file` collector reading it), a dataset of the built-in `git` or `github`
/// kind, a meta table, or the table of a collector example in soc2.toml (an
/// AWS script `soc2 init` writes, a scanner adapter, or a command, http or
/// steampipe example), whose script, when it runs one, ships too.
#[test]
fn every_table_a_library_query_reads_is_declared_and_produced_by_a_shipped_collector() {
    use soc2::repo::dataset::Schemas;
    let repo = library();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let schemas = Schemas::builtin();
    let examples = collector_examples();
    let block = |name: &str| -> Vec<&(String, String, bool, Vec<String>)> {
        examples.iter().filter(|(n, ..)| n == name).collect()
    };
    let mut problems = Vec::new();
    let mut read_by_queries = BTreeSet::new();
    for q in repo.queries.values() {
        for table in tables_read(&q.sql) {
            read_by_queries.insert(table.clone());
            let why = if schemas.meta.contains_key(&table) {
                None
            } else if schemas.registers.contains_key(&table) {
                let csv = root.join(format!("templates/registers/{table}.csv"));
                let enabled = block(&table).iter().any(|(_, kind, enabled, lines)| {
                    kind == "file"
                        && *enabled
                        && lines.iter().any(|l| l == &format!("path = \"registers/{table}.csv\""))
                });
                match (csv.is_file(), enabled) {
                    (true, true) => None,
                    (false, _) => Some(format!("register {table} has no templates/registers/{table}.csv")),
                    (true, false) => Some(format!("register {table} has no enabled file collector in the template")),
                }
            } else if let Some((kind, dataset)) = ["git", "github"]
                .iter()
                .find_map(|k| table.strip_prefix(&format!("{k}_")).map(|d| (*k, d)))
                .filter(|(k, d)| schemas.collectors.get(*k).is_some_and(|ds| ds.contains_key(*d)))
            {
                let _ = dataset;
                (!block(kind).iter().any(|(_, k, ..)| k == kind))
                    .then(|| format!("{table}: no `{kind}` collector example named `{kind}` in the template"))
            } else if schemas.examples.contains_key(&table) {
                let blocks = block(&table);
                if blocks.is_empty() {
                    Some(format!("{table} is declared but no collector example `[collectors.{table}]` writes it"))
                } else {
                    blocks
                        .iter()
                        .flat_map(|(_, _, _, lines)| lines.iter())
                        .filter_map(|l| l.find("scripts/").map(|at| &l[at..]))
                        .map(|s| s.split('"').next().unwrap().to_owned())
                        .find(|script| !root.join("templates").join(script).is_file())
                        .map(|script| format!("{table}: its example runs {script}, which does not ship"))
                }
            } else {
                Some(format!(
                    "reads table {table}, which no shipped collector, adapter or register declares \
                     (declare it in src/repo/datasets.yaml with a collector example that writes it)"
                ))
            };
            if let Some(why) = why {
                problems.push(format!("{}: {why}", q.name));
            }
        }
    }
    for table in schemas.examples.keys() {
        if !read_by_queries.contains(table) {
            problems.push(format!("{table} is declared as an example dataset but no library query reads it"));
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// The adapters' normalized columns are declared as the adapters write them.
#[test]
fn the_adapter_tables_are_declared_as_the_adapters_write_them() {
    use soc2::repo::dataset::Schemas;
    let schemas = Schemas::builtin();
    for (table, columns) in
        [("prowler_findings", soc2::collect::ocsf::COLUMNS), ("sarif_results", soc2::collect::sarif::COLUMNS)]
    {
        let written: BTreeSet<&str> = columns.iter().map(|(name, ..)| *name).collect();
        let declared: BTreeSet<&str> = schemas.examples[table].columns.keys().map(String::as_str).collect();
        assert_eq!(written, declared, "{table}");
    }
}

/// No query rots unused: each is run by a control (as a check or its population).
#[test]
fn every_query_is_used_by_a_control() {
    let repo = library();
    let used: BTreeSet<&str> = repo
        .controls
        .iter()
        .flat_map(|c| {
            let checks = c.def.queries.iter().map(|q| q.query.as_str());
            checks.chain(c.def.population.iter().flat_map(|p| p.queries()))
        })
        .collect();
    let unused: Vec<&String> = repo.queries.keys().filter(|q| !used.contains(q.as_str())).collect();
    assert!(unused.is_empty(), "queries no control runs: {unused:?}");
}

/// The declared columns of every table by name: registers, the built-in kinds' datasets under
/// their default collector names (`git_commits`, `github_pulls`), meta tables, example tables.
fn declared_tables() -> std::collections::BTreeMap<String, BTreeSet<String>> {
    use soc2::repo::dataset::Schemas;
    let schemas = Schemas::builtin();
    let mut out = std::collections::BTreeMap::new();
    for (name, s) in schemas.registers.iter().chain(&schemas.meta).chain(&schemas.examples) {
        out.insert(name.clone(), s.columns.keys().cloned().collect());
    }
    for (kind, datasets) in &schemas.collectors {
        for (dataset, s) in datasets {
            out.insert(format!("{kind}_{dataset}"), s.columns.keys().cloned().collect());
        }
    }
    out
}

/// A control's description that names a column (`asset_inventory.sso`) names a declared one, and
/// one of the control's queries reads that table: what the description says is recorded is there
/// to be tested.
#[test]
fn columns_named_in_control_descriptions_are_declared_and_read() {
    let repo = library();
    let tables = declared_tables();
    let column = regex::Regex::new(r"\b([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\b").unwrap();
    let mut problems = Vec::new();
    let mut named = 0;
    for c in &repo.controls {
        let read: BTreeSet<String> =
            c.def.queries.iter().filter_map(|q| repo.queries.get(&q.query)).flat_map(|q| tables_read(&q.sql)).collect();
        for caps in column.captures_iter(&c.def.description) {
            let (table, col) = (&caps[1], &caps[2]);
            let Some(columns) = tables.get(table) else { continue };
            named += 1;
            if !columns.contains(col) {
                problems
                    .push(format!("{}: the description names {table}.{col}, which {table} does not declare", c.def.id));
            }
            if !read.contains(table) {
                problems.push(format!(
                    "{}: the description names {table}.{col} but no query of the control reads {table}",
                    c.def.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(named >= 5, "only {named} columns named in descriptions");
}

/// Under the default security-only scope the backup controls still run: each maps to the Common
/// Criteria it serves (CC7.5 recovery from incidents; CC9.1 mitigation of business disruption).
#[test]
fn backup_controls_serve_the_common_criteria() {
    let repo = library();
    for (id, expected) in [("BKP-01", &["CC7.5", "CC9.1"][..]), ("BKP-04", &["CC7.5", "CC9.1"]), ("BKP-05", &["CC7.5"])]
    {
        let c = repo.controls.iter().find(|c| c.def.id == id).unwrap();
        for criterion in expected {
            assert!(
                c.def.criteria.iter().any(|x| x == criterion),
                "{id} does not map to {criterion}: {:?}",
                c.def.criteria
            );
        }
    }
}

/// The README's control example is the built-in control it names: every key
/// it shows uncommented has the library's value (the description is elided).
#[test]
fn readme_control_example_is_the_library_control() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme.split("## A control\n").nth(1).expect("README has a `## A control` section");
    let example = section.split("```yaml\n").nth(1).and_then(|s| s.split("```").next()).expect("a yaml block");
    let shown: serde_yaml::Mapping = serde_yaml::from_str(example).expect("the README example is valid YAML");
    let id = shown.get("id").and_then(serde_yaml::Value::as_str).expect("the example has an id");
    let library = std::fs::read_to_string(root.join(format!("controls/{id}.yaml"))).unwrap();
    let library: serde_yaml::Mapping = serde_yaml::from_str(&library).unwrap();
    for (key, value) in &shown {
        let key_name = key.as_str().unwrap_or_default();
        if key_name == "description" {
            continue;
        }
        assert_eq!(library.get(key), Some(value), "README's {id} `{key_name}` differs from controls/{id}.yaml");
    }
    assert_eq!(shown.len(), library.len(), "README's {id} shows every key of controls/{id}.yaml");
}
