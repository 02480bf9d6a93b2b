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
            "warning: 22 policies not written yet, referenced by 158 controls\n  \
             hint: run `soc2 policies init` to write them (`--verbose` lists each reference)\n",
            "{command:?}"
        );
    }
    let verbose = fx.soc2(&["--verbose", "validate"]);
    let each = verbose.stderr.matches("warning: policy `").count();
    assert!(each > 158, "--verbose lists each reference ({each}):\n{}", verbose.stderr);
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
