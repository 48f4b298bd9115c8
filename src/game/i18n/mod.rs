//! The interface's string catalogue: every screen text in English and Russian, as one typed table.

use serde::{Deserialize, Serialize};

use crate::game::assessment::AssessmentProblem;
use rapport_core::assessment::RunError;
use rapport_core::engine::dialogue::ObjectionState;
use rapport_core::engine::scenario::{
    Condition, Effect, Mood, NeedId, ObjectionId, Outcome, Scenario, Style,
};
use rapport_core::engine::style::{Fit, StyleLabel};
use rapport_core::seminar::SeminarError;

/// Interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
        }
    }

    /// The language's BCP 47 tag, as scenarios declare theirs.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// The language a BCP 47 tag names, if the interface has it ("ru-RU" is Russian).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag
            .split(['-', '_', '.', '@'])
            .next()?
            .to_ascii_lowercase()
            .as_str()
        {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// Russian when the system locale says so, otherwise English.
    pub fn from_environment() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_tag(&v))
            .unwrap_or(Lang::En)
    }
}

mod catalogue;

pub use catalogue::{T, tr};

/// Why an assessment could not start or go on, in the recruiter's language (file names and
/// the operating system's own words are kept as they are).
pub fn problem_text(lang: Lang, problem: &AssessmentProblem) -> String {
    let with = |key: T, detail: &str| fill(tr(lang, key), &[detail]);
    match problem {
        AssessmentProblem::NotAJournal(path) => {
            with(T::ErrNotAJournal, &path.display().to_string())
        }
        AssessmentProblem::Unavailable(id) => with(T::ErrUnavailable, id),
        AssessmentProblem::Discard(why) => with(T::ErrDiscard, why),
        AssessmentProblem::Run(error) => match error {
            RunError::ForeignJournal(path) => {
                with(T::ErrForeignJournal, &path.display().to_string())
            }
            RunError::Damaged(why) => with(T::ErrDamagedJournal, why),
            RunError::Seal(why) => with(T::ErrSeal, why),
            RunError::Io(e) => with(T::ErrWrite, &e.to_string()),
            RunError::Store(e) => with(T::ErrWrite, &e.to_string()),
            RunError::Missing(id) => with(T::ErrMissingScenario, id),
            RunError::Finished => tr(lang, T::ErrFinished).to_owned(),
            // A reply the node does not offer never reaches the screen as an error.
            RunError::Choose { source, .. } => source.to_string(),
        },
    }
}

/// Why a seminar could not take a result or be saved, in the trainer's language.
pub fn seminar_problem_text(lang: Lang, problem: &SeminarError) -> String {
    let with = |key: T, details: &[&str]| fill(tr(lang, key), details);
    match problem {
        SeminarError::Store(e) => with(T::ErrSeminarWrite, &[&e.to_string()]),
        SeminarError::OtherScenario(id) => with(T::ErrOtherScenario, &[id]),
        SeminarError::OtherSeed { played, expected } => with(
            T::ErrOtherSeed,
            &[&played.to_string(), &expected.to_string()],
        ),
        SeminarError::NotGenuine(problems) => with(T::ErrNotGenuine, &[&problems.join("; ")]),
        SeminarError::OtherOrder(player) => with(T::ErrOtherOrder, &[player]),
        SeminarError::Repeat(player) => with(T::ErrRepeat, &[player]),
        SeminarError::TooMany(id) => with(T::ErrTooMany, &[id]),
    }
}

/// Which of a counted text's three forms a number takes: English has one and other (the
/// third form repeats the second); Russian has one (1, 21, 101…), few (2–4, 22–24…) and many
/// (0, 5–20, 25–30…, 11–14).
pub fn plural_form(lang: Lang, n: u64) -> usize {
    match lang {
        Lang::En => usize::from(n != 1),
        Lang::Ru => match (n % 10, n % 100) {
            (1, r) if r != 11 => 0,
            (2..=4, r) if !(12..=14).contains(&r) => 1,
            _ => 2,
        },
    }
}

/// A counted text: the key's three `|`-separated forms, the right one for `n`, with `n` in it.
pub fn counted(lang: Lang, key: T, n: u64) -> String {
    let forms: Vec<&str> = tr(lang, key).split('|').collect();
    let form = forms
        .get(plural_form(lang, n))
        .or(forms.last())
        .copied()
        .unwrap_or_default();
    fill(form, &[&n.to_string()])
}

