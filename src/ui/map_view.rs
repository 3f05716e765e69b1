//! The map view: input (pan, zoom, hover, click) and drawing of the cached geometry.

use egui::epaint::Mesh;
use egui::{Align2, Color32, FontId, Key, Pos2, Rect, Sense, Shape, Stroke, Vec2};

use super::Command;
use super::content_view::{self, ContentScene, Drawn};
use crate::camera::{Camera, KEY_ZOOM_FACTOR};
use crate::hit_test::HitIndex;
use crate::model::{Atlas, CountryRole, WaterKind};
use crate::projection::LonLat;
use crate::render::labels::LabelCandidate;
use crate::render::mesh::ScreenTransform;
use crate::render::style::{Palette, sizes};
use crate::render::{AreaLod, MapGeometry, WaterGeometry, WorldBounds, lod_for};

/// How far one arrow-key press pans, in screen points.
const ARROW_PAN_POINTS: f32 = 80.0;

/// What the map view needs to draw one frame.
pub struct MapScene<'a> {
    /// The atlas.
    pub atlas: &'a Atlas,
    /// Its cached geometry.
    pub geometry: &'a MapGeometry,
    /// Its hit index.
    pub hit: &'a HitIndex,
    /// Colours.
    pub palette: &'a Palette,
    /// The selected country.
    pub selected: Option<usize>,
    /// Whether to draw the graticule.
    pub graticule: bool,
    /// Countries in label priority order.
    pub label_order: &'a [usize],
    /// Each country's label, same order as the atlas (see [`label_text`]).
    pub label_texts: &'a [String],
    /// The content layers, if any.
    pub content: Option<ContentScene<'a>>,
    /// Imported layers (drawn when visible), and the selected imported feature.
    pub imported: &'a [crate::app::Imported],
    /// The selected imported feature: (layer, feature).
    pub selected_import: Option<(usize, usize)>,
}

/// A country's map label: the five Central Asian states in capitals, so they stand out.
pub fn label_text(country: &crate::model::Country) -> String {
    match country.role {
        CountryRole::Focus => country.name.to_uppercase(),
        _ => country.name.clone(),
    }
}

/// The map view's own state between frames.
#[derive(Debug, Default)]
pub struct MapView {
    /// The camera; `None` until the first frame knows the viewport size.
    pub camera: Option<Camera>,
    /// The country under the pointer.
    pub hovered: Option<usize>,
    /// The feature under the pointer.
    pub hovered_feature: Option<usize>,
    /// A camera flight in progress (fly-to after a search or a click on a marker).
    pub flight: Option<Flight>,
    /// The viewport of the last frame.
    pub viewport: Option<Rect>,
    /// Whether the user has moved the camera since it was last reset; until then the
    /// overview (or the scene's view) follows the window's size.
    pub user_moved: bool,
    /// The box (west, south, east, north in degrees) the camera fits while the user has not
    /// moved it: a scene's view; `None` for the Central Asia overview.
    pub fit: Option<[f64; 4]>,
    /// A second map that follows another's camera: it leaves the keyboard to the first.
    pub passive_keys: bool,
    /// The features drawn in the last frame (for the legend), in drawing order.
    pub drawn_features: Vec<usize>,
    /// The imported feature under the pointer: (layer, feature).
    pub hovered_import: Option<(usize, usize)>,
}

/// A smooth camera move from one view to another.
#[derive(Clone, Copy, Debug)]
pub struct Flight {
    from: Camera,
    to: Camera,
    start: f64,
    duration: f64,
}

/// How long a flight takes (seconds).
const FLIGHT_SECONDS: f64 = 0.6;

/// How long the move to a scene's view takes (seconds).
const SCENE_FLIGHT_SECONDS: f64 = 1.1;

/// The radius around the pointer within which a symbol is hit (points).
const HIT_RADIUS_POINTS: f64 = 10.0;

impl MapView {
    /// Starts a smooth flight to `center` at `metres_per_point` (the current zoom is kept
    /// when it already shows the place closely enough).
    pub fn fly_to(
        &mut self,
        center: crate::projection::WorldPoint,
        metres_per_point: f64,
        now: f64,
    ) {
        let Some(from) = self.camera else { return };
        let to = Camera {
            center,
            metres_per_point,
        };
        self.flight = Some(Flight {
            from,
            to,
            start: now,
            duration: FLIGHT_SECONDS,
        });
        self.user_moved = true;
    }

