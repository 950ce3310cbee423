//! The programme's figures about requests: counts by status, topic and country, the median
//! times to a first response and to an answer, and every request with its timings as CSV.

use super::staff;
use crate::backend::spreadsheet;
use crate::backend::store::requests as store;
use crate::backend::{Cx, ServerError};
use crate::model::country::CountryName;
use crate::model::request::{Figures, Status, TOPICS};

/// The median of some durations (seconds), if there are any.
fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2
    })
}

pub async fn figures(cx: &Cx) -> Result<Figures, ServerError> {
    staff(cx)?;
    let all = store::timings(&cx.db().pool, cx.now).await?;
    let count = |key: &dyn Fn(&store::Timing) -> String| {
        let mut map: std::collections::BTreeMap<String, i64> = Default::default();
        for t in &all {
            *map.entry(key(t)).or_default() += 1;
        }
        map
    };
    let by_status = count(&|t| t.row.summary.status.as_str().to_string());
    let by_status = Status::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                by_status.get(s.as_str()).copied().unwrap_or(0),
            )
        })
        .collect();
    let by_topic = count(&|t| t.row.summary.topic.clone());
    let by_topic = TOPICS
        .iter()
        .map(|t| (t.to_string(), by_topic.get(*t).copied().unwrap_or(0)))
        .collect();
    let mut by_country: Vec<(CountryName, i64)> = Vec::new();
    for t in &all {
        let c = &t.row.summary.country;
        match by_country.iter_mut().find(|(x, _)| x.code == c.code) {
            Some((_, n)) => *n += 1,
            None => by_country.push((c.clone(), 1)),
        }
    }
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.en.cmp(&b.0.en)));
    let created = |t: &store::Timing| t.row.summary.created_at;
    Ok(Figures {
        total: all.len() as i64,
        by_status,
        by_topic,
        by_country,
        median_first_response: median(
            all.iter()
                .filter_map(|t| t.first_response_at.map(|f| f - created(t)))
                .collect(),
        ),
        median_answer: median(
            all.iter()
                .filter_map(|t| t.row.answered_at.map(|a| a - created(t)))
                .collect(),
        ),
        overdue: all.iter().filter(|t| t.row.summary.overdue).count() as i64,
    })
}

/// Every request with its timings, one line each, for the programme's own analysis.
pub async fn figures_csv(cx: &Cx) -> Result<String, ServerError> {
    staff(cx)?;
    let all = store::timings(&cx.db().pool, cx.now).await?;
    let hours = |from: i64, to: Option<i64>| {
        to.map(|t| format!("{:.1}", (t - from) as f64 / 3600.0))
            .unwrap_or_default()
    };
    // Days where the person exporting is.
    let zone = cx.zone();
    let day = |t: i64| zone.date(t);
    let date = |t: Option<i64>| t.map(day).unwrap_or_default();
    let rows = all.iter().map(|t| {
        let s = &t.row.summary;
        vec![
            s.id.to_string(),
            s.country.code.clone(),
            s.topic.clone(),
            s.urgency.as_str().to_string(),
            s.status.as_str().to_string(),
            s.title.clone(),
            s.assignee_name.clone().unwrap_or_default(),
            day(s.created_at),
            day(s.due_at),
            if s.overdue { "yes" } else { "no" }.to_string(),
            hours(s.created_at, t.first_response_at),
            date(t.row.answered_at),
            hours(s.created_at, t.row.answered_at),
            date(t.closed_at),
            t.row.rating.clone().unwrap_or_default(),
        ]
    });
    spreadsheet::write(
        &[
            "id",
            "country",
            "topic",
            "urgency",
            "status",
            "title",
            "assignee",
            "filed",
            "due",
            "overdue",
            "first_response_hours",
            "answered",
            "answer_hours",
            "closed",
            "rating",
        ],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
    }
}