/// Puts `values` into the `{}` marks of a template, in order.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(values.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

pub fn style_name(lang: Lang, style: Style) -> &'static str {
    tr(
        lang,
        match style {
            Style::Melancholic => T::Melancholic,
            Style::Erudite => T::Erudite,
            Style::Executive => T::Executive,
        },
    )
}

pub fn label_name(lang: Lang, label: StyleLabel) -> &'static str {
    label
        .style()
        .map_or(tr(lang, T::Mixed), |s| style_name(lang, s))
}

pub fn outcome_name(lang: Lang, outcome: Outcome) -> &'static str {
    tr(
        lang,
        match outcome {
            Outcome::Won => T::Won,
            Outcome::FollowUp => T::FollowUp,
            Outcome::Lost => T::Lost,
            Outcome::WalkedOut => T::WalkedOut,
        },
    )
}

pub fn objection_state_name(lang: Lang, state: Option<ObjectionState>) -> &'static str {
    tr(
        lang,
        match state {
            None => T::NotRaised,
            Some(ObjectionState::Raised) => T::Raised,
            Some(ObjectionState::Resolved) => T::Resolved,
            Some(ObjectionState::Recovered) => T::Recovered,
            Some(ObjectionState::Mishandled) => T::Mishandled,
        },
    )
}

pub fn mood_name(lang: Lang, mood: Mood) -> &'static str {
    tr(
        lang,
        match mood {
            Mood::Neutral => T::MoodNeutral,
            Mood::Pleased => T::MoodPleased,
            Mood::Interested => T::MoodInterested,
            Mood::Doubtful => T::MoodDoubtful,
            Mood::Annoyed => T::MoodAnnoyed,
            Mood::Angry => T::MoodAngry,
        },
    )
}

/// The fit sentence of the debrief.
pub fn fit_sentence(lang: Lang, fit: Fit, prefers: Option<Style>) -> String {
    let preferred = prefers.map_or("", |s| style_name(lang, s));
    match fit {
        Fit::NoPreference => tr(lang, T::FitNoPreference).to_owned(),
        Fit::Matches => fill(tr(lang, T::FitMatches), &[preferred]),
        Fit::Partly => fill(tr(lang, T::FitPartly), &[preferred]),
        Fit::Differs => fill(tr(lang, T::FitDiffers), &[preferred]),
    }
}

/// A need by its own text (its id when the scenario has no such need).
fn need_text(scenario: &Scenario, id: &NeedId) -> String {
    scenario
        .need_index(id)
        .map_or(id.to_string(), |i| scenario.customer.needs[i].text.clone())
}

/// An objection by its own text (its id when the scenario has no such objection).
fn objection_text(scenario: &Scenario, id: &ObjectionId) -> String {
    scenario.objection_index(id).map_or(id.to_string(), |i| {
        scenario.customer.objections[i].text.clone()
    })
}

/// What a reply does, in the trainer's words (the need's or objection's own text).
pub fn effect_text(lang: Lang, effect: &Effect, scenario: &Scenario) -> String {
    let need = |id: &NeedId| need_text(scenario, id);
    let objection = |id: &ObjectionId| objection_text(scenario, id);
    match effect {
        Effect::Discover(id) => fill(tr(lang, T::EffectDiscover), &[&need(id)]),
        Effect::Raise(id) => fill(tr(lang, T::EffectRaise), &[&objection(id)]),
        Effect::Resolve(id) => fill(tr(lang, T::EffectResolve), &[&objection(id)]),
        Effect::Mishandle(id) => fill(tr(lang, T::EffectMishandle), &[&objection(id)]),
        Effect::Trust(n) => format!("{} {n:+}", tr(lang, T::Trust)),
        Effect::Patience(n) => {
            format!("{} {n:+}", tr(lang, T::Patience))
        }
        Effect::Closing(n) => {
            format!("{} {n:+}", tr(lang, T::ShortClosing))
        }
    }
}