    /// Starts a smooth flight to a scene's view (a box in degrees), which the camera then
    /// keeps fitting as the window or the layout changes, until the user moves it.
    pub fn fly_to_view(
        &mut self,
        view: [f64; 4],
        projection: &crate::projection::Albers,
        now: f64,
    ) {
        self.fit = Some(view);
        self.user_moved = false;
        let (Some(from), Some(viewport)) = (self.camera, self.viewport) else {
            // No frame yet: the first frame fits the view.
            self.camera = None;
            return;
        };
        self.flight = Some(Flight {
            from,
            to: Camera::fit(projection, view, viewport.size()),
            start: now,
            duration: SCENE_FLIGHT_SECONDS,
        });
    }

    /// The camera this view would fit in a viewport of `size` (the scene's or the overview).
    fn fitted(&self, projection: &crate::projection::Albers, size: Vec2) -> Camera {
        Camera::fit(
            projection,
            self.fit.unwrap_or(crate::camera::HOME_BOUNDS),
            size,
        )
    }

    /// The camera at time `now` of a flight in progress; ends the flight at its end.
    fn advance_flight(&mut self, now: f64) -> bool {
        let Some(f) = self.flight else { return false };
        let s = ((now - f.start) / f.duration).clamp(0.0, 1.0);
        let e = s * s * (3.0 - 2.0 * s);
        let lerp = |a: f64, b: f64| a + (b - a) * e;
        self.camera = Some(Camera {
            center: crate::projection::WorldPoint::new(
                lerp(f.from.center.x, f.to.center.x),
                lerp(f.from.center.y, f.to.center.y),
            ),
            metres_per_point: (lerp(f.from.metres_per_point.ln(), f.to.metres_per_point.ln()))
                .exp(),
        });
        if s >= 1.0 {
            self.flight = None;
        }
        true
    }

    /// Returns the camera to the Central Asia overview.
    pub fn reset(&mut self, scene_projection: &crate::projection::Albers) {
        self.camera = self
            .viewport
            .map(|vp| Camera::home(scene_projection, vp.size()));
        self.user_moved = false;
        self.fit = None;
        self.flight = None;
    }

    /// Where a longitude/latitude appears on screen in the last frame (for tests and tools).
    pub fn screen_pos(&self, geometry: &MapGeometry, at: LonLat) -> Option<Pos2> {
        let (cam, vp) = (self.camera?, self.viewport?);
        Some(cam.screen_from_world(vp, geometry.projection.project(at)))
    }

