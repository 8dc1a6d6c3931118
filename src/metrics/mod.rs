//! Metric computations: pure functions over frames and counts, no I/O.

pub mod clv;
pub mod cohorts;
pub mod compare;
pub mod customers;
pub mod feedback;
pub mod orders;
pub mod period;
pub mod periods;
pub mod rfm;
pub mod scope;
pub mod segments;
pub mod survey;
pub mod thresholds;

/// How far ahead of a gather its reads are started (see [`prefetch`]).
pub const PREFETCH_AHEAD: usize = 16;

/// Asks the CPU to start loading `value`'s cache line, for a gather whose
/// next reads are known: a hint, which changes no result.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing the program sees and cannot fault;
    // the pointer comes from a reference.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
