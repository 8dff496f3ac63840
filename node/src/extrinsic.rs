//! Building signed Agora extrinsics outside the runtime: the provider node signs its own
//! `confirm` and `respond` calls with a keystore key, and the consumer CLI signs `commit` with
//! the key of `--suri`. Both need the same transaction extensions the runtime checks
//! ([`agora_runtime::TxExtension`]).

use agora_primitives::{AccountId, Nonce, Signature};
use agora_runtime::{RuntimeCall, SignedPayload, TxExtension, UncheckedExtrinsic};
use codec::Encode;
use sp_core::H256;
use sp_runtime::generic::Era;

/// How long a transaction the node or the CLI signs stays valid, in blocks.
pub const MORTALITY: u64 = 64;

/// How many blocks behind the best block a transaction's mortality period starts. A transaction
/// born at the best block itself is refused (`AncientBirthBlock`) by any transaction-pool view
/// still one block behind, because that view does not know the birth block's hash yet; on a
/// busy machine, or while a restarted node catches up, the pool's views lag a few blocks.
pub const BIRTH_LAG: u64 = 4;

/// What a signature commits to besides the call: which chain, which runtime, from which block.
#[derive(Clone, Copy, Debug)]
pub struct SigningContext {
	/// The chain's genesis hash.
	pub genesis: H256,
	/// `spec_version` of the runtime the transaction is for.
	pub spec_version: u32,
	/// `transaction_version` of that runtime.
	pub transaction_version: u32,
	/// Number of the block the mortality period starts from (usually the best block).
	pub at_number: u64,
	/// Hash of block [`SigningContext::birth`] (the start of the mortality period).
	pub birth_hash: H256,
}

impl SigningContext {
	/// The era of a transaction signed at `at_number`.
	pub fn era(at_number: u64) -> Era {
		Era::mortal(MORTALITY, at_number)
	}

	/// The block whose hash a transaction signed at `at_number` commits to.
	pub fn birth(at_number: u64) -> u64 {
		Self::era(at_number).birth(at_number)
	}

	/// The `at_number` to sign with when the best block is `best`: [`BIRTH_LAG`] blocks back.
	pub fn signing_number(best: u64) -> u64 {
		best.saturating_sub(BIRTH_LAG)
	}
}

/// A signed extrinsic for `call` from `signer` with `nonce`, signed by `sign` (which receives
/// the payload to sign and returns an sr25519 signature of it, or `None` if the key is missing).
pub fn signed(
	call: RuntimeCall,
	signer: AccountId,
	nonce: Nonce,
	ctx: &SigningContext,
	sign: impl FnOnce(&[u8]) -> Option<sp_core::sr25519::Signature>,
) -> Result<UncheckedExtrinsic, String> {
	let era = SigningContext::era(ctx.at_number);
	let extension: TxExtension = (
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(era),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	);
	let payload = SignedPayload::from_raw(
		call.clone(),
		extension.clone(),
		(
			(),
			(),
			ctx.spec_version,
			ctx.transaction_version,
			ctx.genesis,
			ctx.birth_hash,
			(),
			(),
			(),
			(),
		),
	);
	let signature = payload
		.using_encoded(sign)
		.ok_or_else(|| format!("no key to sign for {signer} in the keystore"))?;
	Ok(UncheckedExtrinsic::new_signed(
		call,
		signer.into(),
		Signature::Sr25519(signature),
		extension,
	))
}

/// The opaque (encoded) form of an extrinsic, as the pool and `author_submitExtrinsic` take it.
pub fn opaque(xt: &UncheckedExtrinsic) -> Result<sp_runtime::OpaqueExtrinsic, String> {
	sp_runtime::OpaqueExtrinsic::try_from_encoded_extrinsic(&xt.encode())
		.map_err(|e| format!("cannot encode the extrinsic: {e}"))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn signed_transactions_are_born_behind_the_best_block_and_live_long_enough() {
		for best in [0u64, 1, 3, 4, 5, 63, 64, 65, 66, 67, 1_000, 123_456] {
			let at = SigningContext::signing_number(best);
			let birth = SigningContext::birth(at);
			// A pool view up to BIRTH_LAG - 1 blocks behind the best already knows the birth.
			assert!(birth + BIRTH_LAG <= best || best < BIRTH_LAG, "best {best}: birth {birth}");
			// And the transaction stays valid for most of its mortality after the best block.
			let death = SigningContext::era(at).death(at);
			assert!(death >= best + MORTALITY - BIRTH_LAG, "best {best}: dies at {death}");
		}
	}
}
