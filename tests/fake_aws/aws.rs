//! A fake `aws` for the tests of templates/scripts/aws_*.sh (tests/cli/aws_scripts.rs): it
//! replays AWS CLI output recorded under $FAKE_AWS_DIR (tests/fixtures/aws/<scenario>) and
//! never touches the network. `cargo test` builds it as the example `fake-aws`; the tests put
//! it first on PATH as `aws`. It needs nothing but what cargo builds.
//!
//! ```text
//!   FAKE_AWS_DIR    the scenario directory (required)
//!   FAKE_AWS_LOG    a file each call's arguments are appended to (optional)
//!   FAKE_AWS_STATE  a directory for call counters (sequences, below; optional)
//! ```
//!
//! A call `aws SERVICE OPERATION [--region R] [--ID VALUE]...` is answered from
//! `$FAKE_AWS_DIR/SERVICE/OPERATION[/R][/VALUE]....json`
//! where the id options are taken in this order: --scope --detector-id --bucket
//! --key-id --name --load-balancer-arn --certificate-arn --web-acl-arn
//! --web-acl-id --resource-type --next-marker --marker (ARNs with `:` and `/`
//! written as `_`). The .json file holds what `aws ... --output json` prints
//! (the whole response). `--query` is then applied with JMESPath, as the CLI
//! does, and the result printed as JSON (indent 4) or text (the CLI's text
//! format). A .err file instead holds a recorded error message, printed on stderr
//! with exit status 254. FILE.1.json, FILE.2.json, ... answer successive calls
//! (the last one repeats). get-findings assembles its answer from
//! guardduty/get-findings/R/DETECTOR/<finding id>.json, at most 50 ids a call.
//! --finding-ids takes the words up to the next option; --filter, --filters,
//! --includes and --finding-criteria (and their words) are ignored.
//!
//! A call with no recording fails like the real CLI (v2) refusing it:
//! `An error occurred (AccessDenied) when calling the ListBuckets operation: ...`
//! with status 254; a write operation or --no-paginate (--max-items, --page-size,
//! --starting-token) fails with status 252. The other statuses are the CLI's too: 252 a bad
//! command line (an unknown option, a missing value, a bad --query expression or --output),
//! 253 FAKE_AWS_DIR unset, 255 anything else (a recording that is not JSON, a --query that
//! fails on the data, a result the text format cannot show).
//!
//! JMESPath is the `jmespath` crate where the CLI has the Python library. They agree on all the
//! scripts ask, and differ where an object's member order shows: the crate keeps members sorted
//! by key where Python keeps their order, so an object out of --query has its keys sorted, and
//! `*`, keys(), values() and to_string() go by key order (without --query the recording's order
//! is kept). Also abs, ceil, floor and sum give floats where Python gives integers.

use std::fmt;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use jmespath::{Rcvar, Variable};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// The id options, in the order their values make the recording's path.
const ID_OPTIONS: [&str; 12] = [
    "--scope",
    "--detector-id",
    "--bucket",
    "--key-id",
    "--name",
    "--load-balancer-arn",
    "--certificate-arn",
    "--web-acl-arn",
    "--web-acl-id",
    "--resource-type",
    "--next-marker",
    "--marker",
];

/// Who the refusals of unrecorded calls name.
const WHO: &str = "arn:aws:sts::123456789012:assumed-role/soc2-auditor/soc2-collect";

/// How the fake ends when it does not answer: its exit status and what it prints on stderr.
struct Exit {
    status: u8,
    stderr: String,
}

impl Exit {
    /// The fake's own complaint (a bad command line, a broken recording).
    fn fake(status: u8, message: impl fmt::Display) -> Exit {
        Exit { status, stderr: format!("fake aws: {message}\n") }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    match run(&args) {
        Ok(stdout) => match std::io::stdout().lock().write_all(stdout.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "fake aws: writing the output: {e}");
                ExitCode::from(255)
            }
        },
        Err(exit) => {
            let _ = std::io::stderr().lock().write_all(exit.stderr.as_bytes());
            ExitCode::from(exit.status)
        }
    }
}

/// An environment variable, `None` when unset or empty (the sh `${VAR:-}`).
fn env(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()).filter(|v| !v.is_empty())
}

/// The command line, as the fake understands it.
#[derive(Default)]
struct Call {
    service: String,
    op: String,
    region: String,
    query: Option<String>,
    output: String,
    /// The values of ID_OPTIONS, in that order ("" when not given).
    ids: Vec<String>,
    finding_ids: Vec<String>,
}

