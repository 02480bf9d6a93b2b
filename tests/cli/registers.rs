//! Registers are checked against their declared schema where they are
//! written: `soc2 validate` and `soc2 collect` name the file, line and
//! column, and a register that does not check out never becomes evidence.

use crate::support::Fixture;

/// A fresh `soc2 init` repo (its registers hold their header only).
fn fresh() -> Fixture {
    let fx = Fixture::empty();
    fx.soc2(&["init", "."]).code(0);
    fx
}

/// `rows` appended to the register `name` of a fresh repo.
fn with_rows(name: &str, rows: &str) -> Fixture {
    let fx = fresh();
    let path = format!("registers/{name}.csv");
    let header = fx.read(&path);
    fx.file(&path, format!("{header}{rows}"))
}

const ANN: &str =
    "ann@acme.example,Ann Archer,Engineering,SRE,,employee,Berlin,2024-03-01,,active,ann,,2024-03-01,,2025-03-01\n";

#[test]
fn a_valid_register_validates() {
    with_rows("hr_roster", ANN).soc2(&["validate"]).code(0);
}

#[test]
fn register_mistakes_are_located_and_exit_2() {
    let cases = [
        ("us_date", "hr_roster", ANN.replace(",2024-03-01,,active", ",10/15/2026,,active")),
        ("impossible_date", "hr_roster", ANN.replace(",2024-03-01,,active", ",2026-02-30,,active")),
        ("enum_case", "hr_roster", ANN.replace(",active,", ",Active,")),
        ("enum_typo", "hr_roster", ANN.replace(",active,", ",terminted,")),
        ("bad_email", "hr_roster", ANN.replace("ann@acme.example,Ann", "ann at acme,Ann")),
        ("duplicate_key", "hr_roster", format!("{ANN}{ANN}")),
        ("ragged_row", "hr_roster", "ann@acme.example,Ann\n".to_owned()),
        (
            "yes_no_spelling",
            "asset_inventory",
            "LT-1,lt-1,laptop,ann@acme.example,in_use,internal,Berlin,SN1,macOS,15,Yes,yes,yes,yes,yes,no,no,2026-11-01,2025-01-01,,,,,\n"
                .to_owned(),
        ),
    ];
    for (name, register, rows) in cases {
        let run = with_rows(register, &rows).soc2(&["validate"]);
        run.no_panic();
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        insta::assert_snapshot!(format!("register_{name}"), run.stderr);
    }
}

#[test]
fn header_typos_and_missing_columns_are_named() {
    let fx = fresh();
    let header = fx.read("registers/hr_roster.csv");
    let typo = fx.file("registers/hr_roster.csv", header.replace("end_date", "enddate"));
    let run = typo.soc2(&["validate"]);
    run.code(2);
    insta::assert_snapshot!("register_header_typo", run.stderr);
    let missing = typo.file("registers/hr_roster.csv", header.replace(",last_performance_review_date", ""));
    let run = missing.soc2(&["validate"]);
    run.code(2);
    insta::assert_snapshot!("register_missing_column", run.stderr);
}

#[test]
fn collect_refuses_a_bad_register_and_keeps_the_snapshot() {
    let fx = with_rows("hr_roster", ANN);
    fx.soc2(&["collect", "hr_roster"]).code(0);
    let data = fx.read("evidence/hr_roster/hr_roster.jsonl");
    let meta = fx.read("evidence/hr_roster/hr_roster.meta.json");
    let header = fx.read("registers/hr_roster.csv");
    let fx = fx.file("registers/hr_roster.csv", header.replace(",active,", ",Active,"));
    let run = fx.soc2(&["collect", "hr_roster"]);
    run.code(2).stderr_has("registers/hr_roster.csv:2:74: error: `status`: `Active` is not a value of this column");
    assert_eq!(fx.read("evidence/hr_roster/hr_roster.jsonl"), data);
    assert_eq!(fx.read("evidence/hr_roster/hr_roster.meta.json"), meta);
}

#[test]
fn empty_registers_still_have_their_columns() {
    let fx = fresh();
    fx.soc2(&["collect"]).no_panic();
    let run = fx.soc2(&["check", "--format", "json"]);
    run.no_panic();
    let json = run.json();
    let errors: Vec<String> = json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "error")
        .map(|c| format!("{}: {}", c["id"], c["reasons"]))
        .collect();
    assert!(errors.is_empty(), "controls in error on a fresh repo: {errors:#?}");
}
