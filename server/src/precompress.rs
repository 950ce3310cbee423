//! `entrust compress-site`: the site's static files (WebAssembly, JavaScript, CSS, SVG…)
//! compressed once, after the build, at the highest levels — brotli 11 and gzip 9 — into
//! `name.br` and `name.gz` beside each file. `/pkg` serves those as they are
//! (`ServeDir::precompressed_*`), so people on slow links get the smallest bytes and the
//! server spends no time compressing them per request.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Files worth compressing: text and WebAssembly, at least this big.
const EXTENSIONS: [&str; 7] = ["wasm", "js", "css", "svg", "json", "txt", "html"];
const SMALLEST: u64 = 1024;

/// One file's sizes: raw, brotli, gzip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    pub br: u64,
    pub gz: u64,
}

/// Compresses every eligible file under `dir` (sub-folders too) whose `.br`/`.gz` is
/// missing or older than it; returns what it found, compressed or already done.
pub fn site(dir: &Path) -> Result<Vec<Compressed>, String> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(d) = folders.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in entries {
            let path = e.map_err(|e| format!("{}: {e}", d.display()))?.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let eligible = path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x));
            let raw = std::fs::metadata(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .len();
            if eligible && raw >= SMALLEST {
                out.push(file(&path, raw)?);
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn fresh(original: &Path, derived: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(original), modified(derived)), (Some(a), Some(b)) if b >= a)
}

fn file(path: &Path, raw: u64) -> Result<Compressed, String> {
    let shown = |e: std::io::Error| format!("{}: {e}", path.display());
    let (br, gz) = (with_suffix(path, ".br"), with_suffix(path, ".gz"));
    if !(fresh(path, &br) && fresh(path, &gz)) {
        let data = std::fs::read(path).map_err(shown)?;
        let mut b = Vec::with_capacity(data.len() / 3);
        {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 24,
                ..Default::default()
            };
            let mut w = brotli::CompressorWriter::with_params(&mut b, 64 * 1024, &params);
            w.write_all(&data).map_err(shown)?;
        }
        let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        g.write_all(&data).map_err(shown)?;
        let g = g.finish().map_err(shown)?;
        write_atomically(&br, &b).map_err(shown)?;
        write_atomically(&gz, &g).map_err(shown)?;
    }
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).map_err(shown);
    Ok(Compressed {
        path: path.to_path_buf(),
        raw,
        br: size(&br)?,
        gz: size(&gz)?,
    })
}

/// Written beside and renamed, so a server reading the folder never serves half a file.
fn write_atomically(to: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let part = with_suffix(to, ".part");
    std::fs::write(&part, bytes)?;
    std::fs::rename(&part, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn files_are_compressed_once_and_read_back_whole() {
        let dir = std::env::temp_dir().join(format!("entrust_precompress_{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        let text = "fn hydrate() { islands(); }\n".repeat(400);
        std::fs::write(dir.join("pkg/app.js"), &text).unwrap();
        std::fs::write(dir.join("pkg/tiny.css"), "a{}").unwrap();
        std::fs::write(dir.join("pkg/photo.png"), vec![7u8; 5000]).unwrap();
        let got = site(&dir).unwrap();
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].br < got[0].raw / 10 && got[0].gz < got[0].raw / 10,
            "{got:?}"
        );

        let mut back = String::new();
        brotli::Decompressor::new(&std::fs::read(dir.join("pkg/app.js.br")).unwrap()[..], 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&std::fs::read(dir.join("pkg/app.js.gz")).unwrap()[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert!(!dir.join("pkg/tiny.css.br").exists() && !dir.join("pkg/photo.png.br").exists());

        // A second run finds them done and leaves them; a changed file is done again.
        let before = std::fs::metadata(dir.join("pkg/app.js.br"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(site(&dir).unwrap(), got);
        let after = std::fs::metadata(dir.join("pkg/app.js.br"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("pkg/app.js"), "x".repeat(3000)).unwrap();
        let again = site(&dir).unwrap();
        assert_eq!(again[0].raw, 3000);
        let _ = std::fs::remove_dir_all(dir);
    }
}
