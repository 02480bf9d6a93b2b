//! `soc2 init`: a new repo that validates, never overwriting anything.

use crate::support::Fixture;

#[test]
fn init_then_validate_passes() {
    let fx = Fixture::empty();
    let run = fx.soc2(&["init", "acme"]);
    run.code(0).stdout_has("created soc2.toml").stdout_has("initialized a git repository");
    assert!(fx.join("acme/.git").is_dir());
    assert!(fx.read("acme/.gitignore").contains(".soc2/"));
    assert!(fx.read("acme/registers/hr_roster.csv").starts_with("email,"));
    assert!(fx.join("acme/registers/README.md").is_file());
    assert!(std::fs::read_dir(fx.join("acme/controls")).unwrap().count() >= 80);
    let toml = fx.read("acme/soc2.toml");
    assert!(
        !toml.contains("name = \"acme\""),
        "the legal name is asked by `policies init`, not guessed from the folder:\n{toml}"
    );
    assert!(toml.contains("# name = \"Acme Robotics, Inc.\""), "{toml}");
    let validate = crate::support::soc2_cmd(&fx.join("acme")).arg("validate").output().unwrap();
    assert!(validate.status.success(), "{}", String::from_utf8_lossy(&validate.stderr));
}

#[test]
fn init_never_overwrites() {
    let fx = Fixture::empty().file("soc2.toml", "# mine\n[organization]\nname = \"Mine\"\n");
    let run = fx.soc2(&["init"]);
    run.code(0).stdout_has("kept    soc2.toml (already exists)");
    assert_eq!(fx.read("soc2.toml"), "# mine\n[organization]\nname = \"Mine\"\n");
    let again = fx.soc2(&["init"]);
    again.code(0);
    assert!(!again.stdout.contains("  created "), "{}", again.stdout);
}

#[test]
fn init_inside_a_git_repo_does_not_nest_one() {
    let fx = Fixture::empty();
    git2::Repository::init(fx.path()).unwrap();
    let run = fx.soc2(&["init", "compliance"]);
    run.code(0);
    assert!(!run.stdout.contains("initialized a git repository"));
    assert!(!fx.join("compliance/.git").exists());
}

#[test]
fn init_writes_ci_pipelines() {
    let fx = Fixture::empty();
    fx.soc2(&["init", "gh", "--ci", "github"]).code(0);
    let gh: serde_yaml::Value = serde_yaml::from_str(&fx.read("gh/.github/workflows/soc2.yml")).unwrap();
    let text = serde_yaml::to_string(&gh).unwrap();
    assert!(text.contains("soc2 check --format github"));
    assert!(text.contains("soc2 collect --commit"));
    assert!(gh["on"]["schedule"].is_sequence());

    fx.soc2(&["init", "gl", "--ci", "gitlab"]).code(0);
    let gl: serde_yaml::Value = serde_yaml::from_str(&fx.read("gl/.gitlab-ci.yml")).unwrap();
    let text = serde_yaml::to_string(&gl).unwrap();
    assert!(text.contains("soc2 check --format junit"));
    assert!(text.contains("soc2 collect --commit"));
}

#[test]
fn a_new_repo_counts_its_unwritten_policies_on_one_line() {
    let fx = Fixture::empty();
    fx.soc2(&["init", "."]).code(0);
    for command in [&["validate"][..], &["check"], &["report", "--format", "json"]] {
        let run = fx.soc2(command);
        run.no_panic();
        assert_eq!(
            run.stderr,
            "warning: 22 policies not written yet, referenced by 164 controls\n  \
             hint: run `soc2 policies init` to write them (`--verbose` lists each reference)\n",
            "{command:?}"
        );
    }
    let verbose = fx.soc2(&["--verbose", "validate"]);
    let each = verbose.stderr.matches("warning: policy `").count();
    assert!(each > 164, "--verbose lists each reference ({each}):\n{}", verbose.stderr);
    verbose.stderr_has("controls/AC-01.yaml:");
}

