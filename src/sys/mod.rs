//! Platform helpers every layer may use: atomic saving and file claims, the log and crash
//! reports, the allocator's hand-back, the worker pool, system fonts and the app's icon.

pub mod clock;
pub mod crash;
pub mod fonts;
pub mod icon;
pub mod memory;
pub mod parallel;
pub mod persist;
