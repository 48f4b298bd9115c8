//! Validator tests: a clean scenario passes, and one broken copy per error and warning kind is caught.

use std::path::Path;

use super::*;
use crate::authoring::load::parse_str;

const CLEAN: &str = r#"Scenario(
    id: "clean-case", title: "T", industry: "retail", difficulty: 2, minutes: 5, summary: "S",
    customer: Customer(name: "N", role: "R", patience: 5, trust: 5,
        needs: [Need(id: "light", text: "Light", weight: 2), Need(id: "bills", text: "Bills")],
        objections: [Objection(id: "price", text: "Too dear")]),
    variants: [Variant(id: "calm"), Variant(id: "rushed", patience: Some(3))],
    start: "hello",
    nodes: {
        "hello": Node(say: "Hi", on_enter: [Raise("price")], choices: [
            Choice(say: "Ask", effects: [Discover("light"), Discover("bills")], feedback: "Good", next: Goto("pitch")),
            Choice(say: "Wait", requires: [Variant("calm")], feedback: "Meh", next: Goto("pitch")),
        ]),
        "pitch": Node(say: "So?", choices: [
            Choice(say: "Value", effects: [Resolve("price")], feedback: "Yes",
                next: Branch(cases: [Case(all: [Resolved("price")], to: "won")], otherwise: "lost")),
        ]),
        "won": Ending(outcome: Won, say: "Deal"),
        "lost": Ending(outcome: Lost, say: "No"),
    },
)"#;

fn issues_of(text: &str) -> Vec<Issue> {
    match parse_str(Path::new("case.ron"), text.to_owned()) {
        Ok(file) => validate(&file, &[]),
        Err(error) => vec![Issue::from(&error)],
    }
}

/// The issues after replacing `from` by `to` in the clean scenario (which must contain `from`).
fn broken(from: &str, to: &str) -> Vec<Issue> {
    assert!(CLEAN.contains(from), "test fixture lacks {from:?}");
    issues_of(&CLEAN.replacen(from, to, 1))
}

fn assert_error(issues: &[Issue], needle: &str) {
    assert!(
        issues
            .iter()
            .any(|i| i.is_error() && i.message.contains(needle)),
        "no error containing {needle:?} in {issues:#?}"
    );
}

fn assert_warning(issues: &[Issue], needle: &str) {
    assert!(
        issues
            .iter()
            .any(|i| !i.is_error() && i.message.contains(needle)),
        "no warning containing {needle:?} in {issues:#?}"
    );
}

#[test]
fn the_clean_scenario_has_no_issues() {
    assert_eq!(issues_of(CLEAN), vec![]);
}

#[test]
fn syntax_and_type_errors_carry_a_position() {
    let issues = broken("difficulty: 2,", "difficulty: \"two\",");
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].at.map(|p| p.line), Some(2));
    assert!(
        issues[0].to_string().starts_with("case.ron:2:"),
        "{}",
        issues[0]
    );
    let issues = broken("\"lost\": Ending", "\"lost\" Ending");
    assert_eq!(issues[0].at.map(|p| p.line), Some(18));
}

#[test]
fn unknown_fields_are_errors() {
    let issues = broken("weight: 2)", "weight: 2, wieght: 3)");
    assert!(issues[0].message.contains("wieght"), "{issues:?}");
}

#[test]
fn duplicate_ids_are_errors() {
    assert_error(
        &broken("Need(id: \"bills\"", "Need(id: \"light\""),
        "duplicate need id \"light\"",
    );
    // The message points at the second definition, the one to rename.
    let issues = broken("Need(id: \"bills\"", "Need(id: \"light\"");
    let issue = issues
        .iter()
        .find(|i| i.message.contains("duplicate need"))
        .expect("issue");
    let second = issue.at.expect("position");
    assert_eq!(second.line, 4);
    assert!(second.col > 40, "the second need on the line: {second:?}");
    assert_error(
        &broken(
            "Objection(id: \"price\", text: \"Too dear\")",
            "Objection(id: \"price\", text: \"Too dear\"), Objection(id: \"price\", text: \"x\")",
        ),
        "duplicate objection id \"price\"",
    );
    assert_error(
        &broken("Variant(id: \"rushed\"", "Variant(id: \"calm\""),
        "duplicate variant id \"calm\"",
    );
}