impl Call {
    /// The value of an id option ("" when not given).
    fn id(&self, option: &str) -> &str {
        ID_OPTIONS.iter().position(|o| *o == option).map_or("", |i| &self.ids[i])
    }
}

fn parse(args: &[String]) -> Result<Call, Exit> {
    let mut call = Call { output: "json".into(), ids: vec![String::new(); ID_OPTIONS.len()], ..Call::default() };
    let mut i = 0;
    // The option's value: the next argument, whatever it is.
    let value = |i: usize| {
        args.get(i + 1)
            .cloned()
            .ok_or_else(|| Exit::fake(252, format_args!("argument {}: expected one argument", args[i])))
    };
    // The words after an option, up to the next one (`--...`).
    let words = |i: usize| args[i + 1..].iter().take_while(|a| !a.starts_with("--")).count();
    while i < args.len() {
        let arg = args[i].as_str();
        match arg {
            "--no-paginate" | "--max-items" | "--page-size" | "--starting-token" => {
                return Err(Exit::fake(252, format_args!("the scripts must let the CLI page ({arg} given)")));
            }
            "--region" => {
                call.region = value(i)?;
                i += 2;
            }
            "--output" => {
                call.output = value(i)?;
                i += 2;
            }
            "--query" => {
                call.query = Some(value(i)?);
                i += 2;
            }
            "--finding-ids" => {
                let n = words(i);
                call.finding_ids
                    .extend(args[i + 1..i + 1 + n].iter().flat_map(|a| a.split_whitespace()).map(str::to_owned));
                i += 1 + n;
            }
            "--filter" | "--filters" | "--includes" | "--finding-criteria" => i += 1 + words(i),
            _ => {
                if let Some(slot) = ID_OPTIONS.iter().position(|o| *o == arg) {
                    call.ids[slot] = value(i)?;
                    i += 2;
                } else if arg.starts_with("--") {
                    return Err(Exit::fake(252, format_args!("unknown option {arg}")));
                } else if call.service.is_empty() {
                    call.service = arg.to_owned();
                    i += 1;
                } else if call.op.is_empty() {
                    call.op = arg.to_owned();
                    i += 1;
                } else {
                    return Err(Exit::fake(252, format_args!("unexpected argument {arg}")));
                }
            }
        }
    }
    Ok(call)
}

