//! Tests of the validators pallet, by feature.

mod genesis;
mod membership;
mod offences;
mod session_manager;