    /// Handles input and draws the map into the remaining space of `ui`.
    pub fn ui(&mut self, ui: &mut egui::Ui, scene: &MapScene<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
        let viewport = response.rect;
        let title = match scene.content.as_ref().and_then(|c| c.year) {
            Some(year) => format!("Map of Central Asia, as of {year}"),
            None => "Map of Central Asia".to_owned(),
        };
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &title));
        let resized = self.viewport.is_some_and(|v| v.size() != viewport.size());
        self.viewport = Some(viewport);
        let projection = scene.geometry.projection;
        if resized && !self.user_moved {
            // Keep showing the same area: the overview or the scene's view, refitted.
            let fitted = self.fitted(&projection, viewport.size());
            match &mut self.flight {
                Some(flight) => flight.to = fitted,
                None => self.camera = Some(fitted),
            }
        }
        let now = ui.input(|i| i.time);
        if self.advance_flight(now) {
            ui.ctx().request_repaint();
        }
        if self.camera.is_none() {
            self.camera = Some(self.fitted(&projection, viewport.size()));
        }
        let Some(camera) = self.camera.as_mut() else {
            return commands;
        };
        let before = *camera;

        // Input.
        if response.dragged() {
            camera.pan(response.drag_delta());
        }
        // The pointer over the map itself (symbols are widgets on top of it; windows are not).
        let layer = ui.layer_id();
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| viewport.contains(*p) && ui.ctx().layer_id_at(*p) == Some(layer));
        if let Some(pos) = pointer {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            let factor = f64::from(zoom) * (f64::from(scroll.y) / 200.0).exp();
            if (factor - 1.0).abs() > 1e-6 {
                camera.zoom_about(viewport, pos, factor);
            }
        }
        let mut reset = false;
        if !ui.ctx().egui_wants_keyboard_input() && !self.passive_keys {
            ui.input(|i| {
                if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                    camera.zoom_about(viewport, viewport.center(), KEY_ZOOM_FACTOR);
                }
                if i.key_pressed(Key::Minus) {
                    camera.zoom_about(viewport, viewport.center(), 1.0 / KEY_ZOOM_FACTOR);
                }
                if i.key_pressed(Key::Home) {
                    *camera = Camera::home(&projection, viewport.size());
                    reset = true;
                }
                let arrows = [
                    (Key::ArrowLeft, Vec2::new(ARROW_PAN_POINTS, 0.0)),
                    (Key::ArrowRight, Vec2::new(-ARROW_PAN_POINTS, 0.0)),
                    (Key::ArrowUp, Vec2::new(0.0, ARROW_PAN_POINTS)),
                    (Key::ArrowDown, Vec2::new(0.0, -ARROW_PAN_POINTS)),
                ];
                for (key, drag) in arrows {
                    if i.key_pressed(key) {
                        camera.pan(drag);
                    }
                }
                if i.key_pressed(Key::Escape) {
                    commands.push(Command::Select(None));
                }
            });
        }
        let b = scene.geometry.bounds;
        camera.clamp_center(b.min, b.max);
        let camera = *camera;
        if reset {
            self.user_moved = false;
            self.fit = None;
            self.flight = None;
        } else if camera != before {
            self.user_moved = true;
            self.flight = None;
        }

        let world = pointer.map(|p| camera.world_from_screen(viewport, p));
        self.hovered_feature = match (&scene.content, world) {
            (Some(content), Some(w)) => {
                content
                    .geometry
                    .hit(w, HIT_RADIUS_POINTS * camera.metres_per_point, |i| {
                        content
                            .visibility
                            .get(i)
                            .is_some_and(|v| *v != crate::layers::Visibility::Hidden)
                    })
            }
            _ => None,
        };
        // Imported layers, topmost (last imported) first, under the atlas's own features.
        self.hovered_import = match (self.hovered_feature, world) {
            (None, Some(w)) => scene
                .imported
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, i)| i.entry.visible)
                .find_map(|(k, i)| {
                    i.geometry
                        .hit(w, HIT_RADIUS_POINTS * camera.metres_per_point)
                        .map(|f| (k, f))
                }),
            _ => None,
        };
        self.hovered = if self.hovered_feature.is_some() || self.hovered_import.is_some() {
            None
        } else {
            world.and_then(|w| scene.hit.country_at(w))
        };
        if response.clicked() {
            match (self.hovered_feature, self.hovered_import) {
                (Some(f), _) => commands.push(Command::SelectFeature(Some(f))),
                (None, Some(i)) => commands.push(Command::SelectImported(Some(i))),
                (None, None) => commands.push(Command::Select(self.hovered)),
            }
        }

        let drawn = draw_map(
            &painter,
            viewport,
            &camera,
            scene,
            self.hovered,
            self.hovered_feature,
        );
        self.drawn_features.clear();
        self.drawn_features
            .extend(drawn.iter().filter(|d| !d.edge).map(|d| d.feature));
        if let Some(content) = &scene.content {
            commands.extend(feature_widgets(ui, content, &drawn, self.hovered_feature));
        }
        if let (Some((l, f)), Some(pos)) = (self.hovered_import, pointer)
            && let Some(i) = scene.imported.get(l)
            && let Some(feature) = i.layer.features.get(f)
        {
            draw_hover_label(
                &painter,
                pos,
                &format!("{} · {}", feature.label, i.layer.name),
                scene.palette,
            );
        }
        match (self.hovered_feature, self.hovered, pointer) {
            (Some(f), _, Some(pos)) => {
                if let Some(feature) = scene.content.as_ref().and_then(|c| c.features.get(f)) {
                    content_view::draw_tooltip(&painter, pos, scene.palette, feature);
                }
            }
            (None, Some(i), Some(pos)) => {
                if let Some(country) = scene.atlas.countries.get(i) {
                    draw_hover_label(&painter, pos, &country.name, scene.palette);
                }
            }
            _ => {}
        }
        commands
    }
}

/// Most features made into widgets per frame (each is an AccessKit node); beyond it the
/// rest stay clickable with the mouse through the spatial index.
const MAX_FEATURE_WIDGETS: usize = 300;

