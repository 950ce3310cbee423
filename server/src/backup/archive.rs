//! The archive file: one gzip-compressed tar holding `manifest.json` first, then one
//! JSON-lines file per table (`tables/<name>.jsonl`: a row per line, a JSON array in the
//! order of the manifest's columns) and the library's own documents (`content/…`). The
//! manifest names every file with its size and SHA-256; reading checks them all before
//! anything is written to a database, so a damaged or altered archive is refused whole.
//! Standard tools read it too (`tar tzf backup.tar.gz`).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::schema::Column;

/// The archive layout this build writes and reads.
pub const FORMAT: u32 = 1;

const MANIFEST: &str = "manifest.json";
/// A manifest is a list of names and sums; anything this big is not one.
const MAX_MANIFEST: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The `entrust` that wrote it.
    pub entrust_version: String,
    /// Unix seconds.
    pub created_at: i64,
    /// "sqlite" or "postgres": where the rows came from (either can take them).
    pub dialect: String,
    /// The migrations the source had run; the target must have run the same.
    pub migrations: Vec<i64>,
    pub tables: Vec<TableEntry>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the content folder, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl TableEntry {
    pub fn archive_path(&self) -> String {
        format!("tables/{}.jsonl", self.name)
    }
}

impl FileEntry {
    pub fn archive_path(&self) -> String {
        format!("content/{}", self.path)
    }
}

/// A writer that counts and hashes what passes through it.
pub struct Hashing<W: Write> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    pub fn new(inner: W) -> Self {
        Hashing {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    /// The bytes written and their SHA-256 (hex), once flushed.
    pub fn finish(mut self) -> io::Result<(u64, String)> {
        self.inner.flush()?;
        Ok((self.bytes, hex(&self.hash.finalize())))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Size and SHA-256 of a file on disk.
pub fn sum_file(path: &Path) -> io::Result<(u64, String)> {
    let mut h = Hashing::new(io::sink());
    io::copy(&mut File::open(path)?, &mut h)?;
    h.finish()
}

/// A table name the archive may carry: what the schema uses, nothing that could leave
/// `tables/`.
fn table_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A content path that stays inside the content folder.
fn content_path_ok(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes the archive to `out`: the manifest, then each `(name in the archive, file on
/// disk)`. It is written beside `out` and renamed at the end, so `out` is never half an
/// archive.
pub fn write(out: &Path, manifest: &Manifest, files: &[(String, PathBuf)]) -> io::Result<u64> {
    let partial = out.with_extension("partial");
    let result = (|| {
        // Private spaces, password hashes and feed secrets are in it: its owner's only.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = BufWriter::new(options.open(&partial)?);
        let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        let json = serde_json::to_vec_pretty(manifest).map_err(io::Error::other)?;
        append(
            &mut tar,
            MANIFEST,
            json.len() as u64,
            &json[..],
            manifest.created_at,
        )?;
        for (name, path) in files {
            let f = File::open(path)?;
            let len = f.metadata()?.len();
            append(&mut tar, name, len, f, manifest.created_at)?;
        }
        let mut file = tar.into_inner()?.finish()?;
        file.flush()?;
        file.get_ref().sync_all()?;
        Ok(())
    })();
    match result {
        Ok(()) => {
            std::fs::rename(&partial, out)?;
            Ok(std::fs::metadata(out)?.len())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    len: u64,
    data: impl Read,
    mtime: i64,
) -> io::Result<()> {
    let mut h = tar::Header::new_gnu();
    h.set_size(len);
    h.set_mode(0o644);
    h.set_mtime(u64::try_from(mtime).unwrap_or(0));
    h.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut h, name, data)
}

/// Reads the archive at `path` into the folder `into`, checking it against its manifest:
/// the format, every name, size and sum, nothing missing, nothing extra. Returns the
/// manifest; on any error `into` may hold part of the files and must be thrown away.
pub fn read(path: &Path, into: &Path) -> Result<Manifest, String> {
    let shown = path.display();
    let file = File::open(path).map_err(|e| format!("{shown}: {e}"))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(io::BufReader::new(file)));
    let mut entries = archive
        .entries()
        .map_err(|e| format!("{shown}: not an entrust archive ({e})"))?;
    let bad = |e: io::Error| format!("{shown}: damaged ({e})");

    let mut first = entries
        .next()
        .ok_or_else(|| format!("{shown}: empty archive"))?
        .map_err(bad)?;
    if first.path().map_err(bad)?.as_ref() != Path::new(MANIFEST) || first.size() > MAX_MANIFEST {
        return Err(format!(
            "{shown}: not an entrust archive (no manifest first)"
        ));
    }
    let mut json = Vec::new();
    first.read_to_end(&mut json).map_err(bad)?;
    let manifest: Manifest = serde_json::from_slice(&json)
        .map_err(|e| format!("{shown}: the manifest cannot be read ({e})"))?;
    if manifest.format != FORMAT {
        return Err(format!(
            "{shown}: archive format {} (this entrust reads format {FORMAT})",
            manifest.format
        ));
    }
    // What must be there, by name: (size, sum).
    let mut expected = std::collections::BTreeMap::new();
    for t in &manifest.tables {
        if !table_name_ok(&t.name) {
            return Err(format!(
                "{shown}: bad table name {:?} in the manifest",
                t.name
            ));
        }
        expected.insert(t.archive_path(), (t.bytes, t.sha256.clone()));
    }
    for f in &manifest.files {
        if !content_path_ok(&f.path) {
            return Err(format!(
                "{shown}: bad file path {:?} in the manifest",
                f.path
            ));
        }
        expected.insert(f.archive_path(), (f.bytes, f.sha256.clone()));
    }
    let mut seen = BTreeSet::new();
    for entry in entries {
        let mut entry = entry.map_err(bad)?;
        let name = entry.path().map_err(bad)?.to_string_lossy().into_owned();
        let Some((bytes, sum)) = expected.get(&name) else {
            return Err(format!("{shown}: {name} is not in the manifest"));
        };
        if !entry.header().entry_type().is_file() || !seen.insert(name.clone()) {
            return Err(format!("{shown}: {name} is not one plain file"));
        }
        let target = into.join(&name);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let out = File::create(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        let mut h = Hashing::new(BufWriter::new(out));
        io::copy(&mut entry, &mut h).map_err(bad)?;
        let (got_bytes, got_sum) = h.finish().map_err(bad)?;
        if got_bytes != *bytes || got_sum != *sum {
            return Err(format!(
                "{shown}: {name} does not match its checksum in the manifest (damaged or altered)"
            ));
        }
    }
    let missing: Vec<&String> = expected.keys().filter(|k| !seen.contains(*k)).collect();
    if !missing.is_empty() {
        return Err(format!("{shown}: missing {missing:?}"));
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_leave_their_folder_are_refused() {
        assert!(table_name_ok("posts") && table_name_ok("plan_actions2"));
        for bad in ["", "../x", "a/b", "Posts", "a.b", &"x".repeat(64)] {
            assert!(!table_name_ok(bad), "{bad}");
        }
        assert!(content_path_ok("guidelines/es/tratamiento.md"));
        for bad in ["", "/etc/passwd", "../x.md", "a/../../b", "a\\b", "./a"] {
            assert!(!content_path_ok(bad), "{bad}");
        }
    }

    #[test]
    fn hashing_counts_and_sums() {
        let mut h = Hashing::new(Vec::new());
        h.write_all(b"abc").unwrap();
        let (n, sum) = h.finish().unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            sum,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