#[test]
fn an_existing_gitignore_gets_the_soc2_folder_once() {
    let fx = Fixture::empty().file(".gitignore", "target/");
    fx.soc2(&["init"]).code(0).stdout_has("  added .soc2/ to .gitignore\n");
    assert_eq!(fx.read(".gitignore"), "target/\n# soc2 cache, reports and packages\n.soc2/\n");
    fx.soc2(&["init"]).code(0);
    assert_eq!(fx.read(".gitignore").matches(".soc2/").count(), 1, "added once");
}

#[test]
fn init_ci_on_a_configured_repo_says_what_fits_it() {
    let fx = Fixture::minimal();
    let run = fx.soc2(&["init", "--ci", "github"]);
    run.code(0);
    assert!(run.stdout.contains("created .github/workflows/soc2.yml"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("next: commit .github/workflows/soc2.yml and push: it runs `soc2 check` on every push and collects evidence on a schedule\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("fill in soc2.toml"), "the repo is configured already");
    let again = fx.soc2(&["init"]);
    assert!(
        again.stdout.ends_with("this repo was already set up; nothing else to do (`soc2 check` evaluates it)\n"),
        "{}",
        again.stdout
    );
}

/// A git repository at `fx/path` with one commit.
fn product(fx: &Fixture, path: &str) {
    let repo = git2::Repository::init(fx.join(path)).unwrap();
    std::fs::write(fx.join(&format!("{path}/main.go")), "package main\n").unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(std::path::Path::new("main.go")).unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new("Ann Dev", "ann@x.test", &git2::Time::new(1_780_000_000, 0)).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "Initial commit", &tree, &[]).unwrap();
}

#[test]
fn product_repo_points_the_git_collector_and_the_report_names_it() {
    let fx = Fixture::empty();
    product(&fx, "platform");
    fx.soc2(&["init", "compliance", "--product-repo", "platform"]).code(0);
    let toml = fx.read("compliance/soc2.toml");
    assert!(toml.contains("[collectors.git]\nkind = \"git\"\npath = \"../platform\"\n"), "{toml}");
    fx.soc2(&["-C", "compliance", "collect", "git"]).code(0);
    assert!(fx.read("compliance/evidence/git/commits.jsonl").contains("\"subject\":\"Initial commit\""));
    let report = fx.soc2(&["-C", "compliance", "report", "--format", "markdown"]);
    report.stdout_has("examined the git repository ../platform (HEAD) (collector git)");
    assert!(!report.stdout.contains("compliance repository itself"), "{}", report.stdout);
    let json = fx.soc2(&["-C", "compliance", "report", "--format", "json"]).json();
    let sources = json["change_management"].as_array().unwrap();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert_eq!(sources[0]["source"], "../platform (HEAD)");
    assert_eq!(sources[0]["compliance_repo"], false);
    assert!(sources[0]["controls"].as_array().unwrap().iter().any(|c| c == "CHG-05"), "{sources:?}");
}

#[test]
fn without_a_product_repo_the_report_says_the_compliance_repo_was_examined() {
    let fx = Fixture::empty();
    fx.soc2(&["init", "."]).code(0);
    assert!(fx.read("soc2.toml").contains("[collectors.git]\nkind = \"git\"\npath = \".\"\n"));
    let repo = git2::Repository::open(fx.path()).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(std::path::Path::new("soc2.toml")).unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new("Ann Dev", "ann@x.test", &git2::Time::new(1_780_000_000, 0)).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "soc2 init", &tree, &[]).unwrap();
    fx.soc2(&["collect", "git"]).code(0);
    fx.soc2(&["report", "--format", "markdown"]).stdout_has(
        "examined the git repository . (HEAD) (collector git): the compliance repository itself, not a product's",
    );
}

#[test]
fn a_product_repo_that_is_not_a_git_repository_is_refused() {
    let fx = Fixture::empty().file("notes/readme.txt", "x\n");
    for (arg, message) in [
        ("notes", "--product-repo notes: not a git repository"),
        ("nowhere", "--product-repo nowhere: No such file or directory"),
    ] {
        let run = fx.soc2(&["init", "compliance", "--product-repo", arg]);
        run.code(2).stderr_has(message).stderr_has("hint: name the root of the product's git repository");
        assert!(!fx.join("compliance").exists());
    }
}
