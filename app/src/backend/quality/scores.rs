//! Scores, computed from ratings and nothing else: an area's score is the share of its
//! applicable criteria met, each rating counting by its level's weight (partially met
//! counts half on the default scale; "not applicable" leaves the criterion out). A
//! campaign's results take the verified ratings of its closed assessments (final once the
//! lead closes them) and the self-ratings of every submitted one.

use std::collections::HashMap;

use crate::model::quality::{
    AreaScore, AssessmentStatus, AssessmentSummary, CampaignScores, CriterionStat, Instrument,
    Rating, ServiceRow, Spread,
};

/// How many of the weakest criteria a campaign lists.
const WEAKEST: usize = 10;

/// Per criterion id, its area's position in the instrument.
fn area_index(instrument: &Instrument) -> HashMap<i64, usize> {
    let areas: Vec<i64> = instrument
        .items
        .iter()
        .filter(|i| i.kind == "area")
        .map(|i| i.id)
        .collect();
    instrument
        .criteria()
        .filter_map(|c| {
            let area = instrument.area_of(c.id)?;
            Some((c.id, areas.iter().position(|a| *a == area.id)?))
        })
        .collect()
}

/// Running sums of one area: weighted points and applicable criteria.
#[derive(Clone, Copy, Default)]
struct Sum {
    points: i64,
    applicable: i64,
}

impl Sum {
    fn add(&mut self, weight: Option<i64>) {
        if let Some(w) = weight {
            self.points += w;
            self.applicable += 1;
        }
    }

    fn score(self) -> Option<f64> {
        (self.applicable > 0).then(|| self.points as f64 / self.applicable as f64)
    }
}

/// Weights of the scale by level code.
fn weights(instrument: &Instrument) -> HashMap<&str, Option<i64>> {
    instrument
        .scale
        .iter()
        .map(|l| (l.code.as_str(), l.weight))
        .collect()
}

/// One assessment's area scores: from the self-ratings and from the verified ones.
pub fn area_scores(instrument: &Instrument, ratings: &[Rating]) -> Vec<AreaScore> {
    let index = area_index(instrument);
    let weights = weights(instrument);
    let areas = instrument.area_codes();
    let (mut own, mut verified) = (
        vec![Sum::default(); areas.len()],
        vec![Sum::default(); areas.len()],
    );
    for r in ratings {
        let Some(&a) = index.get(&r.criterion_id) else {
            continue;
        };
        if let Some(w) = r.self_level.as_deref().and_then(|l| weights.get(l)) {
            own[a].add(*w);
        }
        if let Some(w) = r.verified_level.as_deref().and_then(|l| weights.get(l)) {
            verified[a].add(*w);
        }
    }
    areas
        .iter()
        .enumerate()
        .map(|(i, code)| AreaScore {
            code: code.clone(),
            self_score: own[i].score(),
            verified: verified[i].score(),
        })
        .collect()
}

