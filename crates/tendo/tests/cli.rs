//! Runs the real `tendo` binary on the documented examples and on bad input.

#[path = "cli/load.rs"]
mod load;
#[path = "cli/simulate.rs"]
mod simulate;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn example(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "..", "examples", name]
        .iter()
        .collect();
    path.to_string_lossy().into_owned()
}

fn tendo(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .args(args)
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tendo starts");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(text.as_bytes())
            .expect("stdin accepts input");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("tendo finishes")
}

fn json_of(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "status {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    sorted(serde_json::from_slice(&output.stdout).expect("stdout is JSON"))
}

/// The same value with every object's keys in order, so that snapshots do not depend on whether
/// `serde_json` keeps insertion order (a feature another crate of the workspace turns on).
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, sorted(value)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

fn stderr_of_failure(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "bad input exits with 2");
    assert!(output.stdout.is_empty(), "nothing on stdout for bad input");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn massage_gun_check_follows_the_json_contract() {
    let output = tendo(
        &[
            "massage-gun",
            "check",
            &example("massage-gun.json"),
            "--format",
            "json",
        ],
        None,
    );
    insta::assert_json_snapshot!("massage_gun_check_diabetes", json_of(&output));
}

#[test]
fn massage_gun_check_waits_48_hours_and_reads_synonyms() {
    let output = tendo(
        &[
            "massage-gun",
            "check",
            &example("massage-gun-wait.json"),
            "--format",
            "json",
        ],
        None,
    );
    let advice = json_of(&output);
    assert_eq!(advice["verdict"], "wait");
    assert_eq!(advice["next_session_not_before"], "2026-11-23T18:00:00Z");
    assert_eq!(advice["sites"]["achilles-insertion"]["verdict"], "never");
    assert_eq!(advice["sites"]["soleus"]["until"], "2026-12-24");
    insta::assert_json_snapshot!("massage_gun_check_wait", advice);
}

#[test]
fn a16_wait_check_lists_no_site_as_allowed() {
    let json = tendo(
        &[
            "massage-gun",
            "check",
            &example("massage-gun-wait.json"),
            "--format",
            "json",
        ],
        None,
    );
    let advice = json_of(&json);
    let sites = advice["sites"].as_object().expect("sites");
    for (site, site_advice) in sites {
        assert_ne!(site_advice["verdict"], "allowed", "{site}");
        assert_eq!(site_advice["max_minutes"], 0.0, "{site}");
    }
    assert_eq!(sites["gastrocnemius"]["verdict"], "not-yet");
    assert_eq!(
        sites["gastrocnemius"]["not_before"],
        advice["next_session_not_before"]
    );
    let text = tendo(
        &["massage-gun", "check", &example("massage-gun-wait.json")],
        None,
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(!text.contains("allowed"), "{text}");
    assert!(!text.contains("up to 5 min "), "{text}");
    assert!(text.contains("from Mon 23 Nov 2026 18:00"), "{text}");
    assert!(text.contains("at your next session"), "{text}");
}

#[test]
fn mg_unanswered_health_questions_keep_the_gun_closed_and_are_named() {
    let output = tendo(
        &["massage-gun", "check", "-", "--format", "json"],
        Some(
            r#"{"condition":"proximal-hamstring","normal_sensation":true,"now":"2026-11-22T09:00:00Z"}"#,
        ),
    );
    let advice = json_of(&output);
    assert_eq!(advice["verdict"], "do-not-use");
    let rules: Vec<&str> = advice["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter(|reason| {
            reason["message"]
                .as_str()
                .is_some_and(|message| message.contains("You haven't told us"))
        })
        .filter_map(|reason| reason["rule"].as_str())
        .collect();
    assert_eq!(
        rules,
        ["MG-DVT", "MG-BLEED", "MG-BLEED", "MG-PREG", "MG-IMPLANT"]
    );
}

