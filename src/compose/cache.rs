//! What a still frame need not compute again: the membership hatching and the regions'
//! dashed outlines in screen space, kept while the camera, the viewport, the side's
//! settings and the colours stay the same.

use std::sync::Arc;

use epaint::{Color32, Pos2, Rect, Stroke};

use crate::geo::camera::Camera;

/// The hatching of one membership mark on screen.
#[derive(Clone, Debug)]
pub(super) struct Hatching {
    pub(super) segments: Arc<[[Pos2; 2]]>,
    pub(super) stroke: Stroke,
    pub(super) dash: Option<[f32; 2]>,
}

/// What the cached hatching was computed for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct HatchKey {
    pub(super) camera: Camera,
    pub(super) rect: Rect,
    /// The side's settings (the side state's generation number).
    pub(super) generation: u64,
    pub(super) colors: [Color32; 12],
}

/// What the cached dashed outlines of regions were computed for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct OutlineKey {
    pub(super) camera: Camera,
    pub(super) rect: Rect,
    /// The side's settings (the side state's generation number).
    pub(super) generation: u64,
    /// The selected and hovered features (drawn wider).
    pub(super) emphasised: [Option<usize>; 2],
    pub(super) color: Color32,
}

/// A value computed for a key, kept until asked for another key.
#[derive(Debug)]
pub(super) struct Memo<K> {
    key: Option<K>,
    value: Vec<Hatching>,
}

impl<K> Default for Memo<K> {
    fn default() -> Self {
        Self {
            key: None,
            value: Vec::new(),
        }
    }
}

impl<K: PartialEq> Memo<K> {
    /// The value for `key`, computed by `make` only when the key changed.
    pub(super) fn get(&mut self, key: K, make: impl FnOnce() -> Vec<Hatching>) -> &[Hatching] {
        if self.key.as_ref() != Some(&key) {
            self.value = make();
            self.key = Some(key);
        }
        &self.value
    }
}

/// Screen-space geometry kept between the frames of one map view.
#[derive(Debug, Default)]
pub struct FrameCache {
    /// The membership hatching.
    pub(super) hatching: Memo<HatchKey>,
    /// The regions' dashed outlines.
    pub(super) outlines: Memo<OutlineKey>,
}

/// The dashes of a closed ring, `dash` on and `gap` off along its length (the pattern runs
/// on across vertices), as straight pieces.
pub(super) fn dashes(ring: &[Pos2], dash: f32, gap: f32, out: &mut Vec<[Pos2; 2]>) {
    let period = dash + gap;
    if period <= 0.0 || ring.len() < 2 {
        return;
    }
    let mut at = 0.0_f32;
    let closing = ring.first().copied().into_iter();
    let points: Vec<Pos2> = ring.iter().copied().chain(closing).collect();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = (b - a).length();
        if len <= 0.0 {
            continue;
        }
        let mut s = 0.0;
        while s < len {
            let phase = (at + s) % period;
            let (on, left) = if phase < dash {
                (true, dash - phase)
            } else {
                (false, period - phase)
            };
            let e = (s + left).min(len);
            if on {
                out.push([a + (b - a) * (s / len), a + (b - a) * (e / len)]);
            }
            s = e;
        }
        at += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_run_on_across_corners() {
        let square = [
            Pos2::new(0.0, 0.0),
            Pos2::new(10.0, 0.0),
            Pos2::new(10.0, 10.0),
            Pos2::new(0.0, 10.0),
        ];
        let mut out = Vec::new();
        dashes(&square, 8.0, 4.0, &mut out);
        let on: f32 = out.iter().map(|[a, b]| (*b - *a).length()).sum();
        // 40 points of perimeter: three whole periods (24 on) and 4 more on.
        assert!((on - 28.0).abs() < 1e-3, "{on}");
        // The gap turns the corner; the second dash starts 2 points along the second side.
        assert_eq!(out[0], [Pos2::new(0.0, 0.0), Pos2::new(8.0, 0.0)]);
        assert_eq!(out[1], [Pos2::new(10.0, 2.0), Pos2::new(10.0, 10.0)]);
    }
}
