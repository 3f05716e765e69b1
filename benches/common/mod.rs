//! What the benchmarks share: a headless app that runs whole egui frames, and percentiles.

#![allow(dead_code)]

use std::hint::black_box;
use std::time::Duration;

use casa::data::Loaded;
use casa::geo::camera::Camera;
use casa::{app::CasaApp, session::settings::Settings};
use egui::{Pos2, Rect, Vec2};

/// The frame size of every frame benchmark.
pub const VIEW: Vec2 = Vec2::new(1600.0, 1000.0);

/// A field of the process's status in kB (Linux), e.g. "VmHWM:" for the peak resident set.
pub fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// (p50, p99) of the samples.
pub fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

/// Prints p50 and p99.
pub fn report(what: &str, samples: Vec<Duration>) {
    let (p50, p99) = percentiles(samples);
    eprintln!("{what}: p50 {p50:?}, p99 {p99:?}");
}

/// Runs one full frame of the app headless: layout, map drawing and tessellation.
pub struct Headless {
    ctx: egui::Context,
    /// The app.
    pub app: CasaApp,
    frame: u64,
}

impl Headless {
    /// The app on this data and state, after three frames.
    pub fn new(loaded: Loaded, state: Settings) -> Self {
        let mut me = Self {
            ctx: egui::Context::default(),
            app: CasaApp::from_loaded(loaded, state, "bench".into()),
            frame: 0,
        };
        // The relief decoded before the first frame (the app decodes it on a thread of its
        // own), so the frames measured draw it.
        if let Some(variant) = casa::render::relief::ReliefVariant::of(
            me.app.settings.relief,
            me.app.settings.theme == casa::render::style::Theme::Dark,
        ) {
            me.app.doc.relief.raster(variant);
        }
        for _ in 0..3 {
            me.frame();
        }
        me
    }

    fn input(&mut self) -> egui::RawInput {
        self.frame += 1;
        egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, VIEW)),
            time: Some(self.frame as f64 / 60.0),
            ..egui::RawInput::default()
        }
    }

    /// One frame, tessellated.
    pub fn frame(&mut self) {
        let input = self.input();
        let app = &mut self.app;
        let output = self.ctx.run_ui(input, |ui| app.frame(ui));
        black_box(self.ctx.tessellate(output.shapes, output.pixels_per_point));
    }

    /// Prints the size of a frame's output: shapes and tessellated vertices.
    pub fn describe(&mut self, name: &str) {
        let input = self.input();
        let app = &mut self.app;
        let output = self.ctx.run_ui(input, |ui| app.frame(ui));
        let shapes = output.shapes.len();
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let vertices: usize = primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        eprintln!(
            "{name}: {shapes} shapes, {} primitives, {vertices} vertices",
            primitives.len()
        );
    }

    /// The map's camera.
    pub fn camera(&mut self) -> &mut Camera {
        self.app
            .maps
            .main
            .camera
            .as_mut()
            .expect("camera after the first frame")
    }
}

/// Frame times of `n` frames while panning back and forth 3 points a frame.
pub fn pan_samples(h: &mut Headless, n: usize) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            h.camera()
                .pan(Vec2::new(if i % 200 < 100 { 3.0 } else { -3.0 }, 0.0));
            let t = std::time::Instant::now();
            h.frame();
            t.elapsed()
        })
        .collect()
}