#[test]
fn massage_gun_check_explains_itself_in_text() {
    let output = tendo(
        &["massage-gun", "check", &example("massage-gun.json")],
        None,
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(text.contains("do not use"), "{text}");
    assert!(text.contains("[A17]"), "{text}");
}

#[test]
fn input_can_come_from_stdin() {
    let document = std::fs::read_to_string(example("load.json")).expect("example exists");
    let output = tendo(
        &["load", "decide", "-", "--format", "json"],
        Some(&document),
    );
    let verdict = json_of(&output);
    assert_eq!(verdict["decision"], "progress");
}

#[test]
fn load_decide_follows_the_json_contract() {
    let output = tendo(
        &[
            "load",
            "decide",
            &example("load-flare.json"),
            "--format",
            "json",
        ],
        None,
    );
    insta::assert_json_snapshot!("load_decide_flare", json_of(&output));
}

#[test]
fn score_visa_a_follows_the_json_contract() {
    let output = tendo(
        &[
            "score",
            "visa-a",
            &example("visa-a.json"),
            "--format",
            "json",
        ],
        None,
    );
    let score = json_of(&output);
    assert_eq!(score["score"], 6 + 5 + 7 + 8 + 5 + 4 + 4 + 10);
    insta::assert_json_snapshot!("score_visa_a", score);
}

#[test]
fn plan_follows_the_json_contract() {
    let output = tendo(&["plan", &example("plan.json"), "--format", "json"], None);
    insta::assert_json_snapshot!("plan_insertional_hsr_week_5", json_of(&output));
    let output = tendo(
        &["plan", &example("plan-hamstring.json"), "--format", "json"],
        None,
    );
    insta::assert_json_snapshot!("plan_hamstring_week_2", json_of(&output));
}

#[test]
fn evidence_shows_one_rule_with_its_sources() {
    let output = tendo(&["evidence", "A16"], None);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(text.starts_with("A16"), "{text}");
    assert!(text.contains("Sources"), "{text}");
    let output = tendo(&["evidence", "a16", "--format", "json"], None);
    let detail = json_of(&output);
    assert_eq!(detail["rule"]["id"], "A16");
    assert!(!detail["sources"].as_array().expect("sources").is_empty());
}

#[test]
fn evidence_lists_every_rule_and_the_founding_references() {
    let registry = json_of(&tendo(&["evidence", "--format", "json"], None));
    let rules = registry["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|rule| rule["id"] == "A23"));
    assert!(rules.iter().any(|rule| rule["id"] == "R-PM3"));
    let founding_000 = registry["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter(|source| source["cited_by"]["document"] == "000")
        .count();
    assert_eq!(founding_000, 13);
    assert!(
        !registry["conflicts"]
            .as_array()
            .expect("conflicts")
            .is_empty()
    );
}

#[test]
fn unknown_evidence_id_is_bad_input() {
    let stderr = stderr_of_failure(&tendo(&["evidence", "A99"], None));
    assert!(stderr.contains("A99"), "{stderr}");
}

#[test]
fn pain_outside_0_to_10_names_the_field() {
    let stderr = stderr_of_failure(&tendo(
        &["load", "decide", "-"],
        Some(
            r#"{"condition":"achilles-midportion","baseline_morning_pain":2,
                "sessions":[{"date":"2026-11-10","pain_during":12,"pain_after":4}]}"#,
        ),
    ));
    assert!(stderr.contains("sessions[0].pain_during"), "{stderr}");
    assert!(stderr.contains("0 to 10"), "{stderr}");
}

#[test]
fn an_unknown_condition_lists_the_allowed_values() {
    let stderr = stderr_of_failure(&tendo(
        &["massage-gun", "check", "-"],
        Some(r#"{"condition":"tennis-elbow","normal_sensation":true}"#),
    ));
    assert!(stderr.contains("`condition`"), "{stderr}");
    assert!(stderr.contains("achilles-insertional"), "{stderr}");
}

#[test]
fn an_unknown_site_lists_the_allowed_sites() {
    let stderr = stderr_of_failure(&tendo(
        &["massage-gun", "check", "-"],
        Some(
            r#"{"condition":"achilles-midportion","normal_sensation":true,
                "skin":[{"site":"elbow","kind":"open-wound"}]}"#,
        ),
    ));
    assert!(stderr.contains("skin[0].site"), "{stderr}");
    assert!(stderr.contains("gastrocnemius"), "{stderr}");
}

#[test]
fn a_missing_required_field_is_named() {
    let stderr = stderr_of_failure(&tendo(
        &["massage-gun", "check", "-"],
        Some(r#"{"condition":"achilles-midportion"}"#),
    ));
    assert!(stderr.contains("normal_sensation"), "{stderr}");
}

#[test]
fn a_date_that_does_not_parse_is_named() {
    let stderr = stderr_of_failure(&tendo(
        &["massage-gun", "check", "-"],
        Some(r#"{"condition":"achilles-midportion","normal_sensation":true,"now":"yesterday"}"#),
    ));
    assert!(stderr.contains("`now`"), "{stderr}");
    let stderr = stderr_of_failure(&tendo(
        &["load", "decide", "-"],
        Some(
            r#"{"condition":"achilles-midportion","baseline_morning_pain":2,
                "sessions":[{"date":"2026-13-40","pain_during":2,"pain_after":2}]}"#,
        ),
    ));
    assert!(stderr.contains("sessions[0].date"), "{stderr}");
}

#[test]
fn a_scar_without_a_date_is_named() {
    let stderr = stderr_of_failure(&tendo(
        &["massage-gun", "check", "-"],
        Some(
            r#"{"condition":"achilles-midportion","normal_sensation":true,
                "skin":[{"site":"soleus","kind":"scar"}]}"#,
        ),
    ));
    assert!(stderr.contains("skin[0].since"), "{stderr}");
}

#[test]
fn a_question_7_answer_outside_its_choices_is_named() {
    let stderr = stderr_of_failure(&tendo(
        &["score", "visa-h", "-"],
        Some(
            r#"{"q1":5,"q2":5,"q3":5,"q4":5,"q5":5,"q6":5,"q7":5,
                "q8":{"branch":"a","minutes":"1-10"}}"#,
        ),
    ));
    assert!(stderr.contains("q7"), "{stderr}");
    assert!(stderr.contains("0, 4, 7"), "{stderr}");
}

#[test]
fn an_unknown_field_is_refused_rather_than_ignored() {
    let stderr = stderr_of_failure(&tendo(
        &["massage-gun", "check", "-"],
        Some(r#"{"condition":"achilles-midportion","normal_sensaton":true}"#),
    ));
    assert!(stderr.contains("normal_sensaton"), "{stderr}");
}

#[test]
fn a_plan_request_out_of_range_is_named() {
    let stderr = stderr_of_failure(&tendo(
        &["plan", "-"],
        Some(
            r#"{"condition":"achilles-midportion","side":"left","weeks_since_start":2,
                "sessions_per_week":9}"#,
        ),
    ));
    assert!(stderr.contains("sessions_per_week"), "{stderr}");
}

#[test]
fn a_missing_file_is_an_error_not_a_crash() {
    let output = tendo(&["plan", "/nonexistent/plan.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}

#[test]
fn interactive_check_asks_and_explains() {
    let answers = "1\ny\n\nn\nn\nn\nn\nn\nn\nn\nn\n1750-3200\n\n";
    let output = tendo(&["massage-gun", "check", "--interactive"], Some(answers));
    let text = String::from_utf8_lossy(&output.stdout);
    let questions = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{questions}");
    assert!(questions.contains("normal"), "{questions}");
    for topic in [
        "blood clot",
        "blood-thinning",
        "bleeding disorder",
        "pregnant",
        "pacemaker",
    ] {
        assert!(questions.contains(topic), "{topic}: {questions}");
    }
    assert!(text.contains("you may use it now"), "{text}");
    assert!(text.contains("2400 percussions per minute"), "{text}");
}

#[test]
fn p_ins_plan_without_the_achilles_location_exits_2_naming_the_field_and_choices() {
    let document = r#"{"condition": "Achilles tendinitis", "side": "left",
        "weeks_since_start": 2, "sessions_per_week": 3}"#;
    let output = tendo(&["plan", "-"], Some(document));
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("`condition`"), "{error}");
    assert!(error.contains("achilles-midportion"), "{error}");
    assert!(error.contains("2–6 cm above the heel"), "{error}");
    assert!(error.contains("achilles-insertional"), "{error}");
    assert!(error.contains("heel bone"), "{error}");

    let unknown = document.replace("Achilles tendinitis", "achilles-location-unknown");
    let output = tendo(&["plan", "-"], Some(&unknown));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`condition`"));
}

#[test]
fn p_sil_gate_plan_refuses_a_stage_its_gates_cannot_reach() {
    let document = r#"{"condition": "high hamstring tendinopathy", "side": "right",
        "weeks_since_start": 0, "sessions_per_week": 3, "stage": 4}"#;
    let output = tendo(&["plan", "-"], Some(document));
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("`stage`"), "{error}");
    assert!(error.contains("reachable now is stage 1"), "{error}");
    assert!(error.contains("12 weeks"), "{error}");

    let without_stage = document
        .replace(r#", "stage": 4"#, "")
        .replace(": 0,", ": 12,");
    let plan = json_of(&tendo(
        &["plan", "-", "--format", "json"],
        Some(&without_stage),
    ));
    assert_eq!(plan["stage"], 1, "no symptom data: the entry stage");
    assert!(
        plan["gates"][0]["needs"]
            .as_str()
            .unwrap_or("")
            .contains("3/10")
    );
}
