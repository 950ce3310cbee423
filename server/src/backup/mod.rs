//! Backup and restore: `entrust export` writes the whole platform — every table's rows and
//! the library's own documents (`content/`; the platform keeps no other files) — to one
//! archive with a manifest and checksums, from one consistent snapshot while the platform
//! keeps serving; `entrust import` restores it into a new, empty database of either dialect
//! (SQLite → PostgreSQL and back), all of it in one transaction or nothing.

pub mod archive;
pub mod schema;

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use app::backend::{Db, Dialect};
use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row};

use archive::{FileEntry, Manifest, TableEntry};
use schema::{quote, Column, Kind, Table};

/// What an export or an import moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub tables: usize,
    pub rows: u64,
    pub files: usize,
    /// The archive's size.
    pub bytes: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} tables, {} rows, {} content files, archive of {} bytes",
            self.tables, self.rows, self.files, self.bytes
        )
    }
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Result<Scratch, String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir =
            std::env::temp_dir().join(format!("entrust-{what}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(dir.join("tables"))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn db_error(what: &str) -> impl Fn(sqlx::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

fn dialect_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
    }
}

/// One row's values, in `columns`' order, as JSON.
fn values(row: &AnyRow, columns: &[Column]) -> Result<Vec<Value>, sqlx::Error> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(match c.kind {
                Kind::Int => row
                    .try_get::<Option<i64>, _>(i)?
                    .map_or(Value::Null, Value::from),
                Kind::Real => row
                    .try_get::<Option<f64>, _>(i)?
                    .map_or(Value::Null, Value::from),
                Kind::Text => row
                    .try_get::<Option<String>, _>(i)?
                    .map_or(Value::Null, Value::from),
            })
        })
        .collect()
}

/// `SELECT` of every row of `t`, each column read as its kind, in a stable order.
fn select_all(t: &Table, dialect: Dialect) -> String {
    let columns: Vec<String> = t
        .columns
        .iter()
        .map(|c| c.kind.select(dialect, &c.name))
        .collect();
    let order: Vec<String> = (1..=t.columns.len()).map(|i| i.to_string()).collect();
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        columns.join(", "),
        quote(&t.name),
        order.join(", ")
    )
}

/// Begins a transaction that sees one moment of the database while others write on.
async fn snapshot(db: &Db) -> Result<sqlx::Transaction<'static, Any>, String> {
    let mut tx = db.pool.begin().await.map_err(db_error("database"))?;
    if db.dialect == Dialect::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(db_error("database"))?;
    }
    // SQLite in WAL mode: a read transaction keeps the snapshot its first read takes.
    Ok(tx)
}

/// Writes the whole platform on `db`, and the files of `content_dir` (when it exists), to
/// the archive `out`.
pub async fn export(db: &Db, content_dir: &Path, out: &Path) -> Result<Summary, String> {
    let scratch = Scratch::new("export")?;
    let mut tx = snapshot(db).await?;
    let tables = schema::tables(&mut tx, db.dialect)
        .await
        .map_err(db_error("reading the schema"))?;
    let migrations = schema::migrations(&mut tx)
        .await
        .map_err(db_error("reading the migrations"))?;
    let mut entries = Vec::new();
    let mut files = Vec::new();
    let mut rows_total = 0;
    for t in &tables {
        let path = scratch.0.join("tables").join(format!("{}.jsonl", t.name));
        let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut w = archive::Hashing::new(BufWriter::new(file));
        let sql = select_all(t, db.dialect);
        let mut rows = sqlx::query(&sql).fetch(&mut *tx);
        let mut n = 0u64;
        let what = format!("reading {}", t.name);
        while let Some(row) = rows.try_next().await.map_err(db_error(&what))? {
            let v = values(&row, &t.columns).map_err(db_error(&what))?;
            serde_json::to_writer(&mut w, &v).map_err(|e| format!("{what}: {e}"))?;
            w.write_all(b"\n").map_err(|e| format!("{what}: {e}"))?;
            n += 1;
        }
        drop(rows);
        let (bytes, sha256) = w.finish().map_err(|e| format!("{what}: {e}"))?;
        let entry = TableEntry {
            name: t.name.clone(),
            columns: t.columns.clone(),
            rows: n,
            bytes,
            sha256,
        };
        files.push((entry.archive_path(), path));
        entries.push(entry);
        rows_total += n;
    }
    // Read-only: nothing to keep.
    tx.rollback().await.map_err(db_error("database"))?;

    let mut content = Vec::new();
    if content_dir.is_dir() {
        for (rel, path) in content_files(content_dir)? {
            let (bytes, sha256) =
                archive::sum_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let entry = FileEntry {
                path: rel,
                bytes,
                sha256,
            };
            files.push((entry.archive_path(), path));
            content.push(entry);
        }
    }
    let manifest = Manifest {
        format: archive::FORMAT,
        entrust_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at: app::backend::now(),
        dialect: dialect_name(db.dialect).to_string(),
        migrations,
        tables: entries,
        files: content,
    };
    let bytes =
        archive::write(out, &manifest, &files).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(Summary {
        tables: manifest.tables.len(),
        rows: rows_total,
        files: manifest.files.len(),
        bytes,
    })
}