#[test]
fn a_missing_start_is_an_error() {
    assert_error(
        &broken("start: \"hello\"", "start: \"hi\""),
        "start node \"hi\" does not exist",
    );
}

#[test]
fn dangling_targets_are_errors_naming_node_and_target() {
    let issues = broken("Goto(\"pitch\")", "Goto(\"pich\")");
    assert_error(
        &issues,
        "node \"hello\": choice 1 leads to \"pich\", which does not exist",
    );
    // The message points at the node's definition.
    let issue = issues
        .iter()
        .find(|i| i.message.contains("pich"))
        .expect("issue");
    assert_eq!(issue.at.map(|p| p.line), Some(9));
    assert_error(
        &broken("otherwise: \"lost\"", "otherwise: \"lots\""),
        "leads to \"lots\"",
    );
    assert_error(&broken("to: \"won\"", "to: \"wun\""), "leads to \"wun\"");
}

#[test]
fn undeclared_ids_in_effects_and_conditions_are_errors() {
    assert_error(
        &broken("Discover(\"bills\")", "Discover(\"bill\")"),
        "undeclared need \"bill\"",
    );
    assert_error(
        &broken("Raise(\"price\")", "Raise(\"cost\")"),
        "undeclared objection \"cost\"",
    );
    assert_error(
        &broken("Resolve(\"price\")", "Mishandle(\"cost\")"),
        "undeclared objection \"cost\"",
    );
    assert_error(
        &broken("Resolved(\"price\")", "Resolved(\"cost\")"),
        "undeclared objection \"cost\"",
    );
    assert_error(
        &broken("Variant(\"calm\")", "Variant(\"slow\")"),
        "undeclared variant \"slow\"",
    );
    assert_error(
        &broken(
            "requires: [Variant(\"calm\")]",
            "requires: [NotDiscovered(\"x\")]",
        ),
        "undeclared need \"x\"",
    );
}

#[test]
fn header_issues_point_at_their_field() {
    let at = |issues: Vec<Issue>| issues.iter().find(|i| i.is_error()).and_then(|i| i.at);
    let position = |line, col| Some(Position { line, col });
    assert_eq!(
        at(broken("difficulty: 2", "difficulty: 6")),
        position(2, 55)
    );
    assert_eq!(at(broken("minutes: 5", "minutes: -1")), position(2, 70));
    // The customer's trust, not a variant's.
    assert_eq!(at(broken("trust: 5", "trust: -1")), position(3, 59));
    assert_eq!(
        at(broken("start: \"hello\"", "start: \"nowhere\"")),
        position(7, 5)
    );
}

#[test]
fn numbers_outside_the_specs_ranges_are_errors() {
    assert_error(
        &broken("difficulty: 2", "difficulty: 6"),
        "difficulty is 6, outside 1..=5",
    );
    assert_error(&broken("minutes: 5", "minutes: -1"), "cannot be negative");
    assert_error(
        &broken("patience: 5", "patience: 11"),
        "customer patience is 11",
    );
    assert_error(&broken("trust: 5", "trust: -1"), "customer trust is -1");
    assert_error(
        &broken("patience: Some(3)", "patience: Some(12)"),
        "patience of variant \"rushed\"",
    );
    assert_error(
        &broken("weight: 2", "weight: -1"),
        "weight of need \"light\" is -1",
    );
    assert_error(
        &broken(
            "Variant(id: \"calm\")",
            "Variant(id: \"calm\", weight: 2000000)",
        ),
        "weight of variant \"calm\" is 2000000",
    );
    let never_drawn = broken(
        "variants: [Variant(id: \"calm\"), Variant(id: \"rushed\", patience: Some(3))]",
        "variants: [Variant(id: \"calm\", weight: 0), Variant(id: \"rushed\", weight: 0)]",
    );
    assert_error(&never_drawn, "the seed could never draw one");
    // A refused number is not also reported as a warning.
    let negative = broken("minutes: 5", "minutes: -1");
    assert_eq!(negative.len(), 1, "{negative:#?}");
}

