//! `casa export`: a slide of a scene or of the overview (PNG, SVG or PDF), every scene as
//! PNG slides, or the briefing as one PDF deck, with the user's layers, from the
//! document alone (no window, no GPU).

use crate::data::{Loaded, Severity};
use crate::model::corpus::Corpus;
use std::fmt::Write as _;

/// What `casa export` is asked for.
#[derive(Clone, Debug, Default)]
pub struct ExportRequest {
    /// A scene, by name or number; `None`: the overview with every feature layer.
    pub scene: Option<String>,
    /// The whole briefing: a PDF deck, or a folder of PNG slides.
    pub briefing: bool,
    /// With `briefing`: a speaker-notes page after each scene.
    pub notes: bool,
    /// A handling mark at the top and bottom of every page; `None`: the briefing's own.
    pub banner: Option<String>,
    /// GeoJSON files drawn as extra layers.
    pub layers: Vec<std::path::PathBuf>,
    /// Pixels.
    pub size: [u32; 2],
    /// The output: .png, .svg or .pdf; with `briefing`, .pdf or a folder.
    pub out: std::path::PathBuf,
    /// The dark theme.
    pub dark: bool,
    /// The relief of slides whose scene does not ask for one (`None`: none).
    pub relief: Option<crate::model::layers::ReliefStyle>,
    /// The briefing file to take the scene from; `None`: the user's, else the shipped one.
    pub scenes: Option<std::path::PathBuf>,
    /// Fail (after writing) if a layer has warnings or skipped features, or nothing to
    /// draw.
    pub strict: bool,
    /// The atlas as data instead of a slide: a format's name ("gpkg"), or "auto" for the
    /// one `out`'s extension names.
    pub data: Option<String>,
}

impl ExportRequest {
    /// Whether the output is a folder (of PNG slides): it ends with a separator or is an
    /// existing folder.
    fn out_is_folder(&self) -> bool {
        let text = self.out.as_os_str().to_string_lossy();
        text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || self.out.is_dir()
    }
}

/// `casa export`: draws a slide, or the whole briefing as a deck, without a window or GPU.
/// Returns what was written and any warnings (skipped features of a layer, scenes that
/// failed their checks), or why nothing was.
pub fn export(loaded: Loaded, request: &ExportRequest) -> Result<String, String> {
    let mut warnings = 0;
    let report = export_counting(loaded, request, &mut warnings)?;
    if request.strict && warnings > 0 {
        return Err(format!(
            "{report}--strict: {warnings} warning(s) or skipped feature(s) in the layers (the file was written)"
        ));
    }
    Ok(report)
}

/// [`export`], counting the layers' warnings and skipped features.
fn export_counting(
    loaded: Loaded,
    request: &ExportRequest,
    warnings: &mut usize,
) -> Result<String, String> {
    if let Some(format) = &request.data {
        return export_data(&loaded, request, format);
    }
    if request.briefing && extension_is(&request.out, crate::data::package::PACKAGE_EXTENSION) {
        return export_package(loaded, request);
    }
    check_request(request)?;
    let mut report = String::new();
    let Loaded {
        atlas,
        corpus,
        briefing,
        ..
    } = loaded;
    let (doc, extra) = document_and_layers(atlas, corpus, &request.layers, &mut report, warnings)?;
    let theme = if request.dark {
        crate::render::style::Theme::Dark
    } else {
        crate::render::style::Theme::Light
    };
    let palette = crate::render::style::Palette::of(theme);
    let scenes = export_briefing_file(request, (&doc.atlas, &doc.corpus), briefing, &mut report)?;
    let imported: Vec<crate::compose::ImportedView<'_>> = extra
        .iter()
        .map(|(layer, geometry)| crate::compose::ImportedView {
            layer,
            geometry,
            visible: true,
        })
        .collect();
    let basemap = crate::render::style::Basemap {
        relief: request
            .relief
            .unwrap_or(crate::render::style::Basemap::EXPORT.relief),
        ..crate::render::style::Basemap::EXPORT
    };
    // `--banner ""` asks for none, even where the briefing has one.
    let banner = match &request.banner {
        Some(b) => Some(b.trim().to_owned()).filter(|b| !b.is_empty()),
        None => scenes.banner(),
    };
    let with = if extra.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = extra
            .iter()
            .map(|(l, _)| format!("{} ({} features)", l.name, l.features.len()))
            .collect();
        format!(", with {}", names.join(", "))
    };
    if request.briefing {
        let options = crate::export::deck::DeckOptions {
            notes: request.notes,
            banner,
            date: crate::sys::clock::today(),
        };
        let source = crate::export::deck::DeckSource {
            doc: &doc,
            palette: &palette,
            basemap,
            briefing: &scenes,
            imported,
            options: &options,
        };
        let done = export_deck(&source, request)?;
        let _ = writeln!(report, "{done}{with}");
        return Ok(report);
    }
    let scene = match &request.scene {
        None => None,
        Some(query) => Some(scenes.find(query).ok_or_else(|| {
            let names: Vec<String> = scenes
                .scenes
                .iter()
                .enumerate()
                .map(|(i, s)| format!("  {}. {}", i + 1, s.name))
                .collect();
            format!("no scene {query:?}; the scenes are:\n{}", names.join("\n"))
        })?),
    };
    let mut slide = match scene.and_then(|i| scenes.scenes.get(i)) {
        Some(s) => crate::export::scene_slide(&doc, &palette, basemap, s, imported, request.size),
        None => crate::export::overview_slide(&doc, &palette, basemap, imported, request.size),
    };
    slide.banner = banner;
    crate::export::write(&slide, &request.out).map_err(|e| e.to_string())?;
    let what = scene
        .and_then(|i| scenes.scenes.get(i))
        .map_or("the overview".to_owned(), |s| format!("scene “{}”", s.name));
    let _ = writeln!(
        report,
        "wrote {} ({}×{}, {what}{with})",
        request.out.display(),
        request.size[0],
        request.size[1],
    );
    Ok(report)
}

