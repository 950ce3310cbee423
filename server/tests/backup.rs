//! Backup and restore: the demo platform on SQLite exported and imported into PostgreSQL
//! and back, every table compared row for row; an export taken while replies are being
//! written; and archives or databases that must be refused, with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use app::backend::Db;
use server::backup;

const SPACE: &str = "/spaces/colombia-plan-operativo";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "entrust_backup_test_{}_{name}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

async fn people(db: &Db) -> i64 {
    common::count(db, "SELECT COUNT(*) AS n FROM users").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_platform_moves_from_sqlite_to_postgres_and_back_row_for_row() {
    let Some(pg) = common::postgres().await else {
        return;
    };
    let lite = common::sqlite().await;
    // No search worker: it would empty the search queue between the two readings.
    let source = common::app(&lite.db).without_search_worker().build();
    server::cli::load_demo(&source.state).await.unwrap();
    // Posts and a reply through the web, so every kind of row is there.
    let carlos = common::sign_in(&source.router, "carlos.mejia").await;
    let url = common::start_thread(&source.router, SPACE, &carlos, "Respaldo", "Texto «ñ» ✓").await;
    common::reply(&source.router, &url, &carlos, None, "Una respuesta.").await;
    let before = backup::contents(&lite.db).await.unwrap();
    assert!(before["posts"].len() > 10 && before["plan_actions"].len() > 5);
    assert!(before.len() > 60, "{} tables", before.len());

    let dir = scratch("roundtrip");
    let archive = dir.join("platform.tar.gz");
    let out = backup::export(&lite.db, &content_dir(), &archive)
        .await
        .unwrap();
    let rows: usize = before.values().map(Vec::len).sum();
    assert_eq!(out.rows as usize, rows);
    assert_eq!(out.tables, before.len());
    assert!(out.files > 10, "the library's own documents: {}", out.files);

    // Into PostgreSQL: every table, every row, every value.
    let restored_content = dir.join("content-pg");
    let (into_pg, note) = backup::import(&pg.db, &archive, &restored_content)
        .await
        .unwrap();
    assert_eq!(into_pg.rows, out.rows);
    assert!(note.contains("written"), "{note}");
    let on_pg = backup::contents(&pg.db).await.unwrap();
    for (table, rows) in &before {
        assert_eq!(
            rows, &on_pg[table],
            "table {table} differs after SQLite → PostgreSQL"
        );
    }
    assert_eq!(before.len(), on_pg.len());
    // The documents came out as they went in.
    let mut folders = vec![content_dir()];
    let mut compared = 0;
    while let Some(d) = folders.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let rel = path.strip_prefix(content_dir()).unwrap();
                assert_eq!(
                    std::fs::read(&path).unwrap(),
                    std::fs::read(restored_content.join(rel)).unwrap(),
                    "{}",
                    rel.display()
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, out.files);

    // The restored platform works on: sessions, new posts numbered after the old ones.
    let there = common::app(&pg.db).without_search_worker().build();
    let carlos = common::sign_in(&there.router, "carlos.mejia").await;
    let new_post = common::reply(&there.router, &url, &carlos, None, "Ya en PostgreSQL.").await;
    let old_max = before["posts"]
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .max()
        .unwrap();
    assert!(new_post > old_max, "{new_post} after {old_max}");

    // And back into a new SQLite: what PostgreSQL holds now, exactly.
    let now_on_pg = backup::contents(&pg.db).await.unwrap();
    let archive2 = dir.join("from-pg.tar.gz");
    backup::export(&pg.db, &content_dir(), &archive2)
        .await
        .unwrap();
    let lite2 = common::sqlite().await;
    backup::import(&lite2.db, &archive2, &dir.join("content-lite"))
        .await
        .unwrap();
    let back = backup::contents(&lite2.db).await.unwrap();
    for (table, rows) in &now_on_pg {
        assert_eq!(
            rows, &back[table],
            "table {table} differs after PostgreSQL → SQLite"
        );
    }
    let again = common::app(&lite2.db).build();
    let ana = common::sign_in(&again.router, "ana.quispe").await;
    assert_eq!(
        common::get_as(&again.router, "/plans", Some(&ana))
            .await
            .status,
        200
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_taken_while_people_write_is_one_consistent_moment() {
    for t in common::all_databases().await {
        let platform = common::app(&t.db).build();
        app::backend::demo::load(&t.db, app::backend::now())
            .await
            .unwrap();
        let r = platform.router.clone();
        let carlos = common::sign_in(&r, "carlos.mejia").await;
        let url = common::start_thread(&r, SPACE, &carlos, "En línea", "Mientras tanto").await;
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (r, url, carlos, stop) = (r.clone(), url.clone(), carlos.clone(), stop.clone());
            tokio::spawn(async move {
                // New threads as well as replies: an export that read the threads and,
                // later, the posts would hold posts of threads it does not have.
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    common::reply(&r, &url, &carlos, None, &format!("Respuesta {n}")).await;
                    common::start_thread(&r, SPACE, &carlos, &format!("Hilo {n}"), "Nuevo").await;
                    n += 1;
                }
                n
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let before = common::count(&t.db, "SELECT COUNT(*) AS n FROM posts").await;
        let dir = scratch("online");
        let archive = dir.join("online.tar.gz");
        backup::export(&t.db, Path::new("no-content-here"), &archive)
            .await
            .unwrap();
        let after = common::count(&t.db, "SELECT COUNT(*) AS n FROM posts").await;
        stop.store(true, Ordering::SeqCst);
        let written = writer.await.unwrap();
        assert!(written > 3, "{}: only {written} replies written", t.label);

        // The archive restores (its foreign keys hold: one moment, not a smear) and holds
        // as many posts as the database had at some moment during the export.
        let target = common::sqlite().await;
        let (summary, note) = backup::import(&target.db, &archive, &dir.join("c"))
            .await
            .unwrap();
        assert_eq!(note, "no content files in the archive");
        assert_eq!(summary.files, 0);
        let posts = common::count(&target.db, "SELECT COUNT(*) AS n FROM posts").await;
        assert!(
            before <= posts && posts <= after,
            "{}: {before} ≤ {posts} ≤ {after}",
            t.label
        );
        // Every thread's posts came with their thread, and the counts agree.
        let orphans = common::count(
            &target.db,
            "SELECT COUNT(*) AS n FROM posts WHERE thread_id NOT IN (SELECT id FROM threads)",
        )
        .await;
        assert_eq!(orphans, 0);
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Rewrites the archive at `from` into `to`, passing each file through `change` (`None`
/// leaves it out) and adding `extra` at the end.
fn rewrite(
    from: &Path,
    to: &Path,
    change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
    extra: Option<(&str, &[u8])>,
) {
    use std::io::Read;
    let mut input = tar::Archive::new(flate2::read::GzDecoder::new(
        std::fs::File::open(from).unwrap(),
    ));
    let out = flate2::write::GzEncoder::new(
        std::fs::File::create(to).unwrap(),
        flate2::Compression::fast(),
    );
    let mut tar = tar::Builder::new(out);
    let mut add = |name: &str, data: &[u8]| {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        tar.append_data(&mut h, name, data).unwrap();
    };
    for e in input.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if let Some(data) = change(&name, data) {
            add(&name, &data);
        }
    }
    if let Some((name, data)) = extra {
        add(name, data);
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_archives_and_used_databases_are_refused_and_nothing_changes() {
    let source = common::sqlite().await;
    app::backend::demo::load(&source.db, app::backend::now())
        .await
        .unwrap();
    let dir = scratch("refused");
    let archive = dir.join("good.tar.gz");
    backup::export(&source.db, &content_dir(), &archive)
        .await
        .unwrap();
    let target = common::sqlite().await;
    let untouched = backup::contents(&target.db).await.unwrap();

    let refused = |e: Result<_, String>| e.expect_err("refused");
    // One altered row: its checksum no longer matches.
    let altered = dir.join("altered.tar.gz");
    rewrite(
        &archive,
        &altered,
        |name, data| {
            Some(if name == "tables/users.jsonl" {
                String::from_utf8(data)
                    .unwrap()
                    .replacen("carlos.mejia", "carlos.mejiA", 1)
                    .into_bytes()
            } else {
                data
            })
        },
        None,
    );
    let e = refused(backup::import(&target.db, &altered, &dir.join("c")).await);
    assert!(
        e.contains("tables/users.jsonl") && e.contains("checksum"),
        "{e}"
    );
    // A manifest from another version of the schema.
    let other = dir.join("other.tar.gz");
    rewrite(
        &archive,
        &other,
        |name, data| {
            Some(if name == "manifest.json" {
                let mut m: serde_json::Value = serde_json::from_slice(&data).unwrap();
                m["migrations"].as_array_mut().unwrap().push(99_999.into());
                serde_json::to_vec(&m).unwrap()
            } else {
                data
            })
        },
        None,
    );
    let e = refused(backup::import(&target.db, &other, &dir.join("c")).await);
    assert!(e.contains("migration 99999"), "{e}");
    // A file the manifest does not name; a table it names left out.
    let extra = dir.join("extra.tar.gz");
    rewrite(
        &archive,
        &extra,
        |_, d| Some(d),
        Some(("content/extra.md", b"x")),
    );
    let e = refused(backup::import(&target.db, &extra, &dir.join("c")).await);
    assert!(e.contains("not in the manifest"), "{e}");
    let missing = dir.join("missing.tar.gz");
    rewrite(
        &archive,
        &missing,
        |name, d| (name != "tables/posts.jsonl").then_some(d),
        None,
    );
    let e = refused(backup::import(&target.db, &missing, &dir.join("c")).await);
    assert!(
        e.contains("missing") && e.contains("tables/posts.jsonl"),
        "{e}"
    );
    // Not an archive at all; a truncated one.
    let junk = dir.join("junk.tar.gz");
    std::fs::write(&junk, b"not an archive").unwrap();
    refused(backup::import(&target.db, &junk, &dir.join("c")).await);
    let bytes = std::fs::read(&archive).unwrap();
    let cut = dir.join("cut.tar.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    refused(backup::import(&target.db, &cut, &dir.join("c")).await);
    assert_eq!(
        backup::contents(&target.db).await.unwrap(),
        untouched,
        "a refused import changed the database"
    );
    assert!(
        !dir.join("c").exists(),
        "a refused import wrote content files"
    );

    // A database someone already uses is never overwritten.
    let used = backup::contents(&source.db).await.unwrap();
    let e = refused(backup::import(&source.db, &archive, &dir.join("c")).await);
    assert!(e.contains("already holds"), "{e}");
    assert_eq!(backup::contents(&source.db).await.unwrap(), used);
    // The good archive still goes in.
    backup::import(&target.db, &archive, &dir.join("c"))
        .await
        .unwrap();
    assert_eq!(people(&target.db).await, people(&source.db).await);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_and_import_commands_move_a_platform_and_say_what_they_did() {
    let dir = scratch("cli");
    let from = format!("sqlite://{}/from.db", dir.display());
    let db = Db::connect(&from, 2).await.unwrap();
    db.migrate().await.unwrap();
    app::backend::demo::load(&db, app::backend::now())
        .await
        .unwrap();
    let entrust = |args: &[&str], url: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_entrust"))
            .args(args)
            .env("DATABASE_URL", url)
            .env("ENTRUST_CONTENT_DIR", dir.join("content"))
            .env(
                "ENTRUST_SEARCH_DIR",
                dir.join(format!("search-{}", args[0])),
            )
            .env("ENTRUST_LOG", "error")
            .output()
            .unwrap()
    };
    let archive = dir.join("a.tar.gz");
    let o = entrust(&["export", "--output", archive.to_str().unwrap()], &from);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{o:?}");
    // Everything is in it, private spaces and password hashes too: its owner's alone.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&archive).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{mode:o}");
    assert!(
        said.starts_with("exported ") && said.contains(" rows"),
        "{said}"
    );
    let to = format!("sqlite://{}/to.db", dir.display());
    let o = entrust(&["import", archive.to_str().unwrap()], &to);
    assert!(o.status.success(), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("imported "));
    let copy = Db::connect(&to, 2).await.unwrap();
    assert_eq!(
        backup::contents(&copy).await.unwrap(),
        backup::contents(&db).await.unwrap()
    );
    // Twice is refused, with the reason, and a failing exit.
    let o = entrust(&["import", archive.to_str().unwrap()], &to);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("already holds"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
