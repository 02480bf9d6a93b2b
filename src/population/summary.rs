//! A control's population as the period report shows it: size, items
//! tested, deviations and the outcome against the tolerable rate.

use super::*;

/// How populations are counted, printed with them.
pub const SUMMARY_METHOD: &str = "A population is every occurrence the control's population query finds in the union of its datasets' snapshots committed during the period, one item per key. An item is judged as first seen: a deviation fixed later stays a deviation (its remediation date is shown). Items missing from the reconciling source, and its occurrences missing from the population, are deviations too. Deviation rate = deviations / (items + unrecorded occurrences), compared with `audit.tolerable_deviation_rate` (default 5%). Tested = the items of the sample recorded under evidence/samples/. An item first seen more than 7 days after its date is counted as recorded late: how it stood when it occurred is not on record.";

/// One control's population over a period, as the period report shows it.
#[derive(Clone, Debug, Serialize)]
pub struct PopulationSummary {
    pub id: String,
    pub title: String,
    pub frequency: Frequency,
    /// `evaluated` (items, or an empty population), or `error`.
    pub outcome: SummaryOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Population size (items), deviations and rates.
    pub counts: Counts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The attestation that nothing occurred, when the population is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_occurring: Option<String>,
    /// The sample recorded for this period, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleSummary>,
}

/// How a population reads in the period report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SummaryOutcome {
    /// Deviations within the tolerable rate.
    Effective,
    /// Deviations above the tolerable rate.
    ExceedsTolerableRate,
    /// Empty, and management attested nothing occurred.
    NotOccurring,
    /// Empty without an attestation: no evidence the control operated.
    NoOccurrences,
    /// The population could not be computed.
    Error,
}

impl SummaryOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            SummaryOutcome::Effective => "effective",
            SummaryOutcome::ExceedsTolerableRate => "exceeds tolerable rate",
            SummaryOutcome::NotOccurring => "not occurring",
            SummaryOutcome::NoOccurrences => "no occurrences",
            SummaryOutcome::Error => "error",
        }
    }
}

/// The sample recorded under `evidence/samples/` for a control and period.
#[derive(Clone, Debug, Serialize)]
pub struct SampleSummary {
    pub path: String,
    /// Items tested: the sample's size.
    pub tested: usize,
    /// Selected items that deviate.
    pub deviations: usize,
    /// Whether it was drawn from the population as it is now (same sha256).
    pub current: bool,
}

impl PeriodData {
    /// The summary of `control`'s population for the period report; a
    /// population that cannot be computed is an `error` outcome, not a failure.
    /// `record` is the sample record's text, when one exists.
    pub fn summary(&mut self, repo: &Repo, control: &Control, record: Option<(&str, &[u8])>) -> PopulationSummary {
        let frequency = control.def.population.as_ref().map_or(Frequency::Annual, |p| p.frequency);
        let base = PopulationSummary {
            id: control.id().to_owned(),
            title: control.def.title.clone(),
            frequency,
            outcome: SummaryOutcome::Error,
            error: None,
            counts: Counts { tolerable_rate: repo.config.audit.tolerable_deviation_rate, ..Counts::default() },
            sha256: None,
            not_occurring: None,
            sample: None,
        };
        let p = match self.population(repo, control) {
            Ok(p) => p,
            Err(e) => return PopulationSummary { error: Some(e.message), ..base },
        };
        let empty = p.counts.items == 0 && p.counts.unrecorded == 0;
        let not_occurring = if empty { attested_not_occurring(repo, control, &self.history.period) } else { None };
        let outcome = match (empty, &not_occurring) {
            (true, Some(_)) => SummaryOutcome::NotOccurring,
            (true, None) => SummaryOutcome::NoOccurrences,
            (false, _) if p.counts.exceeds_tolerable => SummaryOutcome::ExceedsTolerableRate,
            (false, _) => SummaryOutcome::Effective,
        };
        let sample = record.and_then(|(path, bytes)| {
            let r: sample::SampleRecord = serde_json::from_slice(bytes).ok()?;
            Some(SampleSummary {
                path: path.to_owned(),
                tested: r.selected.len(),
                deviations: r.deviations(),
                current: r.population.sha256 == p.sha256,
            })
        });
        PopulationSummary { outcome, counts: p.counts, sha256: Some(p.sha256), not_occurring, sample, ..base }
    }
}