/// Median and range of some scores (none when there are none).
pub fn spread(values: &mut [f64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Some(Spread {
        median,
        min: values[0],
        max: values[n - 1],
        n: n as i64,
    })
}

/// A campaign's results from its assessments and all their ratings.
pub fn campaign_scores(
    instrument: &Instrument,
    assessments: &[AssessmentSummary],
    ratings: &[(i64, Rating)],
) -> CampaignScores {
    let mut by_assessment: HashMap<i64, Vec<Rating>> = HashMap::new();
    for (a, r) in ratings {
        by_assessment.entry(*a).or_default().push(r.clone());
    }
    let weights = weights(instrument);
    let areas = instrument.area_codes();
    let mut services = Vec::with_capacity(assessments.len());
    let mut verified: Vec<Vec<f64>> = vec![Vec::new(); areas.len()];
    let mut own: Vec<Vec<f64>> = vec![Vec::new(); areas.len()];
    let mut regions: Vec<(String, Vec<Vec<f64>>)> = Vec::new();
    // Per criterion: points, applicable, not met — over closed assessments.
    let mut criteria: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    let empty = Vec::new();
    for a in assessments {
        let rs = by_assessment.get(&a.id).unwrap_or(&empty);
        let scores = area_scores(instrument, rs);
        let closed = a.status == AssessmentStatus::Closed;
        let submitted = a.status != AssessmentStatus::SelfAssessment;
        let region = match regions.iter().position(|(r, _)| *r == a.region) {
            Some(i) => i,
            None => {
                regions.push((a.region.clone(), vec![Vec::new(); areas.len()]));
                regions.len() - 1
            }
        };
        for (i, s) in scores.iter().enumerate() {
            if let (true, Some(v)) = (closed, s.verified) {
                verified[i].push(v);
                regions[region].1[i].push(v);
            }
            if let (true, Some(v)) = (submitted, s.self_score) {
                own[i].push(v);
            }
        }
        if closed {
            for r in rs {
                if let Some(Some(w)) = r.verified_level.as_deref().and_then(|l| weights.get(l)) {
                    let c = criteria.entry(r.criterion_id).or_default();
                    c.0 += w;
                    c.1 += 1;
                    c.2 += i64::from(*w == 0);
                }
            }
        }
        let disagreements = rs
            .iter()
            .filter(|r| r.verified_level.is_some() && r.self_level != r.verified_level)
            .count() as i64;
        services.push(ServiceRow {
            assessment: a.clone(),
            areas: scores,
            disagreements,
        });
    }
    let mut weakest: Vec<CriterionStat> = instrument
        .criteria()
        .filter_map(|c| {
            let &(points, rated, not_met) = criteria.get(&c.id)?;
            Some(CriterionStat {
                criterion_id: c.id,
                code: c.code.clone(),
                mean: points as f64 / rated as f64,
                not_met,
                rated,
            })
        })
        .collect();
    weakest.sort_by(|a, b| a.mean.total_cmp(&b.mean).then(b.not_met.cmp(&a.not_met)));
    weakest.truncate(WEAKEST);
    regions.sort_by(|a, b| a.0.cmp(&b.0));
    CampaignScores {
        areas: areas
            .into_iter()
            .enumerate()
            .map(|(i, code)| (code, spread(&mut verified[i]), spread(&mut own[i])))
            .collect(),
        regions: regions
            .into_iter()
            .map(|(r, mut per)| {
                let medians = per
                    .iter_mut()
                    .map(|v| spread(v).map(|s| s.median))
                    .collect();
                (r, medians)
            })
            .collect(),
        services,
        weakest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::quality::templates::default_scale;
    use crate::model::quality::{Item, Names};

    fn names(code: &str) -> Names {
        Names {
            code: code.into(),
            en: code.into(),
            es: code.into(),
            pt: code.into(),
            fr: code.into(),
        }
    }

    fn item(id: i64, parent: Option<i64>, kind: &str, code: &str) -> Item {
        Item {
            id,
            parent,
            kind: kind.into(),
            code: code.into(),
            text: names(code),
            guidance: names(code),
            sources: vec![],
        }
    }

    /// Two areas: A with criteria 3, 4, 5; B with criterion 7.
    fn instrument() -> Instrument {
        Instrument {
            version_id: 1,
            instrument_id: 1,
            name: names("t"),
            number: 1,
            note: String::new(),
            scale: default_scale(),
            items: vec![
                item(1, None, "area", "A"),
                item(2, Some(1), "standard", "A.1"),
                item(3, Some(2), "criterion", "A.1.1"),
                item(4, Some(2), "criterion", "A.1.2"),
                item(5, Some(2), "criterion", "A.1.3"),
                item(6, None, "area", "B"),
                item(8, Some(6), "standard", "B.1"),
                item(7, Some(8), "criterion", "B.1.1"),
            ],
            campaigns: 0,
        }
    }

    fn rating(c: i64, own: &str, verified: Option<&str>) -> Rating {
        Rating {
            criterion_id: c,
            self_level: Some(own.into()),
            verified_level: verified.map(String::from),
            ..Rating::default()
        }
    }

    #[test]
    fn partial_counts_half_and_not_applicable_is_left_out() {
        let scores = area_scores(
            &instrument(),
            &[
                rating(3, "met", Some("partial")),
                rating(4, "met", Some("not_met")),
                rating(5, "na", Some("na")),
                rating(7, "met", None),
            ],
        );
        assert_eq!(scores[0].self_score, Some(100.0));
        assert_eq!(scores[0].verified, Some(25.0));
        assert_eq!(scores[1].self_score, Some(100.0));
        assert_eq!(scores[1].verified, None);
    }

    #[test]
    fn campaigns_take_only_closed_assessments_as_final() {
        let summary = |id: i64, region: &str, status: AssessmentStatus| AssessmentSummary {
            id,
            campaign_id: 1,
            campaign: "c".into(),
            service_id: id,
            service: format!("s{id}"),
            region: region.into(),
            respondent: None,
            status,
        };
        let assessments = vec![
            summary(1, "Lima", AssessmentStatus::Closed),
            summary(2, "Lima", AssessmentStatus::Closed),
            summary(3, "Ucayali", AssessmentStatus::Closed),
            summary(4, "Ucayali", AssessmentStatus::Verified),
        ];
        let mut ratings = Vec::new();
        for (a, level) in [(1, "met"), (2, "partial"), (3, "not_met"), (4, "not_met")] {
            ratings.push((a, rating(3, "met", Some(level))));
            ratings.push((a, rating(7, "met", Some("not_met"))));
        }
        let s = campaign_scores(&instrument(), &assessments, &ratings);
        let a = s.areas[0].1.clone().unwrap();
        assert_eq!((a.median, a.min, a.max, a.n), (50.0, 0.0, 100.0, 3));
        // Self-scores count every submitted assessment, the unclosed one too.
        assert_eq!(s.areas[0].2.clone().unwrap().n, 4);
        assert_eq!(s.regions[0], ("Lima".into(), vec![Some(75.0), Some(0.0)]));
        assert_eq!(s.weakest[0].code, "B.1.1");
        assert_eq!((s.weakest[0].not_met, s.weakest[0].rated), (3, 3));
        assert_eq!(s.services[0].disagreements, 1);
        assert_eq!(s.services[0].areas[0].verified, Some(100.0));
    }

    #[test]
    fn an_even_count_takes_the_middle_two() {
        let s = spread(&mut [10.0, 40.0, 20.0, 30.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (25.0, 10.0, 40.0));
        assert!(spread(&mut []).is_none());
    }
}
