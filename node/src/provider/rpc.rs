//! The data RPC of provider mode (see [`crate::protocol`]): served only by a node started with
//! `--provider-store`, for agreements whose provider's key, or the key of the provider's
//! operator (`storageProofs.setOperator`), is in its keystore.
//!
//! [`super::start`] returns a [`DataRpcState`]; `rpc::create_full` builds [`Data`] from it and
//! the node's client (any client with the [`MarketApi`] and [`ProofsApi`] runtime APIs) and
//! merges it with the other methods.

use super::{Provider, KEY_TYPE};
use crate::protocol::{self, DownloadRange, UploadChunk, UploadState, UploadStatus, MAX_CHUNK};
use agora_primitives::{
	market::{AgreementId, AgreementStatus, AgreementView},
	proofs::CommitmentView,
	AccountId, BlockNumber, MarketApi, ProofsApi,
};
use agora_runtime::opaque::Block;
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{sr25519, Bytes, H256};
use sp_keystore::KeystorePtr;
use std::sync::Arc;

/// The data methods of a provider node.
#[rpc(server, namespace = "agora")]
pub trait DataRpc {
	/// How much of an agreement's data this provider holds, and whether it matched the
	/// commitment.
	#[method(name = "uploadStatus", blocking)]
	fn upload_status(&self, agreement: AgreementId) -> RpcResult<UploadStatus>;

	/// Store a chunk of an agreement's data (signed by its consumer).
	#[method(name = "upload", blocking)]
	fn upload(&self, chunk: UploadChunk) -> RpcResult<UploadStatus>;

	/// Read a range of an agreement's stored data (signed by its consumer, served only up to the
	/// request's `validUntil` block).
	#[method(name = "download", blocking)]
	fn download(&self, range: DownloadRange) -> RpcResult<Bytes>;
}

/// What the data RPC is built from, besides the client: returned by [`super::start`], carried to
/// `rpc::create_full` in `FullDeps::provider`.
#[derive(Clone)]
pub struct DataRpcState {
	/// The keystore holding the provider keys (`agpr`) whose agreements are served.
	pub keystore: KeystorePtr,
	/// The provider's store and upload state.
	pub provider: Arc<Provider>,
}

/// Implements [`DataRpcServer`].
pub struct Data<C> {
	client: Arc<C>,
	keystore: KeystorePtr,
	provider: Arc<Provider>,
}

impl<C> Data<C> {
	/// The data RPC over the store of `state`, reading the chain through `client`.
	pub fn new(client: Arc<C>, state: DataRpcState) -> Self {
		let DataRpcState { keystore, provider } = state;
		Self { client, keystore, provider }
	}
}

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

type Context = (AgreementView<AccountId, BlockNumber>, CommitmentView<AccountId, BlockNumber>);

impl<C> Data<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: MarketApi<Block> + ProofsApi<Block>,
{
	/// The agreement and its commitment at the best block, if this node serves them.
	fn context(&self, id: AgreementId) -> RpcResult<Context> {
		let best = self.client.info().best_hash;
		let api = self.client.runtime_api();
		let runtime = |e: sp_api::ApiError| error(protocol::RUNTIME_ERROR, e.to_string());
		let agreement = api
			.agreement(best, id)
			.map_err(runtime)?
			.ok_or_else(|| error(protocol::NOT_SERVED, format!("agreement {id} does not exist")))?;
		let provider = &agreement.agreement.provider;
		if !self.serves(best, provider).map_err(runtime)? {
			return Err(error(
				protocol::NOT_SERVED,
				format!(
					"agreement {id} belongs to provider {provider}, whose key (or its operator's) \
					 is not on this node"
				),
			));
		}
		let commitment = api.commitment(best, id).map_err(runtime)?.ok_or_else(|| {
			error(
				protocol::NO_COMMITMENT,
				format!(
					"agreement {id} has no commitment yet: submit storageProofs.commit(agreement, \
					 root, size) before uploading"
				),
			)
		})?;
		Ok((agreement, commitment))
	}