/// The spec leaves these open, so they play (`run` accepts them); `--strict` still flags them.
#[test]
fn numbers_the_spec_leaves_open_are_warnings() {
    let cases = [
        (broken("minutes: 5", "minutes: 0"), "minutes is 0"),
        (broken("weight: 2", "weight: 0"), "it never counts"),
        (
            broken("Variant(id: \"calm\")", "Variant(id: \"calm\", weight: 0)"),
            "only played when forced",
        ),
        (
            broken("Discover(\"bills\")", "Discover(\"bills\"), Patience(-20)"),
            "Patience(-20)",
        ),
        (
            broken("Discover(\"bills\")", "Discover(\"bills\"), Closing(-150)"),
            "Closing is -150",
        ),
        (
            broken("Variant(\"calm\")", "TrustAtLeast(12)"),
            "TrustAtLeast(12)",
        ),
        (
            broken(
                "outcome: Won, say: \"Deal\"",
                "outcome: Won, say: \"Deal\", closing: Some(120)",
            ),
            "ending \"won\": closing is 120",
        ),
        (broken("title: \"T\"", "title: \"\""), "title is empty"),
        (
            broken("text: \"Too dear\"", "text: \"\""),
            "text of objection \"price\" is empty",
        ),
    ];
    for (issues, needle) in cases {
        assert_warning(&issues, needle);
        assert!(!issues.iter().any(Issue::is_error), "{issues:#?}");
    }
}

#[test]
fn empty_lines_are_errors() {
    assert_error(
        &broken("say: \"So?\"", "say: \"  \""),
        "node \"pitch\": say is empty",
    );
    assert_error(
        &broken("say: \"Value\"", "say: \"\""),
        "choice 1 say is empty",
    );
    assert_error(
        &broken("say: \"Deal\"", "say: \"\""),
        "node \"won\": say is empty",
    );
}

#[test]
fn a_node_without_choices_is_an_error() {
    let text = CLEAN.replacen(
        "\"won\": Ending",
        "\"stuck\": Node(say: \"?\", choices: []), \"won\": Ending",
        1,
    );
    let text = text.replacen("otherwise: \"lost\"", "otherwise: \"stuck\"", 1);
    let issues = issues_of(&text);
    assert_error(&issues, "node \"stuck\" has no choices");
    assert_error(&issues, "from node \"stuck\" no ending can be reached");
}

#[test]
fn a_node_whose_choices_all_have_requires_is_an_error() {
    let issues = broken(
        "Choice(say: \"Ask\",",
        "Choice(say: \"Ask\", requires: [TrustAtLeast(1)],",
    );
    assert_error(&issues, "node \"hello\": every choice has `requires`");
}

#[test]
fn a_cycle_with_no_way_out_is_a_dead_end() {
    let text = CLEAN.replacen(
        "\"won\": Ending",
        r#""loop-a": Node(say: "a", choices: [Choice(say: "x", feedback: "f", next: Goto("loop-b"))]),
           "loop-b": Node(say: "b", choices: [Choice(say: "y", feedback: "f", next: Goto("loop-a"))]),
           "won": Ending"#,
        1,
    );
    let text = text.replacen("otherwise: \"lost\"", "otherwise: \"loop-a\"", 1);
    let issues = issues_of(&text);
    assert_error(&issues, "from node \"loop-a\" no ending can be reached");
    assert_error(&issues, "from node \"loop-b\" no ending can be reached");
    // "pitch" can still reach "won", so it is no dead end.
    assert!(
        !issues
            .iter()
            .any(|i| i.message.contains("\"pitch\" no ending"))
    );
}

#[test]
fn a_cycle_with_a_way_out_is_fine() {
    let text = CLEAN.replacen(
        "Choice(say: \"Value\"",
        "Choice(say: \"Again\", feedback: \"f\", next: Goto(\"hello\")), Choice(say: \"Value\"",
        1,
    );
    assert_eq!(issues_of(&text), vec![]);
}

