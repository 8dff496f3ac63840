//! The marketplace's shared vocabulary: resources, price lists, payment plans, agreement states,
//! the installment schedule, and the answers of [`crate::MarketApi`].
//!
//! The pallets store these types and the node serialises them to JSON for the `agora_*` RPC, so
//! a number means the same thing on chain, in the runtime API and in a polkadot.js script.
//!
//! ## Units
//!
//! * Storage is declared in bytes and priced per GiB (2^30 bytes) per period, pro rata.
//! * Memory is declared in MiB and priced per GiB (1024 MiB) per period, pro rata.
//! * vCPUs and GPUs are whole units, priced per unit per period.
//! * The price of a bundle for one period is the sum of the four parts, each rounded up to the
//!   next planck, so a provider is never paid less than its price list says.

mod agreement;
mod api;
mod provider;
mod schedule;
#[cfg(feature = "std")]
mod serde_helpers;
mod units;

pub use agreement::*;
pub use api::*;
pub use provider::*;
pub use schedule::*;
#[cfg(feature = "std")]
pub use serde_helpers::*;
pub use units::*;

pub use crate::traits::ProviderRegistry;
