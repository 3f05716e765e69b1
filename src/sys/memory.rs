//! Memory handed back to the system when a big piece of work has freed much of it.
//!
//! The binary's allocator is mimalloc (`src/main.rs`), which keeps freed pages for reuse:
//! right for the per-frame buffers of the map, wrong for the one-off text of a 100 MB layer
//! file, whose pages it would hold (still counted in the process's memory) while the layer
//! is projected and indexed. [`give_back_freed`] returns them.

/// Returns to the system the free pages mimalloc holds for this thread and in its shared
/// caches (`mi_collect(true)`), on every platform mimalloc runs on. Costs a few milliseconds; call it after freeing a large
/// buffer, never per frame. Where another allocator is the global one (the test binaries),
/// mimalloc's heaps are empty and this does nothing.
#[allow(unsafe_code)]
pub fn give_back_freed() {
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any
    // time; it only releases memory no allocation refers to.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
