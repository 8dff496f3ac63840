//! `agora-node`: the Agora chain's node binary.

// `sc_cli::Error` and `sc_service::Error` are upstream types of ~180 bytes that every
// subcommand and service function returns; boxing them here would only move the cost.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod data;
mod extrinsic;
mod provider;
mod rpc;
mod service;

/// The data methods' wire protocol lives in its own small crate (`protocol/`) so the fuzz
/// targets and other tools can use it without building the node; `crate::protocol` stays its
/// name here.
use agora_protocol as protocol;

fn main() {
	if let Err(e) = command::run() {
		// Display, not Debug: `Error: Input("...")` is not a message for users.
		eprintln!("Error: {e}");
		std::process::exit(1);
	}
}
