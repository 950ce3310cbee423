//! The two instruments that ship with the platform — the four areas of the Peru study of
//! community mental health centres and the nine Treatnet areas — as version 1 of each,
//! with the default rating scale. They are written once into an empty database (staff
//! then copy a version to change it); the texts live in `templates/*.txt`, one item per
//! line in the four languages.

use sqlx::AnyConnection;

use crate::backend::store::quality as store;
use crate::model::quality::{Item, Names, ScaleLevel, SOURCES};

const TEMPLATES: [&str; 2] = [
    include_str!("templates/peru-cmhc.txt"),
    include_str!("templates/treatnet.txt"),
];

/// The default scale: met, partially met (half), not met, not applicable (left out).
pub fn default_scale() -> Vec<ScaleLevel> {
    let level = |code: &str, weight: Option<i64>, n: [&str; 4]| ScaleLevel {
        code: code.into(),
        weight,
        names: names(code, n),
    };
    vec![
        level(
            "met",
            Some(100),
            ["Met", "Cumplido", "Atendido", "Satisfait"],
        ),
        level(
            "partial",
            Some(50),
            [
                "Partially met",
                "Parcialmente cumplido",
                "Parcialmente atendido",
                "Partiellement satisfait",
            ],
        ),
        level(
            "not_met",
            Some(0),
            ["Not met", "No cumplido", "Não atendido", "Non satisfait"],
        ),
        level(
            "na",
            None,
            ["Not applicable", "No aplica", "Não se aplica", "Sans objet"],
        ),
    ]
}

fn names(code: &str, n: [&str; 4]) -> Names {
    Names {
        code: code.into(),
        en: n[0].into(),
        es: n[1].into(),
        pt: n[2].into(),
        fr: n[3].into(),
    }
}

/// A template read: the instrument's names and its items in order, each with its parent's
/// code.
#[derive(Debug)]
pub struct Template {
    pub name: Names,
    pub items: Vec<(Option<String>, Item)>,
}

/// Reads a template's lines; a malformed one is a bug in the shipped file.
pub fn parse(text: &str) -> Result<Template, String> {
    let mut name = None;
    let mut items: Vec<(Option<String>, Item)> = Vec::new();
    let (mut area, mut standard) = (None::<String>, None::<String>);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('|').collect();
        let four = |at: usize| -> Result<[&str; 4], String> {
            f.get(at..at + 4)
                .filter(|_| f.len() == at + 4)
                .map(|s| [s[0], s[1], s[2], s[3]])
                .ok_or_else(|| format!("line {}: expected four texts", n + 1))
        };
        let item = |kind: &str, code: &str, sources: Vec<String>, texts: [&str; 4]| Item {
            id: 0,
            parent: None,
            kind: kind.into(),
            code: code.into(),
            text: names(code, texts),
            guidance: names(code, ["", "", "", ""]),
            sources,
        };
        match f[0] {
            "instrument" => name = Some(names(f[1], four(2)?)),
            "area" => {
                area = Some(f[1].to_string());
                items.push((None, item("area", f[1], Vec::new(), four(2)?)));
            }
            "standard" => {
                standard = Some(f[1].to_string());
                items.push((area.clone(), item("standard", f[1], Vec::new(), four(2)?)));
            }
            "criterion" => {
                let sources: Vec<String> = f[2].split(',').map(String::from).collect();
                if sources.iter().any(|s| !SOURCES.contains(&s.as_str())) {
                    return Err(format!("line {}: unknown source", n + 1));
                }
                items.push((standard.clone(), item("criterion", f[1], sources, four(3)?)));
            }
            "guidance" => {
                let texts = four(1)?;
                let last = items
                    .last_mut()
                    .filter(|(_, i)| i.kind == "criterion")
                    .ok_or_else(|| format!("line {}: guidance without criterion", n + 1))?;
                last.1.guidance = names(&last.1.code, texts);
            }
            other => return Err(format!("line {}: unknown kind {other}", n + 1)),
        }
    }
    Ok(Template {
        name: name.ok_or("no instrument line")?,
        items,
    })
}

/// Writes `items` (each with its parent's code) into `version`.
pub async fn write_items(
    conn: &mut AnyConnection,
    version: i64,
    items: &[(Option<String>, Item)],
) -> Result<(), sqlx::Error> {
    let mut ids: Vec<(String, i64)> = Vec::new();
    for (parent, item) in items {
        let mut item = item.clone();
        item.parent = parent
            .as_ref()
            .and_then(|p| ids.iter().find(|(c, _)| c == p).map(|(_, id)| *id));
        let id = store::insert_item(conn, version, &item).await?;
        ids.push((item.code.clone(), id));
    }
    Ok(())
}

/// Writes the shipped templates that are not in the database yet.
pub async fn seed(conn: &mut AnyConnection, now: i64) -> Result<(), sqlx::Error> {
    for text in TEMPLATES {
        let template = parse(text).map_err(|e| sqlx::Error::Protocol(format!("template: {e}")))?;
        if store::instrument_id(&mut *conn, &template.name.code)
            .await?
            .is_some()
        {
            continue;
        }
        let instrument = store::insert_instrument(conn, &template.name, now).await?;
        let (version, _) = store::insert_version(conn, instrument, "", None, now).await?;
        for (i, level) in default_scale().iter().enumerate() {
            store::put_level(conn, version, i as i64 + 1, level).await?;
        }
        write_items(conn, version, &template.items).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_templates_read_whole() {
        let peru = parse(TEMPLATES[0]).unwrap();
        let count =
            |t: &Template, kind: &str| t.items.iter().filter(|(_, i)| i.kind == kind).count();
        assert_eq!(count(&peru, "area"), 4);
        assert_eq!(count(&peru, "criterion"), 16);
        let treatnet = parse(TEMPLATES[1]).unwrap();
        assert_eq!(count(&treatnet, "area"), 9);
        for t in [&peru, &treatnet] {
            for (parent, item) in &t.items {
                assert_eq!(parent.is_none(), item.kind == "area", "{}", item.code);
                for text in [&item.text.en, &item.text.es, &item.text.pt, &item.text.fr] {
                    assert!(!text.trim().is_empty(), "{} has an empty text", item.code);
                }
                if item.kind == "criterion" {
                    assert!(!item.sources.is_empty(), "{}", item.code);
                    assert!(
                        !item.guidance.fr.is_empty(),
                        "{} has no guidance",
                        item.code
                    );
                }
            }
        }
    }

    #[test]
    fn a_malformed_line_is_named() {
        let err = parse("instrument|x|a|b|c|d\narea|A|one|two").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }
}
