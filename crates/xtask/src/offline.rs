//! What makes the built page open offline and install as an app, written into `dist/` after
//! Trunk and the side modules: the app's icons (drawn here, no download) and its service worker
//! (`web/sw.js` with this build's version and file lists).

use std::io::Write as _;
use std::path::Path;

use sha2::Digest as _;

use crate::names::short_hex;
use crate::Result;

/// The side module the service worker keeps only once the page has used it (the PostgreSQL
/// translator: 450 KB a first visit need not carry), named `TRANSLATOR-HASH.js` and
/// `TRANSLATOR-HASH_bg.wasm`.
pub const TRANSLATOR: &str = "credreport-pg";

pub fn write(dist: &Path) -> Result {
    write_icons(dist)?;
    write_service_worker(dist)?;
    write_gzipped(dist)
}

/// Beside each file a server may send compressed, its gzip (`NAME.gz`), made once here:
/// `credreport serve` (and static hosts that look for them, such as nginx's `gzip_static`) sends
/// it as is instead of compressing every response again. Zopfli writes it: still gzip, which
/// every browser reads, but 4–5% smaller than zlib's best level (42 KB off the page's module, 30 KB
/// off the translator's), for a few seconds of this build. The page (`index.html`) is left out:
/// `serve` marks it as it sends it.
fn write_gzipped(dist: &Path) -> Result {
    let options = zopfli::Options {
        // Past 5 iterations the files shrink by a few hundred bytes more for twice the time.
        iteration_count: std::num::NonZeroU64::new(5).expect("5 is not 0"),
        ..Default::default()
    };
    for path in files(dist)? {
        let compressible = [".wasm", ".js", ".css", ".webmanifest"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if !compressible {
            continue;
        }
        let bytes = std::fs::read(dist.join(&path)).map_err(|e| format!("dist/{path}: {e}"))?;
        let mut gz = Vec::new();
        zopfli::compress(options, zopfli::Format::Gzip, bytes.as_slice(), &mut gz)
            .map_err(|e| format!("dist/{path}: {e}"))?;
        std::fs::write(dist.join(format!("{path}.gz")), gz)
            .map_err(|e| format!("dist/{path}.gz: {e}"))?;
    }
    Ok(())
}

/// Every file in `dist/`, as paths relative to it with `/` between parts, sorted.
fn files(dist: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{prefix}{name}");
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{path}/"), out)?;
            } else {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dist, "", &mut out)?;
    out.sort();
    Ok(out)
}

/// A JSON array of paths. Trunk and wasm-bindgen name files with letters, digits, `.`, `_`, `-`
/// and `/`; anything else would need escaping in the script, so it is refused.
fn json_list(paths: &[String]) -> Result<String> {
    let quoted: Vec<String> = paths
        .iter()
        .map(|p| {
            if p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c))
            {
                Ok(format!("\"{p}\""))
            } else {
                Err(format!(
                    "dist/{p}: a file name the service worker's list cannot hold"
                ))
            }
        })
        .collect::<Result<_>>()?;
    Ok(format!("[{}]", quoted.join(", ")))
}

fn write_service_worker(dist: &Path) -> Result {
    let template_path = crate::root().join("web/sw.js");
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("{}: {e}", template_path.display()))?;
    let all: Vec<String> = files(dist)?
        .into_iter()
        .filter(|p| p != "sw.js" && !p.ends_with(".gz"))
        .collect();
    // The version names this build's files and their bytes: any change makes a new one.
    let mut hash = sha2::Sha256::new();
    for path in &all {
        let bytes = std::fs::read(dist.join(path)).map_err(|e| format!("dist/{path}: {e}"))?;
        hash.update(path.as_bytes());
        hash.update([0]);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    let version = short_hex(hash);
    let (later, first): (Vec<String>, Vec<String>) = all
        .into_iter()
        .partition(|p| p.starts_with(&format!("{TRANSLATOR}-")));
    // The page is kept as its directory (`./`), whatever name it was opened by.
    let first: Vec<String> = std::iter::once("./".to_owned())
        .chain(first.into_iter().filter(|p| p != "index.html"))
        .collect();
    let script = template
        .replacen("{{VERSION}}", &version, 1)
        .replacen("{{FIRST}}", &json_list(&first)?, 1)
        .replacen("{{LATER}}", &json_list(&later)?, 1);
    if script.contains("{{") {
        return Err("web/sw.js: a placeholder was left unfilled".into());
    }
    std::fs::write(dist.join("sw.js"), script).map_err(|e| format!("dist/sw.js: {e}"))
}