/// Every drawn feature becomes an invisible button named after it, so a screen reader (and
/// the tests) can find and activate it; a click on it selects the feature.
fn feature_widgets(
    ui: &mut egui::Ui,
    content: &ContentScene<'_>,
    drawn: &[Drawn],
    hovered: Option<usize>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // Most important last, so it is on top where symbols' rectangles overlap.
    let first: Vec<&Drawn> = drawn.iter().take(MAX_FEATURE_WIDGETS).collect();
    for d in first.into_iter().rev() {
        if !seen.insert((d.feature, d.edge)) {
            continue;
        }
        let Some(feature) = content.features.get(d.feature) else {
            continue;
        };
        // Salted with the map's own id: in a compare view both maps show the same features.
        let id = ui.scope_id().with(("casa-feature", d.feature, d.edge));
        let response = ui.interact(d.rect.shrink(3.0), id, Sense::click());
        let name = if d.edge {
            format!("Off the map: {}", feature.name)
        } else {
            feature.name.clone()
        };
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if response.clicked() {
            commands.push(if d.edge {
                Command::FlyToFeature(d.feature)
            } else {
                // With the pointer, the symbol nearest to it wins (as for hovering); from a
                // screen reader, the widget's own feature.
                Command::SelectFeature(Some(hovered.unwrap_or(d.feature)))
            });
        }
    }
    commands
}

/// Draws everything for one frame; public so benchmarks can time it without input.
pub fn draw_map(
    painter: &egui::Painter,
    viewport: Rect,
    camera: &Camera,
    scene: &MapScene<'_>,
    hovered: Option<usize>,
    hovered_feature: Option<usize>,
) -> Vec<Drawn> {
    let palette = scene.palette;
    let t = ScreenTransform::new(camera, viewport);
    let lod = lod_for(camera.metres_per_point);
    let (lo, hi) = camera.visible_world(viewport);
    let visible = WorldBounds { min: lo, max: hi };
    painter.rect_filled(viewport, 0.0, palette.water);

    // The countries in view at this level of detail, with their fill and border style.
    let countries: Vec<(&AreaLod, Color32, BorderStyle)> = scene
        .atlas
        .countries
        .iter()
        .zip(&scene.geometry.countries)
        .enumerate()
        .filter(|(_, (_, g))| g.bounds.intersects(&visible))
        .map(|(i, (country, g))| {
            let mut fill = palette.country_fill(country);
            if hovered == Some(i) {
                fill = palette.hovered(fill);
            }
            (g.lod(lod), fill, BorderStyle::of(country.role))
        })
        .collect();
    // Sizes are counted first so each mesh is allocated once: growing them by doubling
    // cost more than drawing them, zoomed out.
    let mut fills = Mesh::default();
    let mut borders: [Mesh; 3] = Default::default();
    for (level, _, style) in &countries {
        reserve(&mut fills, level.fill.output_size(&visible));
        reserve(
            &mut borders[*style as usize],
            level.outline.output_size(&visible),
        );
    }
    for (level, fill, style) in &countries {
        level.fill.append_to(&t, &visible, *fill, &mut fills);
        let (width, color) = style.width_and_color(palette);
        level
            .outline
            .append_to(&t, &visible, width, color, &mut borders[*style as usize]);
    }
    painter.add(Shape::mesh(fills));

    let mut water_fill = Mesh::default();
    let mut shores = Mesh::default();
    let mut rivers = Mesh::default();
    for w in &scene.geometry.water {
        match w {
            WaterGeometry::Area { bounds, lods, .. } if bounds.intersects(&visible) => {
                if let Some(level) = lods.get(lod) {
                    level
                        .fill
                        .append_to(&t, &visible, palette.water, &mut water_fill);
                    let shore = (sizes::SHORE_WIDTH, palette.shore);
                    level
                        .outline
                        .append_to(&t, &visible, shore.0, shore.1, &mut shores);
                }
            }
            WaterGeometry::Lines { bounds, lods, .. } if bounds.intersects(&visible) => {
                if let Some(level) = lods.get(lod) {
                    let river = (sizes::RIVER_WIDTH, palette.river);
                    level.append_to(&t, &visible, river.0, river.1, &mut rivers);
                }
            }
            _ => {}
        }
    }
    painter.add(Shape::mesh(water_fill));
    painter.add(Shape::mesh(rivers));
    painter.add(Shape::mesh(shores));
    let content = scene.content.as_ref().map(|c| ContentScene {
        hovered: hovered_feature,
        ..*c
    });
    if let Some(content) = &content {
        content_view::draw_memberships(
            painter,
            viewport,
            &t,
            &visible,
            &scene.geometry.countries,
            palette,
            content,
        );
    }
    // Plain borders under the five states' borders, leased territory on top.
    for mesh in borders {
        painter.add(Shape::mesh(mesh));
    }

    if scene.graticule {
        let mut grat = Mesh::default();
        let graticule = &scene.geometry.graticule;
        let (width, color) = (sizes::GRATICULE_WIDTH, palette.graticule);
        graticule
            .major
            .append_to(&t, &visible, width, color, &mut grat);
        if camera.metres_per_point < 3_000.0 {
            graticule
                .minor
                .append_to(&t, &visible, width, color, &mut grat);
        }
        painter.add(Shape::mesh(grat));
    }

    // Highlights over everything.
    for (index, width, color) in [
        (hovered, sizes::HOVER_WIDTH, palette.focus_border),
        (scene.selected, sizes::SELECTION_WIDTH, palette.selection),
    ] {
        if let Some(g) = index.and_then(|i| scene.geometry.countries.get(i)) {
            let mut m = Mesh::default();
            g.lod(lod)
                .outline
                .append_to(&t, &visible, width, color, &mut m);
            painter.add(Shape::mesh(m));
        }
    }

    let mut drawn = Vec::new();
    content_view::draw_imported(
        painter,
        viewport,
        &t,
        camera.metres_per_point,
        &visible,
        palette,
        scene.imported,
        scene.selected_import,
    );
    if let Some(content) = &content {
        content_view::draw_regions_and_routes(painter, &t, &visible, palette, content);
        drawn = content_view::draw_symbols(painter, viewport, &t, palette, content);
    }
    let extra = draw_labels(
        painter,
        viewport,
        &t,
        camera,
        scene,
        content.as_ref(),
        &drawn,
    );
    drawn.extend(extra);
    if let Some(year) = content.as_ref().and_then(|c| c.year) {
        content_view::draw_year(painter, viewport, palette, year);
    }
    draw_scale_bar(painter, viewport, camera, scene);
    painter.text(
        viewport.right_bottom() + Vec2::new(-8.0, -6.0),
        Align2::RIGHT_BOTTOM,
        "Borders: Natural Earth · Albers equal-area, 35°N / 50°N",
        FontId::proportional(11.0),
        palette.label_minor,
    );
    drawn
}

