//! The `entrust` binary: bad configuration and unreachable databases give clear errors and a
//! non-zero exit, never a panic; `create-admin` creates an administrator once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn entrust(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entrust"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env("ENTRUST_LOG", "error");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn malformed_settings_are_named() {
    let o = entrust(&["serve", "--addr", "not-an-address"], &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--addr"), "{}", stderr(&o));
    let o = entrust(&["migrate"], &[("ENTRUST_SITE_ORIGIN", "ftp://x")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("site-origin"), "{}", stderr(&o));
    let o = entrust(&["migrate"], &[("DATABASE_URL", "mysql://db/x")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("DATABASE_URL"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn an_unreachable_database_is_a_clear_error() {
    let o = entrust(
        &["migrate"],
        &[("DATABASE_URL", "postgres://u:secret@127.0.0.1:1/x")],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("cannot connect to the database"), "{err}");
    assert!(
        !err.contains("secret"),
        "the password must not be printed: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn create_admin_creates_one_administrator() {
    let dir = std::env::temp_dir().join(format!("entrust_cli_{}", std::process::id()));
    let url = format!("sqlite://{}/e.db", dir.display());
    let env = [
        ("DATABASE_URL", url.as_str()),
        ("ENTRUST_ADMIN_PASSWORD", "a long admin password"),
    ];
    let args = [
        "create-admin",
        "--username",
        "root.admin",
        "--name",
        "Root Admin",
    ];
    let o = entrust(&args, &env);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("created administrator root.admin"));
    let again = entrust(&args, &env);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already taken"),
        "{}",
        stderr(&again)
    );
    let short = entrust(
        &[
            "create-admin",
            "--username",
            "other.admin",
            "--name",
            "Other",
        ],
        &[
            ("DATABASE_URL", url.as_str()),
            ("ENTRUST_ADMIN_PASSWORD", "short"),
        ],
    );
    assert!(!short.status.success());
    assert!(stderr(&short).contains("password"), "{}", stderr(&short));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn settings_are_read_from_a_dot_env_file() {
    let dir = std::env::temp_dir().join(format!("entrust_dotenv_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".env"), "ENTRUST_SITE_ORIGIN=ftp://from-dot-env\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_entrust"))
        .arg("migrate")
        .current_dir(&dir)
        .env_remove("ENTRUST_SITE_ORIGIN")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("site-origin"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(dir);
}