	/// Whether this node acts for `provider` at block `at`: the provider's own key, or the key
	/// of its operator, is an `agpr` key in the keystore.
	fn serves(&self, at: H256, provider: &AccountId) -> Result<bool, sp_api::ApiError> {
		let keys = self.keystore.sr25519_public_keys(KEY_TYPE);
		let public = sr25519::Public::from_raw(*AsRef::<[u8; 32]>::as_ref(provider));
		if keys.contains(&public) {
			return Ok(true);
		}
		let api = self.client.runtime_api();
		for key in keys {
			if api.operator_of(at, AccountId::from(key))?.as_ref() == Some(provider) {
				return Ok(true);
			}
		}
		Ok(false)
	}

	fn status_of(
		&self,
		commitment: &CommitmentView<AccountId, BlockNumber>,
	) -> RpcResult<UploadStatus> {
		self.provider
			.status(
				commitment.agreement,
				commitment.root.0,
				commitment.size,
				commitment.confirmed_at,
			)
			.map_err(|e| error(protocol::STORE_ERROR, format!("the provider's store failed: {e}")))
	}
}

fn check_signature(consumer: &AccountId, payload: &[u8], signature: &[u8]) -> RpcResult<()> {
	if protocol::verify_signature(consumer, payload, signature) {
		Ok(())
	} else {
		Err(error(
			protocol::BAD_SIGNATURE,
			format!("not signed by the agreement's consumer {consumer}"),
		))
	}
}

/// The checks of a download request before anything is read: the consumer's signature over
/// the `agora/download/v2` payload, then its window against the best block `best` (the rule of
/// finding 17, issue 12: a captured request is refused once its `valid_until` block has passed,
/// and a request cannot be signed to last more than [`protocol::MAX_DOWNLOAD_VALIDITY`] blocks).
fn check_download(
	genesis: &H256,
	best: BlockNumber,
	consumer: &AccountId,
	range: &DownloadRange,
) -> RpcResult<()> {
	let payload = protocol::download_payload(
		genesis,
		range.agreement,
		range.offset,
		range.length,
		range.valid_until,
	);
	check_signature(consumer, &payload, &range.signature)?;
	protocol::check_validity(best, range.valid_until)
		.map_err(|message| error(protocol::EXPIRED, message))
}

impl<C> DataRpcServer for Data<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketApi<Block> + ProofsApi<Block>,
{
	fn upload_status(&self, agreement: AgreementId) -> RpcResult<UploadStatus> {
		let (_, commitment) = self.context(agreement)?;
		self.status_of(&commitment)
	}

	fn upload(&self, chunk: UploadChunk) -> RpcResult<UploadStatus> {
		let (view, commitment) = self.context(chunk.agreement)?;
		let id = chunk.agreement;
		if view.agreement.status != AgreementStatus::Active {
			return Err(error(
				protocol::NOT_SERVED,
				format!(
					"agreement {id} is {:?}, not active: nothing more is stored for it",
					view.agreement.status
				),
			));
		}
		let genesis = self.client.info().genesis_hash;
		let payload = protocol::upload_payload(&genesis, id, chunk.offset, &chunk.data);
		check_signature(&view.agreement.consumer, &payload, &chunk.signature)?;

		// The state, range and append-only checks and the write happen together under the
		// agreement's upload lock (`Provider::write_checked`).
		self.provider
			.write_checked(id, chunk.offset, &chunk.data, commitment.root.0, commitment.size)
			.map_err(|e| error(e.code(), e.to_string()))?;
		self.status_of(&commitment)
	}

