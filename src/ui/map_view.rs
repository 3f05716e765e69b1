//! The map view: input (pan, zoom, hover, click) and drawing of the cached geometry.

use egui::{FontId, Key, Pos2, Rect, Sense, Vec2};

use super::tooltip;
use super::{Command, Draw};
use crate::compose::{ContentScene, Drawn, MapScene, compose_map};
use crate::geo::camera::{Camera, KEY_ZOOM_FACTOR};
use crate::render::style::Palette;
use crate::session::maps::MapView;
use crate::ui::screen::{EguiText, paint};

/// How far one arrow-key press pans, in screen points.
const ARROW_PAN_POINTS: f32 = 80.0;

/// The radius around the pointer within which a symbol is hit (points).
const HIT_RADIUS_POINTS: f64 = 10.0;

/// The map widget: its input and drawing. Its state, [`MapView`], is the session's (the
/// app moves the camera too: scenes, searches, Home).
impl MapView {
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
        // The pointer over the map itself (symbols are widgets on top of it; windows are not).
        let layer = ui.layer_id();
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| viewport.contains(*p) && ui.ctx().layer_id_at(*p) == Some(layer));
        let Some(camera) = self.move_camera(ui, &response, pointer, scene, &mut commands) else {
            return commands;
        };
        self.hover(scene, &camera, viewport, pointer);
        if response.clicked()
            && self.drawing
            && let Some(pos) = response.interact_pointer_pos()
        {
            let projection = &scene.geometry.projection;
            commands.push(Command::Draw(Draw::DrawAt {
                at: projection.unproject(camera.world_from_screen(viewport, pos)),
                feature: self.hovered_feature,
            }));
        } else if response.clicked() {
            commands.push(match (self.hovered_feature, self.hovered_import) {
                (Some(f), _) => Command::SelectFeature(Some(f)),
                (None, Some(i)) => Command::SelectImported(Some(i)),
                (None, None) => Command::Select(self.hovered),
            });
        }
        let hovered = MapScene {
            hovered_country: self.hovered,
            hovered_feature: self.hovered_feature,
            ..*scene
        };
        let composed = compose_map(
            &hovered,
            &camera,
            viewport,
            &mut EguiText(ui.ctx()),
            &mut self.cache,
        );
        paint(&painter, &composed.list);
        let drawn = composed.drawn;
        self.occupied = composed.occupied;
        self.special_areas = composed.special_areas;
        self.drawn_features.clear();
        self.drawn_features
            .extend(drawn.iter().filter(|d| !d.edge).map(|d| d.feature));
        if let Some(content) = &scene.content {
            let projection = scene.geometry.projection;
            let to_lonlat = |p: Pos2| projection.unproject(camera.world_from_screen(viewport, p));
            let drawing = self.drawing.then_some(&to_lonlat as &dyn Fn(Pos2) -> _);
            commands.extend(feature_widgets(
                ui,
                content,
                &drawn,
                self.hovered_feature,
                drawing,
            ));
        }
        if let Some(pos) = pointer {
            self.hover_overlay(&painter, scene, pos);
        }
        commands
    }

    /// Drags a handle of the drawing being reshaped: grabbed where the drag starts within
    /// [`HIT_RADIUS_POINTS`] of it, moved with the pointer, let go at the drag's end.
    fn drag_handle(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        projection: &crate::geo::projection::Albers,
        commands: &mut Vec<Command>,
    ) {
        let (Some(camera), viewport) = (self.camera, response.rect) else {
            return;
        };
        if response.drag_started_by(egui::PointerButton::Primary) {
            let origin = ui.input(|i| i.pointer.press_origin());
            self.grabbed = origin.and_then(|o| {
                self.handles
                    .iter()
                    .map(|h| camera.screen_from_world(viewport, *h).distance(o))
                    .enumerate()
                    .filter(|(_, d)| f64::from(*d) <= HIT_RADIUS_POINTS)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(k, _)| (k, None))
            });
        }
        let Some((index, last)) = self.grabbed else {
            return;
        };
        // Let go: the button released, or the pointer gone from the window or the
        // window from focus (no release would come).
        let (focused, latest) = ui.input(|i| (i.focused, i.pointer.latest_pos()));
        let done = response.drag_stopped() || !response.dragged() || !focused || latest.is_none();
        let at = response
            .interact_pointer_pos()
            .or(latest)
            .map(|pos| projection.unproject(camera.world_from_screen(viewport, pos)))
            .or(last);
        if let Some(at) = at {
            commands.push(Command::Draw(Draw::MoveHandle { index, at, done }));
        }
        self.grabbed = (!done).then_some((index, at));
    }

    /// Fits, flies, pans and zooms the camera from this frame's input; returns it.
    fn move_camera(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        pointer: Option<Pos2>,
        scene: &MapScene<'_>,
        commands: &mut Vec<Command>,
    ) -> Option<Camera> {
        let viewport = response.rect;
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
        if self.advance_flight(ui.input(|i| i.time)) {
            ui.ctx().request_repaint();
        }
        if self.camera.is_none() {
            self.camera = Some(self.fitted(&projection, viewport.size()));
        }
        self.drag_handle(ui, response, &projection, commands);
        let camera = self.camera.as_mut()?;
        let before = *camera;
        if response.dragged() && self.grabbed.is_none() {
            camera.pan(response.drag_delta());
        }
        if let Some(pos) = pointer {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            let factor = f64::from(zoom) * (f64::from(scroll.y) / 200.0).exp();
            if (factor - 1.0).abs() > 1e-6 {
                camera.zoom_about(viewport, pos, factor);
            }
        }
        let mut reset = false;
        if !ui.ctx().egui_wants_keyboard_input() && !self.passive_keys {
            ui.input(|i| reset = keys(i, camera, viewport, &projection, commands));
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
        Some(camera)
    }

    /// What is under the pointer: a feature, else an imported feature, else a country.
    fn hover(
        &mut self,
        scene: &MapScene<'_>,
        camera: &Camera,
        viewport: Rect,
        pointer: Option<Pos2>,
    ) {
        let world = pointer.map(|p| camera.world_from_screen(viewport, p));
        let radius_m = HIT_RADIUS_POINTS * camera.metres_per_point;
        self.hovered_feature = match (&scene.content, world) {
            (Some(content), Some(w)) => content.geometry.hit(w, radius_m, |i| {
                content
                    .visibility
                    .get(i)
                    .is_some_and(|v| *v != crate::model::layers::Visibility::Hidden)
            }),
            _ => None,
        };
        // Imported layers, topmost (last imported) first, under the atlas's own features.
        self.hovered_import = match (self.hovered_feature, world) {
            (None, Some(w)) => scene
                .imported
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, i)| i.visible)
                .find_map(|(k, i)| i.geometry.hit(w, radius_m).map(|f| (k, f))),
            _ => None,
        };
        self.hovered = if self.hovered_feature.is_some() || self.hovered_import.is_some() {
            None
        } else {
            world.and_then(|w| scene.hit.country_at(w))
        };
    }

    /// The tooltip or name of what is under the pointer.
    fn hover_overlay(&self, painter: &egui::Painter, scene: &MapScene<'_>, pos: Pos2) {
        if let Some((l, f)) = self.hovered_import
            && let Some(i) = scene.imported.get(l)
            && let Some(feature) = i.layer.features.get(f)
        {
            let label = format!("{} · {}", feature.label, i.layer.name);
            draw_hover_label(painter, pos, &label, scene.palette);
        }
        if let Some(f) = self.hovered_feature {
            if let Some(feature) = scene.content.as_ref().and_then(|c| c.features.get(f)) {
                tooltip::draw_tooltip(painter, pos, scene.palette, feature);
            }
        } else if let Some(country) = self.hovered.and_then(|i| scene.atlas.countries.get(i)) {
            draw_hover_label(painter, pos, &country.name, scene.palette);
        }
    }
}