fn run(args: &[String]) -> Result<String, Exit> {
    let dir = env("FAKE_AWS_DIR").ok_or_else(|| Exit::fake(253, "FAKE_AWS_DIR is not set"))?;
    if let Some(log) = env("FAKE_AWS_LOG") {
        let line = format!("{}\n", args.join(" "));
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            // As the sh fake's failed `>>`: said, and the call goes on.
            let _ = writeln!(std::io::stderr(), "fake aws: {log}: {e}");
        }
    }
    let call = parse(args)?;
    let op = call.op.as_str();
    let read_only =
        ["list-", "describe-", "get-"].iter().any(|p| op.starts_with(p)) || op == "generate-credential-report";
    if !read_only {
        return Err(Exit::fake(252, format_args!("{} {op} is not a read-only operation", call.service)));
    }

    let mut base = format!("{dir}/{}/{op}", call.service);
    if !call.region.is_empty() {
        base = format!("{base}/{}", call.region);
    }
    for id in call.ids.iter().filter(|v| !v.is_empty()) {
        base = format!("{base}/{}", id.replace([':', '/'], "_"));
    }
    let exists = |p: &str| Path::new(p).exists();

    // Sequences: FILE.1.json, FILE.2.json, ... for successive calls.
    if exists(&format!("{base}.1.json")) || exists(&format!("{base}.1.err")) {
        let state = env("FAKE_AWS_STATE").or_else(|| env("TMPDIR")).unwrap_or_else(|| "/tmp".into());
        let counter = format!("{state}/fake-aws-{}", cksum(base.as_bytes()));
        let last: u64 = match std::fs::read_to_string(&counter) {
            Ok(text) if text.trim().is_empty() => 0,
            Ok(text) => text
                .trim()
                .parse()
                .map_err(|_| Exit::fake(255, format_args!("{counter}: not a call count: {:?}", text.trim())))?,
            Err(_) => 0,
        };
        let mut n = last.saturating_add(1);
        while n > 1 && !exists(&format!("{base}.{n}.json")) && !exists(&format!("{base}.{n}.err")) {
            n -= 1;
        }
        if let Err(e) = std::fs::write(&counter, format!("{n}\n")) {
            let _ = writeln!(std::io::stderr(), "fake aws: {counter}: {e}");
        }
        base = format!("{base}.{n}");
    }

    let operation = operation_name(op);
    let fail = |code: &str, message: &str| Exit {
        status: 254,
        stderr: format!("\nAn error occurred ({code}) when calling the {operation} operation: {message}\n"),
    };

    let err = format!("{base}.err");
    if exists(&err) {
        let recorded = std::fs::read(&err).map_err(|e| Exit::fake(254, format_args!("{err}: {e}")))?;
        return Err(Exit { status: 254, stderr: format!("\n{}", String::from_utf8_lossy(&recorded)) });
    }

    let file = if call.service == "guardduty" && op == "get-findings" {
        if call.finding_ids.len() > 50 {
            return Err(fail(
                "BadRequestException",
                "The request is rejected because an invalid or out-of-range value is specified as an input parameter.",
            ));
        }
        format!("{dir}/guardduty/get-findings/{}/{}", call.region, call.id("--detector-id"))
    } else {
        format!("{base}.json")
    };
    if !exists(&file) {
        let service = call.service.as_str();
        return Err(match service {
            "s3api" => fail("AccessDenied", "Access Denied"),
            "ec2" => fail(
                "UnauthorizedOperation",
                &format!(
                    "You are not authorized to perform this operation. User: {WHO} is not authorized to perform: \
                     ec2:{operation} because no identity-based policy allows the ec2:{operation} action"
                ),
            ),
            "iam" | "rds" | "elbv2" | "cloudfront" => {
                let prefix = if service == "elbv2" { "elasticloadbalancing" } else { service };
                fail(
                    "AccessDenied",
                    &format!(
                        "User: {WHO} is not authorized to perform: {prefix}:{operation} because no identity-based \
                         policy allows the {prefix}:{operation} action"
                    ),
                )
            }
            _ => fail(
                "AccessDeniedException",
                &format!(
                    "User: {WHO} is not authorized to perform: {service}:{operation} because no identity-based \
                     policy allows the {service}:{operation} action"
                ),
            ),
        });
    }

    let data = if Path::new(&file).is_dir() {
        // get-findings: the recorded findings asked for, in order.
        let mut found = Vec::new();
        for id in &call.finding_ids {
            let f = format!("{file}/{id}.json");
            if exists(&f) {
                found.push(load(&f)?);
            }
        }
        Json::Object(vec![("Findings".into(), Json::Array(found))])
    } else {
        load(&file)?
    };

    let data = match &call.query {
        Some(query) => search(query, &data)?,
        // The CLI prints nothing for an empty response.
        None if matches!(&data, Json::Object(members) if members.is_empty()) => return Ok(String::new()),
        None => data,
    };
    match call.output.as_str() {
        "json" => {
            let mut out = String::new();
            dump(&data, 0, &mut out);
            out.push('\n');
            Ok(out)
        }
        "text" => {
            let mut lines = Vec::new();
            text(&data, &mut lines, None, None)?;
            Ok(lines.iter().map(|l| format!("{l}\n")).collect())
        }
        other => Err(Exit::fake(252, format_args!("--output {other} is not supported"))),
    }
}

/// `list-buckets` → `ListBuckets`, the operation's name in the CLI's error messages.
fn operation_name(op: &str) -> String {
    op.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The POSIX `cksum` CRC of `data`: the counter file of a sequence is named after its path.
fn cksum(data: &[u8]) -> u32 {
    fn step(crc: u32, byte: u8) -> u32 {
        let mut crc = crc ^ (u32::from(byte) << 24);
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 { (crc << 1) ^ 0x04c1_1db7 } else { crc << 1 };
        }
        crc
    }
    let mut crc = data.iter().fold(0, |crc, &b| step(crc, b));
    let mut len = data.len();
    while len > 0 {
        crc = step(crc, (len & 0xff) as u8);
        len >>= 8;
    }
    !crc
}

// ------------------------------------------------------------------ JSON

