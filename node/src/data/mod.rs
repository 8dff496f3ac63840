//! `agora-node data ...`: consumer-side tools for storage agreements.
//!
//! * `data commit FILE` prints the commitment (merkle root and size, see
//!   [`agora_primitives::merkle`]) of FILE's bytes exactly as they are. It streams the file, so
//!   it works for files larger than memory.
//! * `data upload --provider URL --agreement ID --suri SECRET FILE` encodes FILE for the
//!   agreement ([`cipher`]), commits to the encoded bytes on chain, uploads them to the
//!   provider's node (resuming where it stopped) and waits for the provider's confirmation
//!   ([`transfer`]).
//! * `data download --provider URL --agreement ID --suri SECRET --out FILE` fetches the data,
//!   checks it against the commitment and decodes it.

pub mod cipher;
pub mod client;
pub mod job;
pub mod progress;
pub mod secret;
pub mod transfer;

use crate::protocol::hex;
use agora_primitives::{market::AgreementId, merkle::RootBuilder};
use std::{
	fs::File,
	io::{BufReader, Read},
	path::{Path, PathBuf},
};

/// Consumer tools for storage agreements.
#[derive(Debug, clap::Subcommand)]
pub enum DataCmd {
	/// Print the commitment (merkle root and size) of FILE's bytes as they are.
	Commit(CommitCmd),
	/// Encode FILE for an agreement, commit to it on chain and upload it to the provider.
	Upload(UploadCmd),
	/// Download an agreement's data from its provider, check and decode it.
	Download(DownloadCmd),
}

/// Where and as whom a transfer runs.
#[derive(Debug, clap::Args)]
pub struct TransferArgs {
	/// The provider node's RPC URL (http(s):// or ws(s)://), e.g. its registered endpoint.
	#[arg(long, value_name = "URL")]
	pub provider: String,
	/// A chain node's RPC URL for reading the chain and submitting the commitment (default: the
	/// provider's URL).
	#[arg(long, value_name = "URL")]
	pub node: Option<String>,
	/// The agreement.
	#[arg(long, value_name = "ID")]
	pub agreement: AgreementId,
	/// The consumer's secret. It signs the upload, the commitment and the download, and the
	/// data's encryption key derives from it.
	#[command(flatten)]
	pub secret: secret::SecretArgs,
}

/// `agora-node data upload`.
#[derive(Debug, clap::Args)]
pub struct UploadCmd {
	#[command(flatten)]
	pub args: TransferArgs,
	/// The file to store.
	pub file: PathBuf,
}

/// `agora-node data download`.
#[derive(Debug, clap::Args)]
pub struct DownloadCmd {
	#[command(flatten)]
	pub args: TransferArgs,
	/// Where to write the decoded data (written as OUT.partial until it checks out).
	#[arg(long, short, value_name = "OUT")]
	pub out: PathBuf,
}

impl TransferArgs {
	async fn session(&self) -> Result<transfer::Session, String> {
		let provider = client::RpcClient::new(&self.provider)?;
		let node = client::RpcClient::new(self.node.as_deref().unwrap_or(&self.provider))?;
		let suri = self.secret.resolve()?;
		transfer::Session::new(&suri, self.agreement, transfer::Endpoints { node, provider }).await
	}
}

/// Run a subcommand's future on a small runtime (the `data` and `job` subcommands).
pub(crate) fn block_on<F: std::future::Future<Output = Result<(), String>>>(
	f: F,
) -> sc_cli::Result<()> {
	let runtime = tokio::runtime::Builder::new_multi_thread()
		.worker_threads(2)
		.enable_all()
		.build()
		.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;
	runtime.block_on(f).map_err(sc_cli::Error::Input)
}

/// `agora-node data commit FILE`.
#[derive(Debug, clap::Args)]
pub struct CommitCmd {
	/// The file to commit to.
	pub file: PathBuf,
	/// Print `{"root": "0x..", "size": N}` instead of two lines.
	#[arg(long)]
	pub json: bool,
}

/// The commitment of the bytes read from `reader`.
pub fn commitment_of(mut reader: impl Read) -> std::io::Result<Option<([u8; 32], u64)>> {
	let mut builder = RootBuilder::new();
	let mut buf = vec![0u8; 1 << 20];
	loop {
		let n = reader.read(&mut buf)?;
		if n == 0 {
			break;
		}
		builder.update(&buf[..n]);
	}
	Ok(builder.finish())
}

/// The commitment of the file at `path`, with errors a user can act on.
pub fn commitment_of_file(path: &Path) -> Result<([u8; 32], u64), String> {
	let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
	commitment_of(BufReader::new(file))
		.map_err(|e| format!("cannot read {}: {e}", path.display()))?
		.ok_or_else(|| {
			format!("{} is empty: a commitment covers at least one byte", path.display())
		})
}

impl DataCmd {
	/// Run the subcommand.
	pub fn run(&self) -> sc_cli::Result<()> {
		match self {
			DataCmd::Commit(cmd) => {
				let (root, size) = commitment_of_file(&cmd.file).map_err(sc_cli::Error::Input)?;
				if cmd.json {
					println!("{{\"root\":\"{}\",\"size\":{size}}}", hex(&root));
				} else {
					println!("root: {}", hex(&root));
					println!("size: {size}");
				}
				Ok(())
			},
			DataCmd::Upload(cmd) => block_on(async {
				let session = cmd.args.session().await?;
				transfer::upload(session, &cmd.file).await
			}),
			DataCmd::Download(cmd) => block_on(async {
				let session = cmd.args.session().await?;
				transfer::download(session, &cmd.out).await
			}),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn commit_matches_the_in_memory_root() {
		let data: Vec<u8> = (0..1_000_003u32).map(|i| (i * 7 + i / 256) as u8).collect();
		let path = std::env::temp_dir().join(format!("agora-commit-{}", std::process::id()));
		std::fs::write(&path, &data).unwrap();
		let got = commitment_of_file(&path);
		std::fs::remove_file(&path).unwrap();
		assert_eq!(got, Ok((agora_primitives::merkle::root(&data).unwrap(), data.len() as u64)));
	}

	#[test]
	fn clear_errors() {
		let missing = std::env::temp_dir().join("agora-no-such-file");
		assert!(commitment_of_file(&missing).unwrap_err().starts_with("cannot open"));
		let empty = std::env::temp_dir().join(format!("agora-empty-{}", std::process::id()));
		std::fs::write(&empty, b"").unwrap();
		let err = commitment_of_file(&empty).unwrap_err();
		std::fs::remove_file(&empty).unwrap();
		assert!(err.ends_with("is empty: a commitment covers at least one byte"), "{err}");
	}
}
