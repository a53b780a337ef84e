//! `tally extract` as a process: exit codes, output shapes, errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn tally(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tally runs");
    // A process that refuses its arguments exits without reading: a broken pipe here is not
    // the test's concern (it once failed `check_rejects_a_bad_date_with_exit_code_2`).
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn extract_json_prints_one_object_per_claim() {
    let out = tally(
        &["extract", "--json"],
        "Hamas freed 33 hostages on Oct. 7, 2023.".as_bytes(),
    );
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["text"], "33");
    assert_eq!(lines[0]["value"], 33.0);
    assert_eq!(lines[0]["start"], 12);
    assert_eq!(lines[0]["byte_end"], 14);
    assert_eq!(lines[0]["subject"]["concept"], "hostage");
    assert_eq!(lines[1]["kind"], "temporal");
}

#[test]
fn extract_reads_a_file_and_prints_a_listing() {
    let dir = std::env::temp_dir().join(format!("tally-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("draft.txt");
    std::fs::write(&file, "About 130 hostages are still held in Gaza.\n").unwrap();
    let out = tally(&["extract", file.to_str().unwrap()], b"");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("1:7\tcount\t\"About 130 hostages\""),
        "{text}"
    );
    assert!(text.trim_end().ends_with("1 claims"), "{text}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_missing_file_is_a_clear_error_with_exit_code_2() {
    let out = tally(&["extract", "/nonexistent/draft.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot read /nonexistent/draft.txt"), "{err}");
}

#[test]
fn invalid_utf8_is_rejected_with_its_offset() {
    let out = tally(&["extract", "-"], b"33 hostages \xff\xfe");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("not valid UTF-8") && err.contains("offset 12"),
        "{err}"
    );
}

#[test]
fn empty_input_gives_no_claims_and_success() {
    let out = tally(&["extract", "--json"], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_flags_are_usage_errors() {
    let out = tally(&["extract", "--bogus"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn serve_rejects_a_malformed_corpus_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("tally-bad-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"documents": [{"id": "a", "file": "a.txt", "title": "A", "published": "2025-13-01"}]}"#,
    )
    .unwrap();
    let out = tally(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--corpus",
            dir.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("manifest.json") && err.contains("2025-13-01"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn check_flags_a_wrong_figure_with_exit_code_1_and_a_caret() {
    let out = tally(
        &["check", "-"],
        "Hamas has freed 35 hostages since the truce began.".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("<stdin>:1:17: contradicted:"), "{text}");
    assert!(text.contains("                 ^^"), "{text}");
    assert!(text.contains("1 figure checked: 1 contradicted"), "{text}");
}

#[test]
fn check_exits_0_when_nothing_is_flagged_and_honours_as_of() {
    let draft = "About 130 hostages are still held in Gaza.".as_bytes();
    let now = tally(&["check", "--json"], draft);
    assert_eq!(now.status.code(), Some(1), "outdated today");
    let then = tally(&["check", "--json", "--as-of", "2024-04-01"], draft);
    assert_eq!(then.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&then.stdout).unwrap();
    assert_eq!(v["claims"][0]["verdict"], "supported");
    assert_eq!(v["corpus"]["documents"], 5);
}

#[test]
fn check_rejects_a_bad_date_with_exit_code_2() {
    let out = tally(&["check", "--as-of", "March 2025"], b"33 hostages");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("is not a date"));
}
