//! The two dialects' schemas must not drift apart: the same tables, the same columns with
//! the same nullability, the same primary keys, unique keys, foreign keys and number of
//! CHECK constraints, read back from a freshly migrated SQLite and PostgreSQL database.
//! (Column types differ by design — INTEGER against BIGINT — and are not compared.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use app::backend::Db;
use sqlx::any::AnyRow;
use sqlx::Row;

/// One table as both dialects can describe it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// Column name → nullable.
    columns: BTreeMap<String, bool>,
    primary_key: BTreeSet<String>,
    /// Each unique key (constraint or index) as its sorted columns.
    unique: BTreeSet<Vec<String>>,
    /// (columns, referenced table, referenced columns).
    foreign_keys: BTreeSet<(Vec<String>, String, Vec<String>)>,
    checks: usize,
}

impl Table {
    const PARTS: [&'static str; 5] = [
        "columns",
        "primary key",
        "unique",
        "foreign keys",
        "CHECK constraints",
    ];

    /// Each of [`Table::PARTS`] in words, to compare and to show.
    fn described(&self) -> [String; 5] {
        [
            format!("{:?}", self.columns),
            format!("{:?}", self.primary_key),
            format!("{:?}", self.unique),
            format!("{:?}", self.foreign_keys),
            self.checks.to_string(),
        ]
    }
}

type Schema = BTreeMap<String, Table>;

async fn strings(db: &Db, sql: &str, name: &str) -> Vec<String> {
    sqlx::query(sql)
        .bind(name)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>(0).unwrap())
        .collect()
}

/// Foreign keys from rows of `(id, col, other, other_col)`, one row per column in key
/// order. SQLite leaves `other_col` empty for a reference to the primary key, `id` here.
fn foreign_keys(rows: &[AnyRow]) -> BTreeSet<(Vec<String>, String, Vec<String>)> {
    let mut by_id: BTreeMap<i64, (Vec<String>, String, Vec<String>)> = BTreeMap::new();
    for f in rows {
        let e = by_id
            .entry(f.try_get("id").unwrap())
            .or_insert_with(|| (Vec::new(), f.try_get("other").unwrap(), Vec::new()));
        e.0.push(f.try_get("col").unwrap());
        let to: Option<String> = f.try_get("other_col").unwrap();
        e.2.push(to.unwrap_or_else(|| "id".into()));
    }
    by_id.into_values().collect()
}

async fn sqlite_schema(db: &Db) -> Schema {
    let tables: Vec<(String, String)> = sqlx::query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.try_get("name").unwrap(), r.try_get("sql").unwrap()))
    .collect();
    let mut schema = Schema::new();
    for (name, sql) in tables {
        let mut t = Table::default();
        let cols = sqlx::query(
            "SELECT name, CAST(\"notnull\" AS INTEGER) AS nn, CAST(pk AS INTEGER) AS pk \
             FROM pragma_table_info($1)",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for c in &cols {
            let col: String = c.try_get("name").unwrap();
            let pk: i64 = c.try_get("pk").unwrap();
            let not_null: i64 = c.try_get("nn").unwrap();
            // SQLite lets a non-INTEGER primary key column hold NULL unless told; both
            // dialects mean "not null" for key columns.
            t.columns.insert(col.clone(), not_null == 0 && pk == 0);
            if pk > 0 {
                t.primary_key.insert(col);
            }
        }
        for index in strings(
            db,
            "SELECT name FROM pragma_index_list($1) WHERE \"unique\" = 1 AND origin <> 'pk'",
            &name,
        )
        .await
        {
            let mut cols = strings(db, "SELECT name FROM pragma_index_info($1)", &index).await;
            cols.sort();
            // A partial unique index (one pending request per person) is a rule, not a
            // key; both dialects have it as an index and are compared below by name.
            t.unique.insert(cols);
        }
        let fks = sqlx::query(
            "SELECT CAST(id AS INTEGER) AS id, \"from\" AS col, \"table\" AS other, \"to\" AS other_col \
             FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        t.foreign_keys = foreign_keys(&fks);
        t.checks = sql.matches("CHECK").count() + sql.matches("check (").count();
        schema.insert(name, t);
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let tables = strings(
        db,
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
         AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_sqlx%' AND $1 = $1",
        "",
    )
    .await;
    let mut schema = Schema::new();
    for name in tables {
        let mut t = Table::default();
        let cols = sqlx::query(
            "SELECT column_name::text AS name, is_nullable::text AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for c in &cols {
            let nullable: String = c.try_get("nullable").unwrap();
            t.columns
                .insert(c.try_get("name").unwrap(), nullable == "YES");
        }
        t.primary_key = strings(
            db,
            "SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid \
             AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary",
            &name,
        )
        .await
        .into_iter()
        .collect();
        let uniques = sqlx::query(
            "SELECT i.indexrelid::bigint AS id, a.attname::text AS col FROM pg_index i \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
             WHERE i.indrelid = $1::regclass AND i.indisunique AND NOT i.indisprimary",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let mut by_index: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for u in &uniques {
            by_index
                .entry(u.try_get("id").unwrap())
                .or_default()
                .push(u.try_get("col").unwrap());
        }
        t.unique = by_index
            .into_values()
            .map(|mut v| {
                v.sort();
                v
            })
            .collect();
        let fks = sqlx::query(
            "SELECT c.oid::bigint AS id, a.attname::text AS col, ft.relname::text AS other, \
             fa.attname::text AS other_col, k.ord::bigint AS ord \
             FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey, c.confkey) \
             WITH ORDINALITY AS k(col_num, fcol_num, ord) \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col_num \
             JOIN pg_class ft ON ft.oid = c.confrelid \
             JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fcol_num \
             WHERE c.contype = 'f' AND c.conrelid = $1::regclass ORDER BY c.oid, k.ord",
        )
        .bind(&name)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        t.foreign_keys = foreign_keys(&fks);
        let checks: i64 = sqlx::query(
            "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = $1::regclass",
        )
        .bind(&name)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        t.checks = usize::try_from(checks).unwrap();
        schema.insert(name, t);
    }
    schema
}

/// Where two schemas differ, table by table, in words.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for name in names {
        match (sqlite.get(name), postgres.get(name)) {
            (Some(a), Some(b)) => {
                let (x, y) = (a.described(), b.described());
                let parts = Table::PARTS.iter().zip(x.into_iter().zip(y));
                for (what, (x, y)) in parts.filter(|(_, (x, y))| x != y) {
                    out.push(format!("{name}: {what} {x} vs {y}"));
                }
            }
            (Some(_), None) => out.push(format!("{name}: only in SQLite")),
            (None, _) => out.push(format!("{name}: only in PostgreSQL")),
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_schemas_match() {
    let Some(pg) = common::postgres().await else {
        return;
    };
    let lite = common::sqlite().await;
    let (a, b) = (sqlite_schema(&lite.db).await, postgres_schema(&pg.db).await);
    assert!(a.len() > 20, "tables read: {:?}", a.keys());
    let diff = differences(&a, &b);
    assert!(
        diff.is_empty(),
        "the dialects drifted apart:\n{}",
        diff.join("\n")
    );

    // The test itself notices a drift: a column added to one dialect only.
    sqlx::query("ALTER TABLE users ADD COLUMN nickname TEXT")
        .execute(&lite.db.pool)
        .await
        .unwrap();
    let drifted = differences(&sqlite_schema(&lite.db).await, &b);
    assert!(
        drifted.iter().any(|d| d.starts_with("users: columns")),
        "{drifted:?}"
    );
}
