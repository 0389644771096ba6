//! Gives the allocator's free memory back to the system between phases whose peaks do not overlap.
//!
//! glibc keeps what a phase frees in its heap for later small allocations, while HiGHS maps its large arrays
//! afresh: at 10,000 needs × 40 offers the load freed about 150 MB (the CSV records, the raw rows) that stayed
//! resident under the LP relaxation's peak. Returned after the load and after the formulation is built, the peak
//! was 505 MB instead of 540 MB (benches/README.md, "Building the model in one pass"). Elsewhere than glibc,
//! nothing to do.

/// Return the allocator's free pages to the system.
pub fn release_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free pages of glibc's heap to the system; no live allocation is touched,
    // and glibc locks its arenas (safe from any thread).
    unsafe {
        libc::malloc_trim(0);
    }
}