/// `casa export --data`: the whole atlas, or what `--scene` shows, as GIS data.
/// The scene's briefing is found as for a slide (`--scenes`, the user's, the shipped).
fn export_data(loaded: &Loaded, request: &ExportRequest, format: &str) -> Result<String, String> {
    use crate::export::data::{DataFormat, DataScope, DataSource};
    let named = if format == "auto" {
        DataFormat::of_path(&request.out).ok_or_else(|| {
            format!(
                "{}: name the format (--data gpkg, kmz, kml, geojson or csv) or end the file name with one",
                request.out.display()
            )
        })?
    } else {
        DataFormat::from_key(format)
            .ok_or_else(|| format!("--data {format:?}: expected gpkg, kmz, kml, geojson or csv"))?
    };
    let scope = match &request.scene {
        None => DataScope::Whole,
        Some(query) => {
            let shipped = loaded.briefing.clone();
            let mut warnings = String::new();
            let atlas = (&loaded.atlas, &loaded.corpus);
            let briefing = export_briefing_file(request, atlas, shipped, &mut warnings)?;
            let index = briefing
                .find(query)
                .ok_or_else(|| format!("{warnings}no scene {query:?} in the briefing"))?;
            DataScope::View(briefing.scenes[index].side().to_state())
        }
    };
    let source = DataSource {
        atlas: &loaded.atlas,
        corpus: &loaded.corpus,
        added: loaded.user.as_ref().map(|u| &u.added),
    };
    let written = crate::export::data::export_data(&source, &scope, named, &request.out, &|_| {})
        .map_err(|e| e.to_string())?;
    Ok(format!("{}\n", written.summary()))
}

/// `casa export --briefing --out NAME.casa`: the briefing as a package, with the `--layer`
/// files and the user's entries its scenes show or cite, as File ▸ Save briefing as
/// package… writes it.
fn export_package(loaded: Loaded, request: &ExportRequest) -> Result<String, String> {
    if request.notes || request.banner.is_some() || request.relief.is_some() || request.dark {
        return Err(
            "--notes, --banner, --relief and --dark are for slides and decks; a package carries the briefing as it is"
                .into(),
        );
    }
    if let Some(file) = request.scenes.as_ref().filter(|f| !f.is_file()) {
        return Err(format!("{}: no such briefing file", file.display()));
    }
    let mut report = String::new();
    let atlas = (&loaded.atlas, &loaded.corpus);
    let briefing = export_briefing_file(request, atlas, loaded.briefing.clone(), &mut report)?;
    let additions = loaded
        .user
        .as_ref()
        .map(|user| crate::data::package::cited_additions(&briefing, &loaded.atlas, &user.atlas))
        .unwrap_or_default();
    let contents = crate::data::package::Contents {
        briefing,
        additions,
        layers: request.layers.clone(),
    };
    let done = crate::data::package::write(&request.out, &contents)?;
    let _ = writeln!(report, "{done}");
    Ok(report)
}

/// What is wrong with an export request before anything is loaded: its size, the
/// output's format, options that need others, a briefing file that is not there.
fn check_request(request: &ExportRequest) -> Result<(), String> {
    crate::export::check_size(request.size).map_err(|e| e.to_string())?;
    if request.briefing {
        let pdf = extension_is(&request.out, "pdf");
        if !request.out_is_folder() && !pdf {
            return Err(format!(
                "{}: a briefing is written as a .pdf file, a .casa package, or into a folder of PNG slides (end the name with /)",
                request.out.display()
            ));
        }
        if request.notes && !pdf {
            return Err(
                "--notes adds speaker-notes pages to a PDF deck; a folder of slides has none"
                    .into(),
            );
        }
    } else {
        crate::export::check_format(&request.out).map_err(|e| e.to_string())?;
    }
    if request.notes && !request.briefing {
        return Err(
            "--notes adds speaker-notes pages to a briefing deck: use it with --briefing".into(),
        );
    }
    // A briefing file named for a deck must exist (for one slide, as for the app, a file
    // not yet written means no briefing of your own: the shipped one).
    if let Some(file) = request.scenes.as_ref().filter(|_| request.briefing)
        && !file.is_file()
    {
        return Err(format!("{}: no such briefing file", file.display()));
    }
    Ok(())
}