/// Every file under `dir` (hidden ones left out), as (`/`-separated relative path, path),
/// in name order.
fn content_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let read = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in read {
            let entry = entry.map_err(|e| format!("{}: {e}", d.display()))?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let rel = path
                    .strip_prefix(dir)
                    .map_err(|e| e.to_string())?
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Bound parameters per statement, under both databases' limits (SQLite 32,766,
/// PostgreSQL 65,535).
const MAX_BINDS: usize = 30_000;

/// Restores the archive at `path` into `db`, which must be new: migrated, with nobody in
/// it. Every file is checked first; then, in one transaction, the rows the migrations
/// seeded are replaced by the archive's. The library's documents are written to
/// `content_dir` when it is missing or empty (otherwise it is left as it is, and the
/// returned note says so).
pub async fn import(db: &Db, path: &Path, content_dir: &Path) -> Result<(Summary, String), String> {
    let scratch = Scratch::new("import")?;
    let manifest = archive::read(path, &scratch.0)?;
    let mut tx = db.pool.begin().await.map_err(db_error("database"))?;

    let here = schema::migrations(&mut tx)
        .await
        .map_err(db_error("reading the migrations"))?;
    if here != manifest.migrations {
        return Err(format!(
            "the archive was written at migration {} and this database is at {}: import with the \
             entrust version that wrote it",
            manifest.migrations.last().unwrap_or(&0),
            here.last().unwrap_or(&0)
        ));
    }
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error("database"))?;
    if people > 0 {
        return Err(format!(
            "this database already holds {people} people: import only into a new, empty database"
        ));
    }
    let tables = schema::tables(&mut tx, db.dialect)
        .await
        .map_err(db_error("reading the schema"))?;
    let theirs: BTreeMap<&str, &TableEntry> = manifest
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    check_same_schema(&tables, &theirs)?;

    // What the migrations seeded goes, children first; the archive has its own.
    for t in tables.iter().rev() {
        sqlx::query(&format!("DELETE FROM {}", quote(&t.name)))
            .execute(&mut *tx)
            .await
            .map_err(db_error(&format!("emptying {}", t.name)))?;
    }
    let mut rows_total = 0;
    for t in &tables {
        let entry = theirs[t.name.as_str()];
        let file = scratch.0.join(entry.archive_path());
        rows_total += load_table(&mut tx, db.dialect, t, entry, &file).await?;
    }
    if db.dialect == Dialect::Postgres {
        // The identities go on from the largest id restored.
        for t in &tables {
            for column in &t.identity {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2), \
                     COALESCE((SELECT MAX({c}) FROM {t}), 0) + 1, false)",
                    c = quote(column),
                    t = quote(&t.name)
                );
                sqlx::query(&sql)
                    .bind(quote(&t.name))
                    .bind(column)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error(&format!("numbering {}", t.name)))?;
            }
        }
    }
    tx.commit().await.map_err(db_error("committing"))?;

    let note = restore_content(&manifest, &scratch.0, content_dir)?;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok((
        Summary {
            tables: tables.len(),
            rows: rows_total,
            files: manifest.files.len(),
            bytes,
        },
        note,
    ))
}

/// The archive's tables and columns must be this database's (in any order).
fn check_same_schema(tables: &[Table], theirs: &BTreeMap<&str, &TableEntry>) -> Result<(), String> {
    let ours: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let only_ours: Vec<&&str> = ours.iter().filter(|t| !theirs.contains_key(**t)).collect();
    let only_theirs: Vec<&&str> = theirs.keys().filter(|t| !ours.contains(t)).collect();
    if !only_ours.is_empty() || !only_theirs.is_empty() {
        return Err(format!(
            "the archive's tables differ from this database's (only here: {only_ours:?}; only in \
             the archive: {only_theirs:?})"
        ));
    }
    for t in tables {
        let mut a: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        let mut b: Vec<&str> = theirs[t.name.as_str()]
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            return Err(format!(
                "table {}: the archive's columns {b:?} are not this database's {a:?}",
                t.name
            ));
        }
    }
    Ok(())
}