/// How a country's border is drawn; also the order of the border meshes (later on top).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BorderStyle {
    Plain = 0,
    Focus = 1,
    Leased = 2,
}

impl BorderStyle {
    fn of(role: CountryRole) -> Self {
        match role {
            CountryRole::Focus => Self::Focus,
            CountryRole::Leased => Self::Leased,
            _ => Self::Plain,
        }
    }

    fn width_and_color(self, palette: &Palette) -> (f32, Color32) {
        match self {
            Self::Plain => (sizes::BORDER_WIDTH, palette.border),
            Self::Focus => (sizes::FOCUS_BORDER_WIDTH, palette.focus_border),
            Self::Leased => (sizes::LEASED_BORDER_WIDTH, palette.leased_border),
        }
    }
}

/// Grows a mesh's buffers by (vertices, indices).
fn reserve(mesh: &mut Mesh, (vertices, indices): (usize, usize)) {
    mesh.vertices.reserve(vertices);
    mesh.indices.reserve(indices);
}

fn draw_hover_label(painter: &egui::Painter, pos: Pos2, name: &str, palette: &Palette) {
    let at = pos + Vec2::new(14.0, -14.0);
    let galley = painter.layout_no_wrap(name.to_owned(), FontId::proportional(14.0), palette.label);
    let rect =
        Rect::from_min_size(Pos2::new(at.x, at.y - galley.size().y), galley.size()).expand(4.0);
    painter.rect_filled(rect, 4.0, palette.halo);
    painter.galley(rect.min + Vec2::splat(4.0), galley, palette.label);
}

/// Labels placed in priority order; a label that would overlap one already placed is
/// dropped, so labels never overlap.
pub struct LabelLayout<'p> {
    painter: &'p egui::Painter,
    placed: Vec<Rect>,
    bounds: Rect,
    halo: Color32,
}

