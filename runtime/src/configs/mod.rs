//! Pallet configurations, one file per area.

mod consensus;
mod governance;
mod jobs;
mod market;
mod monetary;
mod system;

pub use consensus::*;
pub use governance::*;
pub use jobs::*;
pub use market::*;
pub use monetary::*;
pub use system::*;