/// Inserts one table's rows from its file, many rows a statement; returns how many.
async fn load_table(
    tx: &mut AnyConnection,
    dialect: Dialect,
    t: &Table,
    entry: &TableEntry,
    file: &Path,
) -> Result<u64, String> {
    // The archive's column order, with this database's kinds.
    let kinds: BTreeMap<&str, Kind> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kind))
        .collect();
    let columns: Vec<(&str, Kind)> = entry
        .columns
        .iter()
        .map(|c| (c.name.as_str(), kinds[c.name.as_str()]))
        .collect();
    // PostgreSQL gains from few, large statements (each is a round trip); SQLite, in
    // process, binds parameters slower the more a statement has, so its are small.
    let most_rows = match dialect {
        Dialect::Postgres => 1000,
        Dialect::Sqlite => 50,
    };
    let per_statement = (MAX_BINDS / columns.len().max(1)).clamp(1, most_rows);
    let head = format!(
        "INSERT INTO {} ({}){} VALUES ",
        quote(&t.name),
        columns
            .iter()
            .map(|(c, _)| quote(c))
            .collect::<Vec<_>>()
            .join(", "),
        if dialect == Dialect::Postgres && !t.identity.is_empty() {
            " OVERRIDING SYSTEM VALUE"
        } else {
            ""
        }
    );
    let name = entry.archive_path();
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?,
    );
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_statement);
    let mut n = 0u64;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("{name}: {e}"))?;
        let row: Vec<Value> =
            serde_json::from_str(&line).map_err(|e| format!("{name} line {}: {e}", i + 1))?;
        if row.len() != columns.len() {
            return Err(format!(
                "{name} line {}: {} values for {} columns",
                i + 1,
                row.len(),
                columns.len()
            ));
        }
        batch.push(row);
        n += 1;
        if batch.len() == per_statement {
            insert(tx, &head, &columns, &batch, &name, n).await?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        insert(tx, &head, &columns, &batch, &name, n).await?;
    }
    if n != entry.rows {
        return Err(format!(
            "{name}: {n} rows, the manifest says {}",
            entry.rows
        ));
    }
    Ok(n)
}

async fn insert(
    tx: &mut AnyConnection,
    head: &str,
    columns: &[(&str, Kind)],
    rows: &[Vec<Value>],
    name: &str,
    upto: u64,
) -> Result<(), String> {
    let width = columns.len();
    let mut sql = String::with_capacity(head.len() + rows.len() * width * 5);
    sql.push_str(head);
    for r in 0..rows.len() {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * width + c + 1));
        }
        sql.push(')');
    }
    let mut q = sqlx::query::<Any>(&sql);
    for (r, row) in rows.iter().enumerate() {
        let line = upto - (rows.len() - r) as u64 + 1;
        for ((column, kind), v) in columns.iter().zip(row) {
            let wrong = || format!("{name} line {line}, {column}: {v} is not a {kind:?} value");
            q = match (kind, v) {
                (Kind::Int, Value::Null) => q.bind(None::<i64>),
                (Kind::Int, v) => q.bind(Some(v.as_i64().ok_or_else(wrong)?)),
                (Kind::Real, Value::Null) => q.bind(None::<f64>),
                (Kind::Real, v) => q.bind(Some(v.as_f64().ok_or_else(wrong)?)),
                (Kind::Text, Value::Null) => q.bind(None::<String>),
                (Kind::Text, Value::String(s)) => q.bind(Some(s.clone())),
                (Kind::Text, _) => return Err(wrong()),
            };
        }
    }
    q.execute(&mut *tx)
        .await
        .map_err(|e| format!("{name}, rows up to line {upto}: {e}"))?;
    Ok(())
}

/// Writes the archive's content files into `dir` when it is missing or empty.
fn restore_content(manifest: &Manifest, from: &Path, dir: &Path) -> Result<String, String> {
    if manifest.files.is_empty() {
        return Ok("no content files in the archive".into());
    }
    let empty = !dir.exists()
        || std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
    if !empty {
        return Ok(format!(
            "{} content files left as they are in {} (not empty); the library's documents are \
             restored in the database all the same",
            manifest.files.len(),
            dir.display()
        ));
    }
    for f in &manifest.files {
        let to = dir.join(&f.path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(from.join(f.archive_path()), &to)
            .map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(format!(
        "{} content files written to {}",
        manifest.files.len(),
        dir.display()
    ))
}

/// Every table's rows, columns by name, rows sorted: two databases that hold the same
/// platform give equal maps (the round-trip tests compare them).
pub async fn contents(db: &Db) -> Result<BTreeMap<String, Vec<BTreeMap<String, Value>>>, String> {
    let mut tx = snapshot(db).await?;
    let tables = schema::tables(&mut tx, db.dialect)
        .await
        .map_err(db_error("reading the schema"))?;
    let mut out = BTreeMap::new();
    for t in &tables {
        let rows = sqlx::query(&select_all(t, db.dialect))
            .fetch_all(&mut *tx)
            .await
            .map_err(db_error(&t.name))?;
        let mut all = Vec::with_capacity(rows.len());
        for row in &rows {
            let v = values(row, &t.columns).map_err(db_error(&t.name))?;
            all.push(
                t.columns
                    .iter()
                    .map(|c| c.name.clone())
                    .zip(v)
                    .collect::<BTreeMap<_, _>>(),
            );
        }
        all.sort_by_key(|r| serde_json::to_string(r).unwrap_or_default());
        out.insert(t.name.clone(), all);
    }
    tx.rollback().await.map_err(db_error("database"))?;
    Ok(out)
}