/// When a reply is offered, in the trainer's words.
pub fn condition_text(lang: Lang, condition: &Condition, scenario: &Scenario) -> String {
    let need = |id: &NeedId| need_text(scenario, id);
    let objection = |id: &ObjectionId| objection_text(scenario, id);
    let (key, value) = match condition {
        Condition::Discovered(id) => (T::IfDiscovered, need(id)),
        Condition::NotDiscovered(id) => (T::IfNotDiscovered, need(id)),
        Condition::Resolved(id) => (T::IfResolved, objection(id)),
        Condition::Raised(id) => (T::IfRaised, objection(id)),
        Condition::TrustAtLeast(n) => (T::IfTrustAtLeast, n.to_string()),
        Condition::TrustBelow(n) => (T::IfTrustBelow, n.to_string()),
        Condition::PatienceAtLeast(n) => (T::IfPatienceAtLeast, n.to_string()),
        Condition::Variant(id) => (T::IfVariant, id.to_string()),
    };
    fill(tr(lang, key), &[&value])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_and_locales_name_the_interface_language() {
        assert_eq!(Lang::from_tag("ru"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag("ru.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("C.UTF-8"), None);
    }

    #[test]
    fn every_key_has_text_in_every_language_with_matching_placeholders() {
        for &key in T::ALL {
            let en = tr(Lang::En, key);
            let ru = tr(Lang::Ru, key);
            assert!(!en.is_empty() && !ru.is_empty(), "{key:?}");
            assert_eq!(
                en.matches("{}").count(),
                ru.matches("{}").count(),
                "{key:?}"
            );
            // Words in English must be words in Russian: an entry left untranslated fails.
            let has_latin_word = en
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() > 1);
            let cyrillic = ru.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
            assert!(
                !has_latin_word || cyrillic,
                "{key:?}: the Russian text {ru:?} has no Russian in it"
            );
        }
    }

    #[test]
    fn counts_take_their_plural_form_in_both_languages() {
        let ru = |n| counted(Lang::Ru, T::MinutesCount, n);
        assert_eq!(ru(1), "1 минута");
        assert_eq!(ru(21), "21 минута");
        assert_eq!(ru(3), "3 минуты");
        assert_eq!(ru(24), "24 минуты");
        assert_eq!(ru(5), "5 минут");
        assert_eq!(ru(11), "11 минут");
        assert_eq!(ru(12), "12 минут");
        assert_eq!(ru(111), "111 минут");
        assert_eq!(ru(0), "0 минут");
        assert_eq!(counted(Lang::En, T::MinutesCount, 1), "1 minute");
        assert_eq!(counted(Lang::En, T::MinutesCount, 2), "2 minutes");
        assert_eq!(counted(Lang::En, T::RepliesCount, 0), "0 replies");
        // Every counted key has its three forms, each with the number.
        for key in [T::MinutesCount, T::RepliesCount] {
            for lang in Lang::ALL {
                let forms: Vec<&str> = tr(lang, key).split('|').collect();
                assert_eq!(forms.len(), 3, "{key:?} {lang:?}");
                assert!(forms.iter().all(|f| f.contains("{}")), "{key:?} {lang:?}");
            }
        }
    }

    #[test]
    fn fill_puts_values_in_order() {
        assert_eq!(fill("Trust {} → {}", &["3", "4"]), "Trust 3 → 4");
        assert_eq!(fill("no marks", &["x"]), "no marks");
        assert_eq!(fill("{} and {}", &["a"]), "a and ");
    }

    #[test]
    fn conditions_and_effects_name_the_need_or_objection_by_its_text() {
        let pack = rapport_core::authoring::pack::playable(&[]);
        let s = &pack
            .iter()
            .find(|p| p.scenario.id.as_str() == "led-store-cafe-owner")
            .expect("shipped")
            .scenario;
        let need = s.customer.needs[0].id.clone();
        let found = condition_text(Lang::En, &Condition::Discovered(need.clone()), s);
        assert_eq!(found, format!("once found: {}", s.customer.needs[0].text));
        assert_eq!(
            condition_text(Lang::Ru, &Condition::TrustAtLeast(5), s),
            "доверие не ниже 5"
        );
        let effect = effect_text(Lang::En, &Effect::Discover(need), s);
        assert!(effect.ends_with(&s.customer.needs[0].text), "{effect}");
    }
}