#[test]
fn no_reachable_won_ending_is_an_error() {
    let issues = broken("outcome: Won", "outcome: FollowUp");
    assert_error(&issues, "no reachable ending has outcome Won");
    let issues = broken("to: \"won\"", "to: \"lost\"");
    assert_error(&issues, "no reachable ending has outcome Won");
    assert_warning(&issues, "node \"won\" is unreachable");
}

#[test]
fn bad_portraits_are_errors() {
    let with = |p: &str| {
        broken(
            "role: \"R\",",
            &format!("role: \"R\", portrait: Some(\"{p}\"),"),
        )
    };
    assert_error(&with("/etc/passwd"), "must be relative");
    assert_error(&with("../secret.png"), "must not contain \"..\"");
    assert_error(
        &with("portraits/nobody.png"),
        "does not exist under assets/",
    );
}

#[test]
fn a_portrait_under_assets_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("portraits")).expect("mkdir");
    std::fs::write(dir.path().join("portraits/n.png"), b"png").expect("write");
    let text = CLEAN.replacen(
        "role: \"R\",",
        "role: \"R\", portrait: Some(\"portraits/n.png\"),",
        1,
    );
    let file = parse_str(Path::new("case.ron"), text).expect("parses");
    assert_eq!(validate(&file, &[dir.path().to_owned()]), vec![]);
}

#[test]
fn the_scenario_id_must_be_kebab_case() {
    assert_error(
        &broken("id: \"clean-case\"", "id: \"Clean Case\""),
        "lowercase kebab-case",
    );
    assert_error(
        &broken("id: \"clean-case\"", "id: \"clean--case\""),
        "lowercase kebab-case",
    );
}

#[test]
fn a_customer_without_needs_is_an_error() {
    let text = CLEAN
        .replacen(
            "needs: [Need(id: \"light\", text: \"Light\", weight: 2), Need(id: \"bills\", text: \"Bills\")]",
            "needs: []",
            1,
        )
        .replacen("effects: [Discover(\"light\"), Discover(\"bills\")], ", "", 1);
    assert_error(&issues_of(&text), "no needs of positive weight");
    // Needs that all weigh nothing divide by zero just the same.
    let weightless = CLEAN.replacen("weight: 2)", "weight: 0)", 1).replacen(
        "text: \"Bills\")",
        "text: \"Bills\", weight: 0)",
        1,
    );
    assert_error(&issues_of(&weightless), "no needs of positive weight");
}

#[test]
fn warnings_cover_unreachable_undiscoverable_unraised_unresolvable_and_no_feedback() {
    assert_warning(
        &broken("Discover(\"bills\")", "Trust(1)"),
        "need \"bills\" is never discovered",
    );
    let issues = broken("Resolve(\"price\")", "Trust(1)");
    assert_warning(&issues, "objection \"price\" can never be resolved");
    let issues = broken("on_enter: [Raise(\"price\")]", "on_enter: []");
    assert!(
        issues.is_empty(),
        "Resolve alone raises and resolves: {issues:?}"
    );
    let text = CLEAN
        .replacen("on_enter: [Raise(\"price\")]", "on_enter: []", 1)
        .replacen("effects: [Resolve(\"price\")], ", "", 1)
        .replacen("[Resolved(\"price\")]", "[TrustAtLeast(1)]", 1);
    assert_warning(&issues_of(&text), "objection \"price\" is never raised");
    assert_warning(
        &broken("feedback: \"Yes\"", "feedback: \"\""),
        "node \"pitch\": choice 1 has no feedback",
    );
    let text = CLEAN.replacen(
        "\"won\": Ending",
        r#""aside": Node(say: "a", choices: [Choice(say: "x", feedback: "f", next: Goto("won"))]), "won": Ending"#,
        1,
    );
    let issues = issues_of(&text);
    assert_warning(&issues, "node \"aside\" is unreachable");
    assert!(issues.iter().all(|i| !i.is_error()));
}

