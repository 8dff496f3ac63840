//! `agora-node`: the Agora chain's node binary.

mod chain_spec;
mod cli;
mod command;
mod data;
mod extrinsic;
mod protocol;
mod provider;
mod rpc;
mod service;

fn main() {
	if let Err(e) = command::run() {
		// Display, not Debug: `Error: Input("...")` is not a message for users.
		eprintln!("Error: {e}");
		std::process::exit(1);
	}
}