	fn download(&self, range: DownloadRange) -> RpcResult<Bytes> {
		let (view, commitment) = self.context(range.agreement)?;
		let id = range.agreement;
		let info = self.client.info();
		check_download(&info.genesis_hash, info.best_number, &view.agreement.consumer, &range)?;
		if let Some(until) = view.served_until.filter(|until| info.best_number > *until) {
			return Err(error(
				protocol::NOT_SERVED,
				format!(
					"agreement {id} ended; its data was served until block {until} (the chain's \
					 dataGrace) and is deleted"
				),
			));
		}
		let status = self.status_of(&commitment)?;
		if status.state != UploadState::Stored {
			return Err(error(
				protocol::NOT_STORED,
				format!(
					"agreement {id}'s data is not stored in full ({:?}, {} of {} bytes received)",
					status.state, status.received, status.size
				),
			));
		}
		if range.length == 0 || range.length > MAX_CHUNK || range.offset >= commitment.size {
			return Err(error(
				protocol::BAD_RANGE,
				format!(
					"ranges start before byte {} and hold 1 to {MAX_CHUNK} bytes",
					commitment.size
				),
			));
		}
		let len = range.length.min(commitment.size - range.offset);
		self.provider
			.store
			.read_at(id, range.offset, len as usize)
			.map(Bytes)
			.map_err(|e| error(protocol::STORE_ERROR, format!("the provider's store failed: {e}")))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{crypto::Pair as _, sr25519};

	/// Finding 17 (issue 12): a download request is a signed `agora/download/v2` message that
	/// the node serves only up to its `valid_until` block, and never one signed to last more
	/// than `MAX_DOWNLOAD_VALIDITY` blocks.
	#[test]
	fn download_requests_expire_and_cannot_be_signed_to_last() {
		let consumer = sr25519::Pair::from_string("//Ferdie", None).unwrap();
		let stranger = sr25519::Pair::from_string("//Dave", None).unwrap();
		let who: AccountId = consumer.public().into();
		let genesis = H256::repeat_byte(1);
		let signed = |pair: &sr25519::Pair, valid_until: BlockNumber| {
			let payload = protocol::download_payload(&genesis, 7, 0, 100, valid_until);
			DownloadRange {
				agreement: 7,
				offset: 0,
				length: 100,
				valid_until,
				signature: Bytes(pair.sign(&payload).0.to_vec()),
			}
		};
		let code = |result: RpcResult<()>| result.map_err(|e| e.code());
		let best = 1_000;

		// As the CLI signs it (best + DOWNLOAD_VALIDITY): served until that block.
		let fresh = signed(&consumer, best + protocol::DOWNLOAD_VALIDITY);
		assert_eq!(code(check_download(&genesis, best, &who, &fresh)), Ok(()));
		let last = best + protocol::DOWNLOAD_VALIDITY;
		assert_eq!(code(check_download(&genesis, last, &who, &fresh)), Ok(()));
		// Replayed one block later: expired.
		assert_eq!(code(check_download(&genesis, last + 1, &who, &fresh)), Err(protocol::EXPIRED));
		// Signed to last longer than allowed: refused; exactly the limit is served.
		let far = signed(&consumer, best + protocol::MAX_DOWNLOAD_VALIDITY + 1);
		assert_eq!(code(check_download(&genesis, best, &who, &far)), Err(protocol::EXPIRED));
		let limit = signed(&consumer, best + protocol::MAX_DOWNLOAD_VALIDITY);
		assert_eq!(code(check_download(&genesis, best, &who, &limit)), Ok(()));
		// The window is signed: moving valid_until breaks the signature.
		let moved = DownloadRange { valid_until: last + 50, ..fresh.clone() };
		assert_eq!(
			code(check_download(&genesis, last + 1, &who, &moved)),
			Err(protocol::BAD_SIGNATURE)
		);
		// Another key, even inside the window: not the consumer's.
		assert_eq!(
			code(check_download(&genesis, best, &who, &signed(&stranger, last))),
			Err(protocol::BAD_SIGNATURE)
		);
	}
}
