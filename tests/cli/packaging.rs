//! The packages declare what the program does: every file type CASA reads (its briefing
//! package and the layers) is offered by
//! the Windows installers (NSIS and MSI), the Linux desktop entry and the macOS bundle, and
//! the Windows shortcut carries the app id the program sets. One list in the code
//! (`LayerFormat::EXTENSIONS`), held against every copy.

use casa::data::user_layer::LayerFormat;

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The MIME type the desktop entry names for each extension (shared-mime-info's, or the
/// one packaging/linux/org.casaatlas.Casa.mime.xml defines).
fn mime_of(extension: &str) -> &'static str {
    match extension {
        "geojson" | "json" => "application/geo+json",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "kml" => "application/vnd.google-earth.kml+xml",
        "kmz" => "application/vnd.google-earth.kmz",
        "gpx" => "application/gpx+xml",
        "zip" => "application/zip",
        "shp" => "application/vnd.shp",
        "gpkg" => "application/geopackage+sqlite3",
        "casa" => casa::data::package::PACKAGE_MIME_TYPE,
        other => panic!("no MIME type known for .{other}: add it here and to the packages"),
    }
}

/// The extensions listed by Cargo.toml's `[[package.metadata.packager.file-associations]]`
/// tables (the macOS bundle's document types).
fn macos_extensions(cargo: &str) -> Vec<String> {
    let mut extensions = Vec::new();
    let mut in_association = false;
    for line in cargo.lines() {
        if line.starts_with('[') {
            in_association = line == "[[package.metadata.packager.file-associations]]";
        } else if in_association && let Some(list) = line.strip_prefix("extensions = [") {
            extensions.extend(
                list.trim_end_matches(']')
                    .split(',')
                    .map(|e| e.trim().trim_matches('"').to_owned()),
            );
        }
    }
    extensions
}

#[test]
fn every_file_type_casa_reads_is_declared_by_every_package() {
    let nsis = read("packaging/windows/casa.nsi");
    let wxs = read("packaging/windows/casa.wxs");
    let installer_check = read("tools/windows/installers.sh");
    let macos = macos_extensions(&read("Cargo.toml"));
    let desktop = read("packaging/linux/org.casaatlas.Casa.desktop");
    let metainfo = read("packaging/linux/org.casaatlas.Casa.metainfo.xml");
    let mime_types = desktop
        .lines()
        .find_map(|l| l.strip_prefix("MimeType="))
        .expect("the desktop entry has MimeType");
    // The zipped Shapefile's own extension, beside .zip, and the briefing package, on
    // every platform.
    let extensions = LayerFormat::EXTENSIONS
        .iter()
        .copied()
        .chain(["shz", casa::data::package::PACKAGE_EXTENSION]);
    for ext in extensions {
        assert!(
            nsis.contains(&format!("!insertmacro ${{action}} {ext} ")),
            ".{ext}: not in packaging/windows/casa.nsi"
        );
        assert!(
            wxs.contains(&format!(r"Software\Classes\.{ext}\OpenWithProgids")),
            ".{ext}: not in packaging/windows/casa.wxs"
        );
        assert!(
            installer_check.lines().any(|l| l.starts_with("types=")
                && l.contains(&format!(" {ext}:"))
                || l.starts_with(&format!("types=\"{ext}:"))),
            ".{ext}: not checked by tools/windows/installers.sh"
        );
        assert!(
            macos.iter().any(|e| e == ext),
            ".{ext}: not in Cargo.toml's file associations (macOS): {macos:?}"
        );
        if ext != "shz" {
            let mime = mime_of(ext);
            assert!(
                mime_types.split(';').any(|m| m == mime),
                ".{ext}: {mime} is not in the desktop entry's MimeType"
            );
            if ext != "zip" {
                assert!(
                    metainfo.contains(&format!("<mediatype>{mime}</mediatype>")),
                    ".{ext}: {mime} is not in the AppStream file"
                );
            }
        }
    }
    assert!(
        mime_types
            .split(';')
            .any(|m| m == "application/x-zipped-shapefile"),
        ".shz: not in the desktop entry"
    );
    // The types Debian does not know are defined by the package's shared-mime-info file.
    let mime_xml = read("packaging/linux/org.casaatlas.Casa.mime.xml");
    for (mime, glob) in [
        (casa::data::package::PACKAGE_MIME_TYPE, "*.casa"),
        ("application/x-zipped-shapefile", "*.shz"),
        ("application/geopackage+sqlite3", "*.gpkg"),
    ] {
        assert!(
            mime_xml.contains(&format!("<mime-type type=\"{mime}\">"))
                && mime_xml.contains(&format!("<glob pattern=\"{glob}\"/>")),
            "{mime} ({glob}) is not defined in packaging/linux/org.casaatlas.Casa.mime.xml"
        );
    }
}

#[test]
fn the_windows_shortcut_carries_the_app_id_the_program_sets() {
    let nsis = read("packaging/windows/casa.nsi");
    let installer_check = read("tools/windows/installers.sh");
    assert!(
        nsis.contains(&format!("!define APP_ID \"{}\"", casa::APP_ID)),
        "packaging/windows/casa.nsi's APP_ID is not {}",
        casa::APP_ID
    );
    assert!(
        installer_check.contains(&format!(r"System.AppUserModel.ID\t{}", casa::APP_ID)),
        "the .msi's MsiShortcutProperty is not {}",
        casa::APP_ID
    );
    let desktop = read("packaging/linux/org.casaatlas.Casa.desktop");
    assert!(desktop.contains(&format!("StartupWMClass={}", casa::APP_ID)));
}
