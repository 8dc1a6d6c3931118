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
