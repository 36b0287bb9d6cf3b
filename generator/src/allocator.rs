//! How the CLI (and the benchmark, which measures with the CLI's allocator) sets up mimalloc.

/// `mi_option_purge_delay` in mimalloc.h: how long freed memory waits before it is returned to
/// the OS, in milliseconds; -1 never returns it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse instead of returning it to the OS.
///
/// A run frees most of its memory between stages and allocates it again in the next one. With
/// purging on, mimalloc hands freed (transparent huge) pages back to the OS and the kernel must
/// fault them in and zero them again: on the corpus, 5,000 to 22,000 page faults a run instead
/// of about 500. The process ends soon after its peak, so nothing is gained by giving memory
/// back early.
pub fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's runtime options; every value is valid for this option and
    // options may be set at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}
