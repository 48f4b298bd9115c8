//! Checks of a scenario's header: its id, title and ranges, the customer's portrait, needs and
//! objections, and the variants.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Anchor::{Field, Id};
use super::{Checker, MAX_WEIGHT, is_kebab_case};
use crate::engine::scenario::Scenario;

pub(super) fn check_header(check: &mut Checker, s: &Scenario, assets: &[PathBuf]) {
    if !is_kebab_case(s.id.as_str()) {
        check.error(
            Id(s.id.as_str()),
            format!(
                "scenario id \"{}\" must be lowercase kebab-case (like \"led-store-cafe\")",
                s.id
            ),
        );
    }
    check.blank(Field(&["title"]), "title", &s.title);
    check.blank(
        Field(&["customer", "name"]),
        "customer name",
        &s.customer.name,
    );
    check.blank(
        Field(&["customer", "walkout"]),
        "customer walkout line",
        &s.customer.walkout,
    );
    check.range(Field(&["difficulty"]), "difficulty", s.difficulty, 1, 5);
    if s.minutes < 0 {
        check.error(
            Field(&["minutes"]),
            format!("minutes is {}: a play time cannot be negative", s.minutes),
        );
    } else {
        check.advise(
            Field(&["minutes"]),
            "minutes",
            s.minutes,
            1,
            120,
            "the picker shows it as the expected play time",
        );
    }
    check.range(
        Field(&["customer", "patience"]),
        "customer patience",
        s.customer.patience,
        0,
        10,
    );
    check.range(
        Field(&["customer", "trust"]),
        "customer trust",
        s.customer.trust,
        0,
        10,
    );
    if let Some(portrait) = &s.customer.portrait {
        check_portrait(check, portrait, assets);
    }
    check_needs_and_objections(check, s);
    check_variants(check, s);
}

/// Needs and objections: unique ids, usable weights, texts.
fn check_needs_and_objections(check: &mut Checker, s: &Scenario) {
    if s.customer.needs.iter().all(|n| n.weight <= 0) {
        check.error(
            Field(&["customer", "needs"]),
            "the customer has no needs of positive weight: needs discovery would divide by zero"
                .to_owned(),
        );
    }
    let mut seen = HashSet::new();
    for need in &s.customer.needs {
        let id = need.id.as_str();
        if !seen.insert(id) {
            check.duplicate("need", id);
        }
        let what = format!("weight of need \"{id}\"");
        // A weight already refused is not warned about as well.
        if check.range(Id(id), &what, need.weight, 0, MAX_WEIGHT) {
            check.advise(Id(id), &what, need.weight, 1, MAX_WEIGHT, "it never counts");
        }
        check.blank(Id(id), &format!("text of need \"{id}\""), &need.text);
    }
    let mut seen = HashSet::new();
    for objection in &s.customer.objections {
        let id = objection.id.as_str();
        if !seen.insert(id) {
            check.duplicate("objection", id);
        }
        check.blank(
            Id(id),
            &format!("text of objection \"{id}\""),
            &objection.text,
        );
    }
}

/// Variants: unique ids, a drawable weight, meters in range, texts.
fn check_variants(check: &mut Checker, s: &Scenario) {
    if !s.variants.is_empty() && s.variants.iter().all(|v| v.weight <= 0) {
        check.error(
            Field(&["variants"]),
            "every variant has weight 0: the seed could never draw one".to_owned(),
        );
    }
    let mut seen = HashSet::new();
    for variant in &s.variants {
        let id = variant.id.as_str();
        if !seen.insert(id) {
            check.duplicate("variant", id);
        }
        let what = format!("weight of variant \"{id}\"");
        if check.range(Id(id), &what, variant.weight, 0, MAX_WEIGHT) {
            check.advise(
                Id(id),
                &what,
                variant.weight,
                1,
                MAX_WEIGHT,
                "it is only played when forced with --variant",
            );
        }
        if let Some(p) = variant.patience {
            check.range(Id(id), &format!("patience of variant \"{id}\""), p, 0, 10);
        }
        if let Some(t) = variant.trust {
            check.range(Id(id), &format!("trust of variant \"{id}\""), t, 0, 10);
        }
        if let Some(say) = &variant.say {
            check.text(Id(id), &format!("say of variant \"{id}\""), say);
        }
    }
}

fn check_portrait(check: &mut Checker, portrait: &str, assets: &[PathBuf]) {
    let path = Path::new(portrait);
    if path.is_absolute() || portrait.starts_with('/') || portrait.starts_with('\\') {
        check.error(
            Field(&["customer", "portrait"]),
            format!("portrait \"{portrait}\" must be relative to assets/, not absolute"),
        );
    } else if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        check.error(
            Field(&["customer", "portrait"]),
            format!("portrait \"{portrait}\" must not contain \"..\""),
        );
    } else if !assets
        .iter()
        .any(|root| crate::store::text::is_file(&root.join(path)))
    {
        check.error(
            Field(&["customer", "portrait"]),
            format!("portrait \"{portrait}\" does not exist under assets/"),
        );
    }
}