/// The accent of the page's light theme (`--accent` in web/style.css).
const ACCENT: [u8; 3] = [0x0b, 0x62, 0xc4];

/// The icons the manifest names: a table on the accent colour, rounded, at two sizes, and a
/// full-bleed "maskable" one whose drawing stays inside the safe circle.
fn write_icons(dist: &Path) -> Result {
    for (name, size, maskable) in [
        ("icon-192.png", 192, false),
        ("icon-512.png", 512, false),
        ("icon-maskable-512.png", 512, true),
    ] {
        let png = png(size, size, &draw(size, maskable))?;
        std::fs::write(dist.join(name), png).map_err(|e| format!("dist/{name}: {e}"))?;
    }
    Ok(())
}

/// RGBA pixels of the icon: a rounded square of the accent colour (the whole square when
/// maskable), holding a white table: a header bar and three rows of two cells.
fn draw(size: u32, maskable: bool) -> Vec<u8> {
    let s = size as f32;
    // A maskable icon is cut to a circle of 80% of its width: draw smaller within it.
    let (inset, scale) = if maskable { (0.1, 0.8) } else { (0.0, 1.0) };
    let unit = |v: f32| (v * scale + inset) * s;
    let bars: [(f32, f32, f32, f32); 7] = [
        (0.22, 0.26, 0.78, 0.37),
        (0.22, 0.44, 0.42, 0.52),
        (0.46, 0.44, 0.78, 0.52),
        (0.22, 0.57, 0.42, 0.65),
        (0.46, 0.57, 0.78, 0.65),
        (0.22, 0.70, 0.42, 0.78),
        (0.46, 0.70, 0.78, 0.78),
    ];
    let radius = 0.18 * s;
    let mut out = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let inside = maskable || {
                // Distance outside the rounded corner's circle, if in a corner.
                let cx = px.clamp(radius, s - radius);
                let cy = py.clamp(radius, s - radius);
                (px - cx).powi(2) + (py - cy).powi(2) <= radius * radius
            };
            let white = bars.iter().any(|&(x0, y0, x1, y1)| {
                px >= unit(x0) && px < unit(x1) && py >= unit(y0) && py < unit(y1)
            });
            let pixel = match (inside, white) {
                (false, _) => [0, 0, 0, 0],
                (true, true) => [255, 255, 255, 255],
                (true, false) => [ACCENT[0], ACCENT[1], ACCENT[2], 255],
            };
            out.extend_from_slice(&pixel);
        }
    }
    out
}

/// A PNG file of 8-bit RGBA pixels: signature, IHDR, one zlib IDAT, IEND.
fn png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // 8 bits per channel, colour type 6 (RGBA), deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for row in rgba.chunks(width as usize * 4) {
        // Filter 0 (none) per row: the flat colours compress well without one.
        z.write_all(&[0]).map_err(|e| e.to_string())?;
        z.write_all(row).map_err(|e| e.to_string())?;
    }
    let data = z.finish().map_err(|e| e.to_string())?;
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &data);
    chunk(&mut out, b"IEND", &[]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    /// Browsers refuse an icon whose chunks' checksums are wrong: these are the ones every
    /// 1×1 RGBA PNG has (its header's) and every PNG ends with (IEND's).
    #[test]
    fn icons_are_png_files_with_the_checksums_browsers_check() {
        let png = super::png(1, 1, &[0, 0, 0, 0]).unwrap();
        let header =
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        assert_eq!(&png[..header.len()], header);
        assert!(png.ends_with(b"\0\0\0\0IEND\xae\x42\x60\x82"), "{png:x?}");
    }
}