/// Whether a path's extension is `ext` (case-insensitive).
fn extension_is(path: &std::path::Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Layers from files, read and projected, for an export.
type ExtraLayers = Vec<(
    crate::model::user_layer::UserLayer,
    crate::render::imported::ImportedGeometry,
)>;

/// The document, built while the extra layers load (the two are independent and a big
/// layer is most of the time); the layers' skipped features are reported. Only the
/// document: no GUI app, no background mesh builder.
fn document_and_layers(
    atlas: crate::model::Atlas,
    corpus: Corpus,
    paths: &[std::path::PathBuf],
    report: &mut String,
    warnings: &mut usize,
) -> Result<(crate::render::document::Document, ExtraLayers), String> {
    // The document projects with the atlas's projection, which the layers can use
    // before it is built.
    let projection = crate::geo::projection::Albers::central_asia();
    let (doc, layers) = std::thread::scope(|scope| {
        let doc = scope.spawn(|| crate::render::document::Document::build(atlas, corpus));
        let layers: Result<Vec<_>, String> = paths
            .iter()
            .map(|path| {
                let layer = crate::data::user_layer::load_layer(path).map_err(|e| e.to_string())?;
                let geometry =
                    crate::render::imported::ImportedGeometry::for_pages(&layer, &projection);
                Ok((layer, geometry))
            })
            .collect();
        let doc = doc.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (doc, layers)
    });
    let mut extra = Vec::new();
    for (path, (layer, geometry)) in paths.iter().zip(layers?) {
        for line in crate::model::issue::summarize(&layer.skipped, false) {
            let _ = writeln!(report, "{line}");
        }
        *warnings += layer.count(Severity::Warning) + layer.count(Severity::Error);
        if let Some(empty) = &layer.empty {
            *warnings += 1;
            let _ = writeln!(report, "warning: {}: {empty}", path.display());
        }
        extra.push((layer, geometry));
    }
    Ok((doc, extra))
}

/// The briefing to export from: `--scenes FILE`, else the user's, else the shipped one;
/// the scenes that fail their checks are reported and left out. The file is only read
/// (never set aside or copied, as the app does with its own): a named file that cannot be
/// read or is not a briefing is an error; the user's own is then only a warning.
fn export_briefing_file(
    request: &ExportRequest,
    (atlas, corpus): (&crate::model::Atlas, &Corpus),
    shipped: crate::model::briefing::Briefing,
    report: &mut String,
) -> Result<crate::model::briefing::Briefing, String> {
    let named = request.scenes.is_some();
    let file = request.scenes.clone().or_else(|| {
        crate::sys::persist::user_data_dir().map(|d| d.join(crate::model::briefing::SCENES_FILE))
    });
    let Some(file) = file.filter(|f| f.exists()) else {
        return Ok(shipped);
    };
    let refuse = |problem: String, report: &mut String| {
        if named {
            Err(problem)
        } else {
            let _ = writeln!(report, "warning: {problem}; using the shipped briefing");
            Ok(None)
        }
    };
    let name = file.display().to_string();
    let parsed = match crate::data::read_user_text(&file) {
        Err(problem) => refuse(problem, report)?,
        Ok(text) => {
            let (briefing, issues) =
                crate::model::briefing::Briefing::parse(&name, &text, atlas, corpus);
            let whole_file = issues.iter().find(|i| i.feature.is_none());
            match whole_file {
                Some(issue) if briefing.scenes.is_empty() => refuse(issue.to_string(), report)?,
                _ => {
                    for issue in &issues {
                        let _ = writeln!(report, "warning: {issue}");
                    }
                    Some(briefing)
                }
            }
        }
    };
    Ok(parsed.unwrap_or(shipped))
}

/// Writes the deck (PDF) or the folder of slides (PNG) a request asks for; says what was
/// written.
fn export_deck(
    source: &crate::export::deck::DeckSource<'_>,
    request: &ExportRequest,
) -> Result<String, String> {
    let scenes = source.briefing.scenes.len();
    if scenes == 0 {
        return Err("the briefing has no scene to export".into());
    }
    if request.out_is_folder() {
        let files = crate::export::deck::write_png_folder(source, request.size, &request.out)
            .map_err(|e| e.to_string())?;
        return Ok(format!(
            "wrote {} slides into {} ({}×{})",
            files.len(),
            request.out.display(),
            request.size[0],
            request.size[1]
        ));
    }
    let n = crate::export::deck::write_deck_pdf(source, &request.out).map_err(|e| e.to_string())?;
    let bytes = std::fs::metadata(&request.out).map_or(0, |m| m.len());
    Ok(format!(
        "wrote {} ({n} pages: title, {scenes} scene{}{}, sources; {:.1} MB)",
        request.out.display(),
        if scenes == 1 { "" } else { "s" },
        if request.notes { " with notes" } else { "" },
        bytes as f64 / 1e6
    ))
}