#[test]
fn issues_print_as_file_line_col_message() {
    let issues = broken("Goto(\"pitch\")", "Goto(\"pich\")");
    let line = issues[0].to_string();
    assert!(line.starts_with("case.ron:9:"), "{line}");
    assert!(line.contains(": error: "), "{line}");
}

#[test]
fn a_pack_reports_every_file_and_duplicate_scenario_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.ron"), CLEAN).expect("write");
    std::fs::write(dir.path().join("b.ron"), CLEAN).expect("write");
    std::fs::write(dir.path().join("c.ron"), "Scenario(").expect("write");
    std::fs::write(dir.path().join("d.ron"), [0xff, 0xfe, 0x00]).expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").expect("write");
    let report = validate_paths(&[dir.path().to_owned(), dir.path().join("missing.ron")]);
    assert_eq!(report.files.len(), 5);
    assert_eq!(report.valid.len(), 1);
    assert_eq!(
        report.summary(),
        "checked 5 files: 1 valid, 4 with errors, 0 warnings"
    );
    let all: Vec<String> = report
        .files
        .iter()
        .flat_map(|(_, i)| i)
        .map(ToString::to_string)
        .collect();
    assert!(
        all.iter()
            .any(|l| l.contains("b.ron") && l.contains("duplicate scenario id \"clean-case\""))
    );
    assert!(
        all.iter()
            .any(|l| l.contains("d.ron") && l.contains("not valid UTF-8"))
    );
    assert!(
        all.iter()
            .any(|l| l.contains("missing.ron") && l.contains("cannot read"))
    );
}

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    let padding = " ".repeat(1024 * 1024 + 1);
    std::fs::write(&path, format!("{CLEAN}{padding}")).expect("write");
    let report = validate_paths(&[path]);
    let line = report.files[0].1[0].to_string();
    assert!(line.contains("text files of at most 1 MiB"), "{line}");
}

#[test]
fn a_node_reached_only_by_hurtful_replies_must_not_look_warmer() {
    // "pitch" is reached only by replies that lower trust, from a neutral node.
    let hurtful = CLEAN
        .replacen(
            r#"Discover("bills")]"#,
            r#"Discover("bills"), Trust(-1)]"#,
            1,
        )
        .replacen(
            r#"Choice(say: "Wait", requires: [Variant("calm")], feedback: "Meh""#,
            r#"Choice(say: "Wait", requires: [Variant("calm")], effects: [Patience(-2)], feedback: "Meh""#,
            1,
        );
    let cold = hurtful.replacen(
        r#""pitch": Node(say: "So?","#,
        r#""pitch": Node(say: "So?", mood: Doubtful,"#,
        1,
    );
    assert!(
        !issues_of(&cold)
            .iter()
            .any(|i| i.message.contains("brighten"))
    );
    let warm = hurtful.replacen(
        r#""pitch": Node(say: "So?","#,
        r#""pitch": Node(say: "So?", mood: Pleased,"#,
        1,
    );
    assert_warning(
        &issues_of(&warm),
        "node \"pitch\" is reached only by replies that hurt",
    );
    // One good way in makes the mood the author's to choose.
    let shared = warm.replacen(r#"effects: [Patience(-2)], "#, "", 1);
    assert!(
        !issues_of(&shared)
            .iter()
            .any(|i| i.message.contains("brighten"))
    );
}

#[test]
fn keeping_the_authored_order_is_a_warning_only_where_there_is_an_order() {
    let kept = |node: &str| {
        broken(
            &format!(r#""{node}": Node("#),
            &format!(r#""{node}": Node(keep_order: true, "#),
        )
    };
    // "hello" offers two replies: a learnable order.
    assert_warning(
        &kept("hello"),
        "node \"hello\" keeps its authored reply order",
    );
    // "pitch" offers one: nothing to learn, nothing to warn about.
    assert!(
        !kept("pitch")
            .iter()
            .any(|i| i.message.contains("keeps its authored"))
    );
}
