//! Play-style evidence, the melancholic / erudite / executive classification and its fit to the customer.

use serde::{Deserialize, Serialize};

use crate::engine::scenario::Style;

/// Evidence per style, counted in half points so sums stay exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    halves: [u32; 3],
}

/// The label the spec gives a player.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StyleLabel {
    Melancholic,
    Erudite,
    Executive,
    Mixed,
}

impl StyleLabel {
    /// Lower-case name used in JSON and text.
    pub fn key(self) -> &'static str {
        match self {
            StyleLabel::Melancholic => "melancholic",
            StyleLabel::Erudite => "erudite",
            StyleLabel::Executive => "executive",
            StyleLabel::Mixed => "mixed",
        }
    }

    /// The single style behind the label, if it is not mixed.
    pub fn style(self) -> Option<Style> {
        match self {
            StyleLabel::Melancholic => Some(Style::Melancholic),
            StyleLabel::Erudite => Some(Style::Erudite),
            StyleLabel::Executive => Some(Style::Executive),
            StyleLabel::Mixed => None,
        }
    }
}

impl From<Style> for StyleLabel {
    fn from(style: Style) -> Self {
        match style {
            Style::Melancholic => StyleLabel::Melancholic,
            Style::Erudite => StyleLabel::Erudite,
            Style::Executive => StyleLabel::Executive,
        }
    }
}

/// Minimum total evidence (in points) before a single style is named.
pub const MIN_EVIDENCE_FOR_LABEL: u32 = 3;

impl Evidence {
    /// Evidence from half points per style, in `Style::ALL` order.
    pub fn from_halves(halves: [u32; 3]) -> Evidence {
        Evidence { halves }
    }

    /// Adds evidence in half points.
    pub fn add_halves(&mut self, style: Style, halves: u32) {
        let slot = &mut self.halves[style.index()];
        *slot = slot.saturating_add(halves);
    }

    /// Evidence for one style, in points.
    pub fn points(&self, style: Style) -> f64 {
        f64::from(self.halves[style.index()]) / 2.0
    }

    /// Total evidence, in points.
    pub fn total(&self) -> f64 {
        f64::from(self.total_halves()) / 2.0
    }

    fn total_halves(&self) -> u32 {
        self.halves.iter().fold(0u32, |a, &b| a.saturating_add(b))
    }

    /// Evidence summed over several conversations (an assessment, a history).
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Evidence>) -> Evidence {
        all.into_iter().fold(Evidence::default(), |mut acc, e| {
            for (a, b) in acc.halves.iter_mut().zip(e.halves) {
                *a = a.saturating_add(b);
            }
            acc
        })
    }

    /// Share of each style in [`Style::ALL`] order; all zero without evidence.
    pub fn shares(&self) -> [f64; 3] {
        let total = self.total_halves();
        if total == 0 {
            return [0.0; 3];
        }
        self.halves.map(|h| f64::from(h) / f64::from(total))
    }

    /// The style with share ≥ 0.5 and total evidence ≥ 3; otherwise (or on a tie at 0.5) mixed.
    pub fn label(&self) -> StyleLabel {
        let total = self.total_halves();
        if total < MIN_EVIDENCE_FOR_LABEL * 2 {
            return StyleLabel::Mixed;
        }
        // share >= 0.5  <=>  2 * halves >= total, exact in integers.
        let dominant: Vec<Style> = Style::ALL
            .into_iter()
            .filter(|s| 2 * u64::from(self.halves[s.index()]) >= u64::from(total))
            .collect();
        match dominant.as_slice() {
            [only] => StyleLabel::from(*only),
            _ => StyleLabel::Mixed,
        }
    }
}

/// How the player's style sits with what the customer's line of business prefers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// The customer states no preference.
    NoPreference,
    /// The player's label is the preferred style.
    Matches,
    /// No single style, but the preferred one has at least a third of the evidence.
    Partly,
    /// The player leans to another style.
    Differs,
}