impl LabelLayout<'_> {
    /// Places a text centred at `at` if it fits; returns whether it was drawn.
    pub fn place(
        &mut self,
        text: &str,
        at: Pos2,
        align: Align2,
        font: FontId,
        color: Color32,
    ) -> bool {
        let galley = self.painter.layout_no_wrap(text.to_owned(), font, color);
        let rect = align.anchor_size(at, galley.size());
        if !self.bounds.contains_rect(rect) || self.placed.iter().any(|r| r.intersects(rect)) {
            return false;
        }
        for d in [
            Vec2::new(-1.0, -1.0),
            Vec2::new(1.0, -1.0),
            Vec2::new(-1.0, 1.0),
            Vec2::new(1.0, 1.0),
        ] {
            self.painter
                .galley_with_override_text_color(rect.min + d, galley.clone(), self.halo);
        }
        self.painter.galley(rect.min, galley, color);
        self.placed.push(rect.expand(3.0));
        true
    }
}

fn best_visible(
    candidates: &[LabelCandidate],
    t: &ScreenTransform,
    area: Rect,
) -> Option<(Pos2, f64)> {
    candidates
        .iter()
        .map(|c| (t.apply(c.at), c.clearance_m))
        .find(|(p, _)| area.contains(*p))
}

fn draw_labels(
    painter: &egui::Painter,
    viewport: Rect,
    t: &ScreenTransform,
    camera: &Camera,
    scene: &MapScene<'_>,
    content: Option<&ContentScene<'_>>,
    drawn: &[Drawn],
) -> Vec<Drawn> {
    let palette = scene.palette;
    let mut layout = LabelLayout {
        painter,
        placed: Vec::new(),
        bounds: viewport.shrink(4.0),
        halo: palette.halo,
    };
    // Keep the corners' furniture clear.
    layout.placed.push(Rect::from_min_size(
        viewport.left_bottom() - Vec2::new(0.0, 48.0),
        Vec2::new(260.0, 48.0),
    ));
    layout.placed.push(Rect::from_min_size(
        viewport.right_bottom() - Vec2::new(330.0, 22.0),
        Vec2::new(330.0, 22.0),
    ));
    // The "as of" stamp's corner.
    if content.is_some_and(|c| c.year.is_some()) {
        layout.placed.push(Rect::from_min_size(
            viewport.left_top(),
            Vec2::new(230.0, 62.0),
        ));
    }
    let inner = viewport.shrink(24.0);
    let ppm = camera.points_per_metre();

    // Capitals' dots first so country labels keep clear of them.
    let mut capital_spots = Vec::new();
    for (place, w) in scene.atlas.places.iter().zip(&scene.geometry.places) {
        let p = t.apply(*w);
        if viewport.contains(p) {
            painter.circle(
                p,
                sizes::CAPITAL_RADIUS,
                palette.capital,
                Stroke::new(1.5, palette.halo),
            );
            layout
                .placed
                .push(Rect::from_center_size(p, Vec2::splat(8.0)));
            capital_spots.push((place, p));
        }
    }

    // Countries labelled (or deliberately left unlabelled) by their own anchors.
    let mut fallback_done = vec![false; scene.atlas.countries.len()];
    for &i in scene.label_order {
        let (Some(country), Some(g)) = (
            scene.atlas.countries.get(i),
            scene.geometry.countries.get(i),
        ) else {
            continue;
        };
        let Some((at, clearance_m)) = best_visible(g.label_candidates(), t, inner) else {
            continue;
        };
        fallback_done[i] = true;
        let room = (clearance_m * ppm) as f32;
        let text = scene.label_texts.get(i).map_or("", String::as_str);
        let (size, color) = crate::render::style::country_label(country.role, room, palette);
        // Whole sizes in steps of 2 points: every new size makes egui rasterise its glyphs
        // again, which would cost milliseconds on each frame of a zoom.
        let size = (size / 2.0).round() * 2.0;
        // A label much wider than its country would mislead: skip until zoomed in.
        let approx_width = size * 0.6 * text.chars().count() as f32;
        if approx_width > room * 3.0 + 30.0 {
            continue;
        }
        layout.place(
            text,
            at,
            Align2::CENTER_CENTER,
            FontId::proportional(size),
            color,
        );
    }

    // Zoomed in, a country's best anchors may all be off screen: label it where the view
    // shows it, found by hit-testing a coarse grid of screen points.
    for row in 0..4 {
        for col in 0..5 {
            let p = Pos2::new(
                inner.left() + inner.width() * (col as f32 + 0.5) / 5.0,
                inner.top() + inner.height() * (row as f32 + 0.5) / 4.0,
            );
            let Some(i) = scene.hit.country_at(camera.world_from_screen(viewport, p)) else {
                continue;
            };
            if std::mem::replace(&mut fallback_done[i], true) {
                continue;
            }
            let Some(text) = scene.label_texts.get(i) else {
                continue;
            };
            layout.place(
                text,
                p,
                Align2::CENTER_CENTER,
                FontId::proportional(16.0),
                palette.label,
            );
        }
    }

    for (place, p) in capital_spots {
        let font = FontId::proportional(13.0);
        // Right of the dot, else left of it.
        if !layout.place(
            &place.name,
            p + Vec2::new(6.0, 0.0),
            Align2::LEFT_CENTER,
            font.clone(),
            palette.label,
        ) {
            layout.place(
                &place.name,
                p - Vec2::new(6.0, 0.0),
                Align2::RIGHT_CENTER,
                font,
                palette.label,
            );
        }
    }

    let mut extra = Vec::new();
    if let Some(content) = content {
        // Symbols keep their own spot; their labels, and markers for features off the map,
        // go where nothing else is.
        for d in drawn {
            layout.placed.push(d.rect.shrink(2.0));
        }
        extra = content_view::place_labels(&mut layout, t, viewport, palette, content, drawn);
        extra.extend(content_view::draw_edge_markers(
            painter,
            &mut layout,
            viewport,
            t,
            palette,
            content,
        ));
    }

    // Water last: seas and lakes at their roomiest point (small lakes only when there is
    // room), rivers at the first of their points along the course where the name fits.
    for (water, g) in scene.atlas.water.iter().zip(&scene.geometry.water) {
        let Some(name) = &water.name else { continue };
        let spots: Vec<Pos2> = match g {
            WaterGeometry::Area { label: Some(c), .. } => {
                let room = (c.clearance_m * ppm) as f32;
                if room < 5.0 && water.kind != WaterKind::Sea {
                    continue;
                }
                vec![t.apply(c.at)]
            }
            WaterGeometry::Lines { labels, .. } => labels.iter().map(|w| t.apply(*w)).collect(),
            WaterGeometry::Area { label: None, .. } => continue,
        };
        for at in spots.into_iter().filter(|p| inner.contains(*p)) {
            let font = FontId::proportional(12.0);
            if layout.place(name, at, Align2::CENTER_CENTER, font, palette.label_water) {
                break;
            }
        }
    }
    extra
}

