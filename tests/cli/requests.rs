//! `soc2 requests`: the auditor's request list imported, answered, accepted and listed.

use crate::support::Fixture;

const LIST: &str = "Request ID,Description,TSC References,Due Date,Auditor\nPBC-001,\"Population of terminated employees, with termination dates\",CC6.2; AC-01,2026-07-15,Kim\nPBC-002,Board meeting minutes,CC1.2,2026-06-01,Kim\nPBC-003,MFA configuration screenshot,CC6.9 AC-1,,Kim\n";

fn repo() -> Fixture {
    Fixture::with_people().file("pbc.csv", LIST)
}

fn statuses(fx: &Fixture) -> Vec<String> {
    let json = fx.soc2(&["requests", "--format", "json"]).json();
    json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect()
}

#[test]
fn import_answer_accept_and_list() {
    let fx = repo();
    let control = fx.read("controls/AC-01.yaml");
    let import = fx.soc2(&["requests", "import", "pbc.csv"]);
    import.code(0).stdout_has("added PBC-001").stdout_has("wrote audit/requests/PBC-003.yaml");
    import
        .stderr_has("pbc.csv: ignored column(s): Auditor")
        .stderr_has("pbc.csv:4: warning: reference `CC6.9` is neither a criterion of soc2-2017 nor a control")
        .stderr_has("pbc.csv:4: warning: reference `AC-1` is neither")
        .stderr_has("did you mean `AC-01`?")
        .stderr_has("3 request(s): 3 added, 0 updated, 0 unchanged");
    assert_eq!(
        fx.read("audit/requests/PBC-001.yaml"),
        "id: PBC-001\nrequest: Population of terminated employees, with termination dates\nreferences:\n- CC6.2\n- AC-01\ndue: 2026-07-15\nsource: pbc.csv:2\n"
    );
    assert_eq!(statuses(&fx), ["PBC-001 open", "PBC-002 open", "PBC-003 open"]);

    let fx = fx.file("terminations.csv", "email,terminated\nx@test.example,2026-02-01\n");
    fx.soc2(&[
        "requests",
        "answer",
        "PBC-001",
        "--control",
        "AC-01",
        "--file",
        "terminations.csv",
        "--by",
        "dana@test.example",
    ])
    .code(0)
    .stdout_has("PBC-001: provided (2 answer(s) in all)")
    .stdout_has("wrote audit/requests/files/PBC-001/terminations.csv");
    assert_eq!(
        fx.read("audit/requests/files/PBC-001/terminations.csv"),
        "email,terminated\nx@test.example,2026-02-01\n"
    );
    let json = fx.soc2(&["requests", "--format", "json", "--status", "provided"]).json();
    let r = &json["requests"][0];
    assert_eq!(r["id"], "PBC-001");
    assert_eq!(r["controls"], serde_json::json!(["AC-01"]));
    assert_eq!(r["files"], serde_json::json!(["audit/requests/files/PBC-001/terminations.csv"]));
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b"email,terminated\nx@test.example,2026-02-01\n"))
    };
    assert_eq!(r["answers"][1]["sha256"], sha);
    assert_eq!(json["summary"]["provided"], 1);

    fx.soc2(&["requests", "accept", "PBC-001", "--by", "kim@cpa.example"])
        .code(2)
        .stderr_has("--by kim@cpa.example: no such person in soc2.toml");
    fx.soc2(&["requests", "accept", "PBC-001", "--by", "kim@cpa.example", "--external"])
        .code(0)
        .stdout_has("PBC-001: accepted");
    assert!(
        fx.read("audit/requests/PBC-001.yaml").contains("by: kim@cpa.example\n  external: true\n"),
        "{}",
        fx.read("audit/requests/PBC-001.yaml")
    );
    assert_eq!(statuses(&fx), ["PBC-001 accepted", "PBC-002 open", "PBC-003 open"]);
    // A later answer reopens it for the auditor.
    fx.soc2(&["--now", "2026-07-01", "requests", "answer", "PBC-001", "--control", "AC-01"]).code(0);
    assert_eq!(statuses(&fx)[0], "PBC-001 provided");

    let human = fx.soc2(&["requests"]);
    human
        .code(0)
        .stdout_has("PBC-002  open      due 2026-06-01 (overdue)  Board meeting minutes")
        .stdout_has("answered by: control AC-01; file audit/requests/files/PBC-001/terminations.csv")
        .stdout_has("3 request(s): 2 open (1 overdue), 1 provided, 0 accepted");
    assert_eq!(fx.read("controls/AC-01.yaml"), control, "no hand-written file is rewritten");
    assert_eq!(fx.read("pbc.csv"), LIST, "the imported list is left alone");
}

#[test]
fn reimport_updates_text_and_due_and_keeps_answers() {
    let fx = repo();
    fx.soc2(&["requests", "import", "pbc.csv"]).code(0);
    fx.soc2(&["requests", "answer", "PBC-002", "--control", "AC-01"]).code(0);
    let fx = fx.file(
        "pbc.csv",
        LIST.replace("Board meeting minutes,CC1.2,2026-06-01", "Board minutes for 2026,CC1.2,2026-07-31"),
    );
    let again = fx.soc2(&["requests", "import", "pbc.csv"]);
    again
        .code(0)
        .stdout_has("updated PBC-002: request text; due 2026-06-01 → 2026-07-31 (answers kept)")
        .stderr_has("3 request(s): 0 added, 1 updated, 2 unchanged");
    let text = fx.read("audit/requests/PBC-002.yaml");
    assert!(text.contains("request: Board minutes for 2026\n") && text.contains("control: AC-01"), "{text}");
    let fx = fx.file("short.csv", "id,request\nPBC-009,Pen test report\n");
    fx.soc2(&["requests", "import", "short.csv"])
        .code(0)
        .stderr_has("kept 3 request(s) not in short.csv: PBC-001, PBC-002, PBC-003");
    assert_eq!(statuses(&fx).len(), 4);
}

