//! Conveniences generated from the CLI and the file formats: `soc2 completions`, `soc2 man`.

use crate::support::Fixture;

#[test]
fn bash_completions_name_every_command() {
    let run = Fixture::empty().soc2(&["completions", "bash"]);
    run.code(0).stdout_has("_soc2()").stdout_has("complete -F _soc2");
    for sub in ["check", "report", "framework", "import", "completions", "man", "collect", "validate"] {
        assert!(run.stdout.contains(sub), "no `{sub}` in the bash completions");
    }
    // Values are completed too, e.g. check's formats.
    assert!(run.stdout.contains("human json junit markdown sarif github"), "formats missing");
}

#[test]
fn other_shells_and_bad_shell() {
    let fx = Fixture::empty();
    fx.soc2(&["completions", "zsh"]).code(0).stdout_has("#compdef soc2");
    fx.soc2(&["completions", "fish"]).code(0).stdout_has("complete -c soc2");
    fx.soc2(&["completions", "powershell"]).code(0).stdout_has("Register-ArgumentCompleter");
    fx.soc2(&["completions", "tcsh"]).code(2).stderr_has("invalid value 'tcsh'");
}

#[test]
fn man_page_is_roff() {
    let run = Fixture::empty().soc2(&["man"]);
    run.code(0).stdout_has(".TH soc2 1").stdout_has(".SH NAME").stdout_has(".SH SUBCOMMANDS");
    assert!(run.stdout.contains("framework"), "{}", run.stdout);
}

#[test]
fn man_pages_per_command() {
    let fx = Fixture::empty();
    let run = fx.soc2(&["man", "--output", "man"]);
    run.code(0).stdout_has("man pages to man");
    for page in ["soc2.1", "soc2-check.1", "soc2-framework-import.1", "soc2-import-comply.1", "soc2-policies-init.1"] {
        let text = fx.read(&format!("man/{page}"));
        assert!(text.starts_with(".ie \\n(.g .ds Aq"), "{page} is not roff");
    }
    assert!(fx.read("man/soc2-framework-import.1").contains(".TH soc2-framework-import 1"));
}