/// A 1-2-5 length (metres) not longer than `max_m`.
fn nice_length(max_m: f64) -> f64 {
    let pow = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|&l| l <= max_m)
        .unwrap_or(pow)
}

fn draw_scale_bar(painter: &egui::Painter, viewport: Rect, camera: &Camera, scene: &MapScene<'_>) {
    let projection = &scene.geometry.projection;
    let center = projection.unproject(camera.center);
    // Ground metres per point at the view's centre, along its parallel.
    let ground_mpp =
        camera.metres_per_point / projection.parallel_scale(center.lat.clamp(-80.0, 80.0));
    let length_m = nice_length(ground_mpp * 160.0);
    let length_pts = (length_m / ground_mpp) as f32;
    let origin = viewport.left_bottom() + Vec2::new(16.0, -18.0);
    let color = scene.palette.scale_bar;
    let halo = scene.palette.halo;
    let end = origin + Vec2::new(length_pts, 0.0);
    let bar = [
        origin + Vec2::new(0.0, -6.0),
        origin,
        end,
        end + Vec2::new(0.0, -6.0),
    ];
    painter.add(Shape::line(bar.to_vec(), Stroke::new(4.0, halo)));
    painter.add(Shape::line(bar.to_vec(), Stroke::new(1.5, color)));
    let text = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    painter.text(
        end + Vec2::new(6.0, 0.0),
        Align2::LEFT_BOTTOM,
        text,
        FontId::proportional(12.0),
        color,
    );
}

#[cfg(test)]
mod tests {
    use super::nice_length;

    #[test]
    fn nice_lengths_are_1_2_5() {
        assert_eq!(nice_length(730_000.0), 500_000.0);
        assert_eq!(nice_length(199.0), 100.0);
        assert_eq!(nice_length(2_500.0), 2_000.0);
    }
}