#[test]
fn malformed_lists_name_the_line_and_write_nothing() {
    let fx = Fixture::minimal()
        .file("bad.csv", "id,request,due\nPBC-1,Minutes,2026-07-01\nPBC-2,Policies,next week\nPBC-1,Again,\nPBC 4,x,\n,no id,\nPBC-6,\"unterminated\n")
        .file("short.csv", "id,request,due\nPBC-1,Minutes\n")
        .file("noid.csv", "request,due\nMinutes,2026-07-01\n")
        .file("empty.csv", "");
    let run = fx.soc2(&["requests", "import", "bad.csv"]);
    run.code(2)
        .no_panic()
        .stderr_has("bad.csv:3: error: `due`: invalid date `next week`")
        .stderr_has("bad.csv:4: error: duplicate request id `PBC-1`")
        .stderr_has("hint: line 2 has the same id")
        .stderr_has("bad.csv:5: error: request id `PBC 4` is not usable as a file name")
        .stderr_has("bad.csv:6: error: `id` is empty");
    fx.soc2(&["requests", "import", "short.csv"])
        .code(2)
        .stderr_has("short.csv:2: error: row has 2 fields, the header has 3");
    fx.soc2(&["requests", "import", "noid.csv"])
        .code(2)
        .stderr_has("noid.csv:1:1: error: the header row has no `id` column")
        .stderr_has("request id");
    fx.soc2(&["requests", "import", "empty.csv"]).code(2).stderr_has("the request list is empty");
    fx.soc2(&["requests", "import", "missing.csv"]).code(2).stderr_has("missing.csv: cannot read the request list");
    assert!(!fx.join("audit").exists(), "nothing written on bad input");
}

#[test]
fn bad_answers_and_acceptances_are_refused() {
    let fx = repo();
    fx.soc2(&["requests", "answer", "PBC-001", "--control", "AC-01"])
        .code(2)
        .stderr_has("no request `PBC-001`: no requests imported yet");
    fx.soc2(&["requests", "import", "pbc.csv"]).code(0);
    fx.soc2(&["requests", "answer", "PBC-01", "--control", "AC-01"])
        .code(2)
        .stderr_has("no request `PBC-01`")
        .stderr_has("did you mean `PBC-001`?");
    fx.soc2(&["requests", "answer", "PBC-001", "--control", "AC-1"]).code(2).stderr_has("did you mean `AC-01`?");
    fx.soc2(&["requests", "answer", "PBC-001", "--control", "AC-01", "--file", "nope.pdf"])
        .code(2)
        .stderr_has("--file nope.pdf: cannot read");
    fx.soc2(&["requests", "answer", "PBC-001"]).code(2).stderr_has("--control");
    fx.soc2(&["requests", "accept", "PBC-001", "--by", "kim", "--external"])
        .code(2)
        .stderr_has("PBC-001 has no answer yet");
    assert_eq!(statuses(&fx)[0], "PBC-001 open", "nothing recorded by refused commands");
    assert!(!fx.join("audit/requests/files").exists());
    fx.soc2(&["requests", "--status", "opn"]).code(2).stderr_has("open");
    // A hand-edited request file is checked like any other record.
    let fx = fx.file("audit/requests/PBC-002.yaml", "id: PBC-002\nrequest: x\ndue: soon\n");
    fx.soc2(&["requests"]).code(2).stderr_has("audit/requests/PBC-002.yaml:3:6: error: `due`: invalid date `soon`");
    let fx = fx.file("audit/requests/PBC-002.yaml", "id: PBC-02\nrequest: x\n");
    fx.soc2(&["requests"]).code(2).stderr_has("request `PBC-02` is in a file named `PBC-002.yaml`");
}

#[test]
fn the_library_loads_requests_for_the_export() {
    let fx = repo();
    fx.soc2(&["requests", "import", "pbc.csv"]).code(0);
    let fx = fx.file("minutes.pdf", "%PDF minutes");
    fx.soc2(&["requests", "answer", "PBC-002", "--file", "minutes.pdf", "--control", "AC-01"]).code(0);
    let files = soc2::files::Worktree::new(fx.path());
    let requests = soc2::repo::request::load(&files).unwrap();
    let ids: Vec<&str> = requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["PBC-001", "PBC-002", "PBC-003"]);
    assert_eq!(requests[1].status, soc2::repo::request::RequestStatus::Provided);
    assert_eq!(requests[1].files, ["audit/requests/files/PBC-002/minutes.pdf"]);
    assert_eq!(requests[1].controls, ["AC-01"]);
    let json = serde_json::to_value(&requests[1]).unwrap();
    assert_eq!(json["status"], "provided");
    assert_eq!(json["answers"].as_array().unwrap().len(), 2);
    let fx = fx.file("audit/requests/PBC-003.yaml", "id: PBC-003\nrequest: x\nanswers:\n- date: 2026-01-01\n");
    let err = soc2::repo::request::load(&soc2::files::Worktree::new(fx.path())).unwrap_err();
    assert!(err.0.to_string().contains("audit/requests/PBC-003.yaml:4:7: error: an answer names neither"), "{}", err.0);
}
