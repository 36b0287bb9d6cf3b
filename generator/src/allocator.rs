//! How the CLI (and the benchmark, which measures with the CLI's allocator) sets up mimalloc.

/// `mi_option_purge_delay` in mimalloc.h: how long freed memory waits before it is returned to
/// the OS, in milliseconds; -1 never returns it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory waits before mimalloc returns it to the OS: 10 ms (mimalloc's own
/// default), set here so the CLI and the benchmark run alike.
///
/// Runs once kept all freed memory (`-1`): each stage freed most of its memory and the next
/// allocated it again, and handing pages back made the kernel fault them in and zero them again.
/// Now that outputs stream to disk instead of being built whole, the churn is small and the
/// memory kept was mostly other threads' free pages. On the v1.0 corpus (process benchmark, 7
/// to 9 rounds, medians): peak RSS 172-174 MB kept, 115-120 MB purged; time within the noise of
/// each other (970-1139 ms against 1051-1100 ms).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Sets up mimalloc as the CLI runs it.
pub fn set_up() {
    // SAFETY: sets one of mimalloc's runtime options; every value is valid for this option and
    // options may be set at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
}