impl Fit {
    /// Judges the fit of a player's evidence to a customer's preference.
    pub fn of(evidence: &Evidence, prefers: Option<Style>) -> Fit {
        let Some(preferred) = prefers else {
            return Fit::NoPreference;
        };
        match evidence.label() {
            label if label.style() == Some(preferred) => Fit::Matches,
            StyleLabel::Mixed
                if 3 * u64::from(evidence.halves[preferred.index()])
                    >= u64::from(evidence.total_halves())
                    && evidence.total_halves() > 0 =>
            {
                Fit::Partly
            }
            _ => Fit::Differs,
        }
    }

    /// snake_case name used in JSON and text.
    pub fn key(self) -> &'static str {
        match self {
            Fit::NoPreference => "no_preference",
            Fit::Matches => "matches",
            Fit::Partly => "partly",
            Fit::Differs => "differs",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(melancholic: u32, erudite: u32, executive: u32) -> Evidence {
        let mut e = Evidence::default();
        e.add_halves(Style::Melancholic, melancholic);
        e.add_halves(Style::Erudite, erudite);
        e.add_halves(Style::Executive, executive);
        e
    }

    #[test]
    fn a_style_with_half_the_evidence_and_three_points_is_named() {
        // 1.5 erudite of 3.0 total: exactly 0.5.
        assert_eq!(evidence(1, 3, 2).label(), StyleLabel::Erudite);
        assert_eq!(evidence(0, 6, 0).label(), StyleLabel::Erudite);
    }

    #[test]
    fn under_three_points_is_mixed_even_when_unanimous() {
        assert_eq!(evidence(0, 0, 5).label(), StyleLabel::Mixed);
        assert_eq!(evidence(0, 0, 6).label(), StyleLabel::Executive);
    }

    #[test]
    fn a_tie_at_one_half_is_mixed() {
        assert_eq!(evidence(0, 4, 4).label(), StyleLabel::Mixed);
    }

    #[test]
    fn no_style_reaching_one_half_is_mixed() {
        assert_eq!(evidence(3, 3, 4).label(), StyleLabel::Mixed);
    }

    #[test]
    fn shares_sum_to_one_and_are_zero_without_evidence() {
        assert_eq!(Evidence::default().shares(), [0.0; 3]);
        let shares = evidence(1, 3, 4).shares();
        assert_eq!(shares, [0.125, 0.375, 0.5]);
    }

    #[test]
    fn evidence_is_summed_across_conversations_before_labelling() {
        let a = evidence(0, 4, 0);
        let b = evidence(2, 0, 0);
        let sum = Evidence::sum([&a, &b]);
        assert_eq!(sum.points(Style::Erudite), 2.0);
        assert_eq!(sum.total(), 3.0);
        assert_eq!(sum.label(), StyleLabel::Erudite);
    }

    #[test]
    fn fit_compares_the_label_with_the_preference() {
        assert_eq!(Fit::of(&evidence(0, 6, 0), None), Fit::NoPreference);
        assert_eq!(
            Fit::of(&evidence(0, 6, 0), Some(Style::Erudite)),
            Fit::Matches
        );
        assert_eq!(
            Fit::of(&evidence(0, 6, 0), Some(Style::Executive)),
            Fit::Differs
        );
        assert_eq!(
            Fit::of(&evidence(2, 2, 2), Some(Style::Executive)),
            Fit::Partly
        );
    }

    #[test]
    fn partly_needs_a_third_of_the_evidence_for_the_preferred_style() {
        // Mixed labels: executive with exactly a third, then with less than a third.
        assert_eq!(
            Fit::of(&evidence(4, 4, 4), Some(Style::Executive)),
            Fit::Partly
        );
        assert_eq!(
            Fit::of(&evidence(5, 5, 3), Some(Style::Executive)),
            Fit::Differs
        );
        assert_eq!(
            Fit::of(&evidence(0, 0, 0), Some(Style::Executive)),
            Fit::Differs
        );
        let keys: Vec<&str> = [Fit::NoPreference, Fit::Matches, Fit::Partly, Fit::Differs]
            .iter()
            .map(|f| f.key())
            .collect();
        assert_eq!(keys, ["no_preference", "matches", "partly", "differs"]);
    }
}
