//! Pallet configurations, one file per area.

mod consensus;
mod governance;
mod monetary;
mod system;

pub use consensus::*;
pub use monetary::*;
pub use system::*;
