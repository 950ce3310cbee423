//! What a database holds, read from the database itself, the same way on both dialects:
//! its tables, their columns and kinds, which tables point at which (so rows go in parents
//! first), which columns the database numbers itself, and the migrations it has run.

use std::collections::{BTreeMap, BTreeSet};

use app::backend::Dialect;
use serde::{Deserialize, Serialize};
use sqlx::{Any, AnyConnection, Row};

/// How a column's values are carried: the schema uses only these three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Int,
    Real,
    Text,
}

impl Kind {
    /// From a declared type, as SQLite's affinity rules read it.
    fn of(declared: &str) -> Kind {
        let t = declared.to_ascii_uppercase();
        if t.contains("INT") {
            Kind::Int
        } else if t.contains("REAL") || t.contains("DOUBLE") || t.contains("FLOAT") {
            Kind::Real
        } else {
            Kind::Text
        }
    }

    /// The column read as this kind (a stored value of another class is converted, so
    /// every row decodes).
    pub fn select(self, dialect: Dialect, column: &str) -> String {
        let ty = match (self, dialect) {
            (Kind::Int, Dialect::Sqlite) => "INTEGER",
            (Kind::Int, Dialect::Postgres) => "BIGINT",
            (Kind::Real, Dialect::Sqlite) => "REAL",
            (Kind::Real, Dialect::Postgres) => "DOUBLE PRECISION",
            (Kind::Text, _) => "TEXT",
        };
        format!("CAST({} AS {ty})", quote(column))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// Tables this one's foreign keys point at (itself left out).
    pub parents: BTreeSet<String>,
    /// Columns the database numbers itself (PostgreSQL identities).
    pub identity: Vec<String>,
}

/// A name as SQL wants it; names come from the database's own catalogue.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Every table of the platform (sqlx's own bookkeeping and SQLite's internals left out),
/// sorted so that each comes after the tables it points at.
pub async fn tables(c: &mut AnyConnection, dialect: Dialect) -> Result<Vec<Table>, sqlx::Error> {
    let names: Vec<String> = match dialect {
        Dialect::Sqlite => {
            sqlx::query_scalar::<Any, String>(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
            )
            .fetch_all(&mut *c)
            .await?
        }
        Dialect::Postgres => {
            sqlx::query_scalar::<Any, String>(
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> '_sqlx_migrations' ORDER BY table_name",
            )
            .fetch_all(&mut *c)
            .await?
        }
    };
    let mut tables = BTreeMap::new();
    for name in names {
        let t = table(c, dialect, &name).await?;
        tables.insert(name, t);
    }
    Ok(parents_first(tables))
}

async fn table(c: &mut AnyConnection, dialect: Dialect, name: &str) -> Result<Table, sqlx::Error> {
    let (columns, parents, identity) = match dialect {
        Dialect::Sqlite => {
            let rows = sqlx::query("SELECT name, type FROM pragma_table_info($1) ORDER BY cid")
                .bind(name)
                .fetch_all(&mut *c)
                .await?;
            let columns = rows
                .iter()
                .map(|r| {
                    Ok(Column {
                        name: r.try_get("name")?,
                        kind: Kind::of(&r.try_get::<String, _>("type")?),
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let parents = sqlx::query_scalar::<Any, String>(
                "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)",
            )
            .bind(name)
            .fetch_all(&mut *c)
            .await?;
            (columns, parents, Vec::new())
        }
        Dialect::Postgres => {
            let rows = sqlx::query(
                "SELECT CAST(column_name AS TEXT) AS name, CAST(data_type AS TEXT) AS type, \
                 CAST(is_identity AS TEXT) AS identity FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 \
                 ORDER BY ordinal_position",
            )
            .bind(name)
            .fetch_all(&mut *c)
            .await?;
            let mut columns = Vec::new();
            let mut identity = Vec::new();
            for r in &rows {
                let column: String = r.try_get("name")?;
                if r.try_get::<String, _>("identity")? == "YES" {
                    identity.push(column.clone());
                }
                columns.push(Column {
                    name: column,
                    kind: Kind::of(&r.try_get::<String, _>("type")?),
                });
            }
            let parents = sqlx::query_scalar::<Any, String>(
                "SELECT DISTINCT CAST(p.relname AS TEXT) FROM pg_constraint k \
                 JOIN pg_class t ON t.oid = k.conrelid \
                 JOIN pg_class p ON p.oid = k.confrelid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE k.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1",
            )
            .bind(name)
            .fetch_all(&mut *c)
            .await?;
            (columns, parents, identity)
        }
    };
    Ok(Table {
        name: name.to_string(),
        columns,
        parents: parents.into_iter().filter(|p| p != name).collect(),
        identity,
    })
}

/// Tables ordered parents first (by name among equals, so the order is stable). The schema
/// has no cycles between tables; should one appear, its tables come last, in name order,
/// and the database says which row it refuses.
fn parents_first(mut left: BTreeMap<String, Table>) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    loop {
        let ready: Vec<String> = left
            .iter()
            .filter(|(_, t)| {
                // Placed already, or no table of ours at all.
                t.parents.iter().all(|p| !left.contains_key(p))
            })
            .map(|(n, _)| n.clone())
            .collect();
        if ready.is_empty() {
            out.extend(std::mem::take(&mut left).into_values());
            return out;
        }
        for name in ready {
            if let Some(t) = left.remove(&name) {
                out.push(t);
            }
        }
    }
}

/// The migrations this database has run, in order.
pub async fn migrations(c: &mut AnyConnection) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<Any, i64>(
        "SELECT CAST(version AS BIGINT) FROM _sqlx_migrations WHERE success ORDER BY version",
    )
    .fetch_all(c)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, parents: &[&str]) -> (String, Table) {
        (
            name.to_string(),
            Table {
                name: name.to_string(),
                columns: Vec::new(),
                parents: parents.iter().map(|p| p.to_string()).collect(),
                identity: Vec::new(),
            },
        )
    }

    #[test]
    fn parents_come_first() {
        let tables: BTreeMap<String, Table> = [
            t("posts", &["threads", "users"]),
            t("threads", &["spaces", "users"]),
            t("spaces", &[]),
            t("users", &["countries"]),
            t("countries", &[]),
            // A parent outside the platform's tables does not hold a table back.
            t("notes", &["elsewhere"]),
        ]
        .into_iter()
        .collect();
        let order: Vec<String> = parents_first(tables).into_iter().map(|t| t.name).collect();
        let at = |n: &str| order.iter().position(|o| o == n).unwrap();
        assert!(at("countries") < at("users"));
        assert!(at("users") < at("threads") && at("spaces") < at("threads"));
        assert!(at("threads") < at("posts"));
        assert_eq!(order.len(), 6);
    }

    #[test]
    fn kinds_follow_the_declared_types() {
        assert_eq!(Kind::of("BIGINT"), Kind::Int);
        assert_eq!(Kind::of("INTEGER"), Kind::Int);
        assert_eq!(Kind::of("double precision"), Kind::Real);
        assert_eq!(Kind::of("REAL"), Kind::Real);
        assert_eq!(Kind::of("TEXT"), Kind::Text);
        assert_eq!(Kind::of("text"), Kind::Text);
        assert_eq!(
            Kind::Int.select(Dialect::Postgres, "a\"b"),
            "CAST(\"a\"\"b\" AS BIGINT)"
        );
    }
}