/// The map's keys: +/− zoom, Home resets (returns true), arrows pan, Esc clears the
/// selection.
fn keys(
    i: &egui::InputState,
    camera: &mut Camera,
    viewport: Rect,
    projection: &crate::geo::projection::Albers,
    commands: &mut Vec<Command>,
) -> bool {
    if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
        camera.zoom_about(viewport, viewport.center(), KEY_ZOOM_FACTOR);
    }
    if i.key_pressed(Key::Minus) {
        camera.zoom_about(viewport, viewport.center(), 1.0 / KEY_ZOOM_FACTOR);
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
    let reset = i.key_pressed(Key::Home);
    if reset {
        *camera = Camera::home(projection, viewport.size());
    }
    reset
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
    drawing: Option<&dyn Fn(Pos2) -> crate::geo::projection::LonLat>,
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
        if response.clicked()
            && !d.edge
            && let Some(to_lonlat) = drawing
        {
            // While drawing, a site's symbol places a point on the site; a route's or a
            // region's label, where the pointer is.
            let site = matches!(feature.shape, crate::model::Shape::Points(_));
            // Where the pointer is (the app snaps it to the site's nearest point); from
            // a screen reader, the feature's anchor.
            let at = response
                .interact_pointer_pos()
                .map(to_lonlat)
                .or_else(|| feature.shape.anchor());
            if let Some(at) = at {
                commands.push(Command::Draw(Draw::DrawAt {
                    at,
                    feature: site.then_some(d.feature),
                }));
            }
        } else if response.clicked() {
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

fn draw_hover_label(painter: &egui::Painter, pos: Pos2, name: &str, palette: &Palette) {
    let at = pos + Vec2::new(14.0, -14.0);
    let galley = painter.layout_no_wrap(name.to_owned(), FontId::proportional(14.0), palette.label);
    let rect =
        Rect::from_min_size(Pos2::new(at.x, at.y - galley.size().y), galley.size()).expand(4.0);
    painter.rect_filled(rect, 4.0, palette.halo);
    painter.galley(rect.min + Vec2::splat(4.0), galley, palette.label);
}
