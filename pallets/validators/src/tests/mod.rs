//! Tests of the validators pallet, by feature.

mod genesis;
mod membership;
mod session_manager;
