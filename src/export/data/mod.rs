//! The atlas as data for GIS colleagues: GeoPackage, KML/KMZ, GeoJSON and CSV, each with
//! the features' dates, precision, quotes, references and corrections ([`records`] makes
//! the rows every format writes). Files are written atomically; nothing is left half
//! written.

mod csv;
mod geojson;
mod gpkg;
mod icons;
mod kml;
pub mod records;

use std::path::{Path, PathBuf};

pub use records::{DataLayer, DataScope, DataSource, Records};

/// A data format CASA writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    /// OGC GeoPackage 1.3 (SQLite): a table per layer, the memberships, facts, sources and
    /// corrections, and a QGIS style per layer.
    GeoPackage,
    /// KML 2.2 zipped with its icons, for Google Earth.
    Kmz,
    /// KML 2.2 alone (icons referred to by name, not included).
    Kml,
    /// RFC 7946 GeoJSON: one collection, a `layer` property on each feature.
    GeoJson,
    /// CSV for spreadsheets: the features (a position each) and, beside it, the memberships.
    Csv,
}

impl DataFormat {
    /// Every format, in the order the export window offers them.
    pub const ALL: [Self; 5] = [
        Self::GeoPackage,
        Self::Kmz,
        Self::Kml,
        Self::GeoJson,
        Self::Csv,
    ];

    /// Its name for people ("GeoPackage").
    pub fn name(self) -> &'static str {
        match self {
            Self::GeoPackage => "GeoPackage",
            Self::Kmz => "KMZ",
            Self::Kml => "KML",
            Self::GeoJson => "GeoJSON",
            Self::Csv => "CSV",
        }
    }

    /// Its file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::GeoPackage => "gpkg",
            Self::Kmz => "kmz",
            Self::Kml => "kml",
            Self::GeoJson => "geojson",
            Self::Csv => "csv",
        }
    }

    /// The format a command-line word or a file extension names ("gpkg", "geopackage").
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key.to_ascii_lowercase().as_str() {
            "gpkg" | "geopackage" => Self::GeoPackage,
            "kmz" => Self::Kmz,
            "kml" => Self::Kml,
            "geojson" | "json" => Self::GeoJson,
            "csv" => Self::Csv,
            _ => return None,
        })
    }

    /// The format a file's extension names.
    pub fn of_path(path: &Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::from_key)
    }
}

/// Why data could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// Nothing is in scope.
    #[error("nothing to export: {0} shows no feature and no membership")]
    Empty(String),
    /// The GeoPackage could not be made.
    #[error("could not make the GeoPackage: {0}")]
    GeoPackage(String),
    /// The KMZ could not be zipped.
    #[error("could not zip the KMZ: {0}")]
    Zip(String),
    /// A file could not be written.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataWritten {
    /// The files, in order.
    pub files: Vec<PathBuf>,
    /// Their bytes in all.
    pub bytes: u64,
    /// Features written.
    pub features: usize,
    /// Membership periods written.
    pub memberships: usize,
    /// Sources (quotes and references) written.
    pub sources: usize,
    /// What was exported ("the whole atlas").
    pub scope: String,
}

impl DataWritten {
    /// "Wrote atlas.gpkg (2.0 MB): 75 features, 119 membership periods, 442 sources, from
    /// the whole atlas".
    pub fn summary(&self) -> String {
        let names: Vec<String> = self.files.iter().map(|p| p.display().to_string()).collect();
        format!(
            "Wrote {} ({:.1} MB): {} features, {} membership periods, {} sources, from {}",
            names.join(" and "),
            self.bytes as f64 / 1e6,
            self.features,
            self.memberships,
            self.sources,
            self.scope
        )
    }
}

/// The files of an export: their paths and bytes (CSV writes the memberships beside the
/// features, `NAME-memberships.csv`).
pub fn encode(
    records: &Records,
    format: DataFormat,
    path: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, DataError> {
    if records.features.is_empty() && records.memberships.is_empty() {
        return Err(DataError::Empty(records.scope.clone()));
    }
    Ok(match format {
        DataFormat::GeoPackage => vec![(path.to_path_buf(), gpkg::write(records)?)],
        DataFormat::Kmz => vec![(path.to_path_buf(), kml::kmz(records)?)],
        DataFormat::Kml => vec![(path.to_path_buf(), kml::kml(records, false).into_bytes())],
        DataFormat::GeoJson => vec![(path.to_path_buf(), geojson::write(records))],
        DataFormat::Csv => {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "casa".to_owned());
            let beside = path.with_file_name(format!("{stem}-memberships.csv"));
            vec![
                (path.to_path_buf(), csv::features(records)),
                (beside, csv::memberships(records)),
            ]
        }
    })
}

/// The steps of an export, in order, for its progress.
pub const DATA_STEPS: [&str; 3] = ["Collecting the atlas", "Encoding", "Writing the file"];

/// Exports `scope` of `source` as `format` to `path`, atomically (every file or none);
/// `reached` is told the index in [`DATA_STEPS`] of each step as it starts.
pub fn export_data(
    source: &DataSource<'_>,
    scope: &DataScope,
    format: DataFormat,
    path: &Path,
    reached: &dyn Fn(usize),
) -> Result<DataWritten, DataError> {
    reached(0);
    let records = source.records(scope);
    reached(1);
    let files = encode(&records, format, path)?;
    reached(2);
    crate::sys::persist::write_all_atomic(&files)
        .map_err(|e| DataError::Io(path.display().to_string(), e))?;
    Ok(DataWritten {
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
        files: files.into_iter().map(|(p, _)| p).collect(),
        features: records.features.len(),
        memberships: records.memberships.len(),
        sources: records.sources().count(),
        scope: records.scope,
    })
}
