//! What a still frame need not compute again: the membership hatching in screen space,
//! kept while the camera, the viewport, the side's settings and the colours stay the same.

use std::sync::Arc;

use epaint::{Color32, Pos2, Rect, Stroke};

use crate::camera::Camera;

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
    /// The side's settings ([`crate::document::SideState::generation`]).
    pub(super) generation: u64,
    pub(super) colors: [Color32; 8],
}

/// Screen-space geometry kept between the frames of one map view.
#[derive(Debug, Default)]
pub struct FrameCache {
    pub(super) hatch_key: Option<HatchKey>,
    pub(super) hatching: Vec<Hatching>,
}

impl FrameCache {
    /// The hatching for `key`, computed by `make` only when the key changed.
    pub(super) fn hatching(
        &mut self,
        key: HatchKey,
        make: impl FnOnce() -> Vec<Hatching>,
    ) -> &[Hatching] {
        if self.hatch_key != Some(key) {
            self.hatching = make();
            self.hatch_key = Some(key);
        }
        &self.hatching
    }
}