/// A JSON value that keeps its objects' member order, as Python's `json.load` does.
#[derive(Clone, Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct JsonVisitor;
        impl<'de> Visitor<'de> for JsonVisitor {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
                Ok(Json::Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
                Ok(Json::Number(n.into()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
                Ok(Number::from_f64(n).map_or(Json::Null, Json::Number))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::String(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Json, E> {
                Ok(Json::String(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut members: Vec<(String, Json)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Json>()? {
                    // A repeated key keeps its first place and its last value, as in Python.
                    match members.iter_mut().find(|(k, _)| *k == key) {
                        Some(member) => member.1 = value,
                        None => members.push((key, value)),
                    }
                }
                Ok(Json::Object(members))
            }
        }
        deserializer.deserialize_any(JsonVisitor)
    }
}

/// A recording: JSON, else the fake stops.
fn load(path: &str) -> Result<Json, Exit> {
    let bytes = std::fs::read(path).map_err(|e| Exit::fake(255, format_args!("{path}: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| Exit::fake(255, format_args!("{path}: not JSON: {e}")))
}

fn to_variable(json: &Json) -> Variable {
    match json {
        Json::Null => Variable::Null,
        Json::Bool(b) => Variable::Bool(*b),
        Json::Number(n) => Variable::Number(n.clone()),
        Json::String(s) => Variable::String(s.clone()),
        Json::Array(items) => Variable::Array(items.iter().map(|i| Rcvar::new(to_variable(i))).collect()),
        Json::Object(members) => {
            Variable::Object(members.iter().map(|(k, v)| (k.clone(), Rcvar::new(to_variable(v)))).collect())
        }
    }
}

fn from_variable(var: &Variable) -> Result<Json, Exit> {
    Ok(match var {
        Variable::Null => Json::Null,
        Variable::Bool(b) => Json::Bool(*b),
        Variable::Number(n) => Json::Number(n.clone()),
        Variable::String(s) => Json::String(s.clone()),
        Variable::Array(items) => Json::Array(items.iter().map(|i| from_variable(i)).collect::<Result<_, _>>()?),
        Variable::Object(members) => {
            Json::Object(members.iter().map(|(k, v)| Ok((k.clone(), from_variable(v)?))).collect::<Result<_, Exit>>()?)
        }
        Variable::Expref(_) => return Err(Exit::fake(255, "--query gives an expression (&...), not a value")),
    })
}

/// `--query`: the JMESPath expression applied to the response.
fn search(query: &str, data: &Json) -> Result<Json, Exit> {
    let expr = jmespath::compile(query).map_err(|e| Exit {
        status: 252,
        stderr: format!("\nBad value for --query {query}: {}\n", e.to_string().trim_end()),
    })?;
    let mut ctx = jmespath::Context::new(expr.as_str(), &jmespath::DEFAULT_RUNTIME);
    let result = jmespath::interpret(&Rcvar::new(to_variable(data)), expr.as_ast(), &mut ctx)
        .map_err(|e| Exit { status: 255, stderr: format!("\n{}\n", e.to_string().trim_end()) })?;
    from_variable(&result)
}

/// Python's `json.dumps(value, indent=4, ensure_ascii=False)`, as the CLI prints `--output json`.
fn dump(json: &Json, level: usize, out: &mut String) {
    let indent = |level: usize| "    ".repeat(level);
    match json {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(&number(n)),
        Json::String(s) => quote(s, out),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&indent(level + 1));
                dump(item, level + 1, out);
            }
            out.push('\n');
            out.push_str(&indent(level));
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&indent(level + 1));
                quote(key, out);
                out.push_str(": ");
                dump(value, level + 1, out);
            }
            out.push('\n');
            out.push_str(&indent(level));
            out.push('}');
        }
    }
}

/// A JSON string as Python writes it with ensure_ascii=False.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number as Python shows it: an integer as such, a float as its `repr` (`5.0`, `1e+16`).
fn number(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .into();
    }
    // The shortest digits that read back as f, and the exponent of the first one.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        if point <= 0 {
            format!("{sign}0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
        } else if digits.len() <= point as usize {
            format!("{sign}{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{sign}{int}.{frac}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() { first.to_owned() } else { format!("{first}.{rest}") };
        format!("{sign}{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs())
    }
}

// ------------------------------------------------------------------ text

/// The AWS CLI's text output (awscli/text.py, Apache-2.0), as the sh fake ported it, line by line.
fn text(
    item: &Json,
    out: &mut Vec<String>,
    identifier: Option<&str>,
    scalar_keys: Option<&[&str]>,
) -> Result<(), Exit> {
    match item {
        Json::Object(members) => {
            let mut scalars = Vec::new();
            let mut non_scalars: Vec<(&str, &Json)> = Vec::new();
            match scalar_keys {
                None => {
                    let mut sorted: Vec<&(String, Json)> = members.iter().collect();
                    sorted.sort_by(|a, b| a.0.cmp(&b.0));
                    for (k, v) in sorted {
                        if is_container(v) {
                            non_scalars.push((k, v));
                        } else {
                            scalars.push(scalar(v));
                        }
                    }
                }
                Some(keys) => {
                    for key in keys {
                        scalars
                            .push(members.iter().find(|(k, _)| k == key).map(|(_, v)| scalar(v)).unwrap_or_default());
                    }
                    let mut rest: Vec<&(String, Json)> =
                        members.iter().filter(|(k, _)| !keys.contains(&k.as_str())).collect();
                    rest.sort_by(|a, b| a.0.cmp(&b.0));
                    non_scalars.extend(rest.into_iter().map(|(k, v)| (k.as_str(), v)));
                }
            }
            if !scalars.is_empty() {
                if let Some(id) = identifier {
                    scalars.insert(0, id.to_uppercase());
                }
                out.push(scalars.join("\t"));
            }
            for (k, v) in non_scalars {
                text(v, out, Some(k), None)?;
            }
        }
        Json::Array(items) => {
            if items.is_empty() {
                return Ok(());
            }
            if items.iter().any(|e| matches!(e, Json::Object(_))) {
                let mut keys: Vec<&str> = Vec::new();
                for e in items {
                    let Json::Object(members) = e else {
                        // Where awscli's `_all_scalar_keys` fails (`'str' object has no attribute 'items'`).
                        return Err(Exit::fake(255, "--output text cannot show a list of objects and other values"));
                    };
                    keys.extend(members.iter().filter(|(_, v)| !is_container(v)).map(|(k, _)| k.as_str()));
                }
                keys.sort_unstable();
                keys.dedup();
                for e in items {
                    text(e, out, identifier, Some(&keys))?;
                }
            } else if items.iter().any(|e| matches!(e, Json::Array(_))) {
                let scalars: Vec<&Json> = items.iter().filter(|e| !is_container(e)).collect();
                if !scalars.is_empty() {
                    scalar_list(&scalars, identifier, out);
                }
                for e in items.iter().filter(|e| is_container(e)) {
                    text(e, out, identifier, None)?;
                }
            } else {
                scalar_list(&items.iter().collect::<Vec<_>>(), identifier, out);
            }
        }
        _ => out.push(scalar(item)),
    }
    Ok(())
}

fn is_container(json: &Json) -> bool {
    matches!(json, Json::Array(_) | Json::Object(_))
}

fn scalar_list(items: &[&Json], identifier: Option<&str>, out: &mut Vec<String>) {
    match identifier {
        Some(id) => out.extend(items.iter().map(|i| format!("{}\t{}", id.to_uppercase(), scalar(i)))),
        None => out.push(items.iter().map(|i| scalar(i)).collect::<Vec<_>>().join("\t")),
    }
}

/// Python's `str()` of the value, as the CLI shows a scalar: `None`, `True`, `False`.
fn scalar(json: &Json) -> String {
    match json {
        Json::String(s) => s.clone(),
        _ => {
            let mut out = String::new();
            repr(json, &mut out);
            out
        }
    }
}

/// Python's `repr()` of the value (a list or an object shown where the text format wants a scalar).
fn repr(json: &Json, out: &mut String) {
    match json {
        Json::Null => out.push_str("None"),
        Json::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Json::Number(n) => out.push_str(&number(n)),
        Json::String(s) => repr_str(s, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_str(key, out);
                out.push_str(": ");
                repr(value, out);
            }
            out.push('}');
        }
    }
}

/// Python's `repr()` of a string: single quotes unless it has one and no double quote.
fn repr_str(s: &str, out: &mut String) {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            // Not printable for Python (near enough: controls and separators but the space).
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let n = u32::from(c);
                out.push_str(&match n {
                    0..=0xff => format!("\\x{n:02x}"),
                    0x100..=0xffff => format!("\\u{n:04x}"),
                    _ => format!("\\U{n:08x}"),
                });
            }
            c => out.push(c),
        }
    }
    out.push(q);
}
