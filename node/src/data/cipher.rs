//! The per-agreement encoding of a consumer's data: ChaCha20 (the original variant with a 64-bit
//! block counter, so any size and any offset) keyed per agreement.
//!
//! Key = blake2_256(SCALE("agora/data-key/v1", consumer's secret key bytes, genesis hash,
//! agreement id)). Only the consumer can derive it (from the same `--suri`); two agreements
//! always get different keys, so two providers never hold the same replica and one provider
//! cannot answer one agreement's challenges from another agreement's copy. The nonce is zero:
//! each key encrypts exactly one stream.

use agora_primitives::market::AgreementId;
use chacha20::{
	cipher::{KeyIvInit, StreamCipher, StreamCipherSeek},
	ChaCha20Legacy,
};
use codec::Encode;
use sp_core::{crypto::Pair as _, sr25519, H256};

/// The keystream of one agreement.
pub struct AgreementCipher {
	key: [u8; 32],
}

impl AgreementCipher {
	/// The cipher of `agreement` on the chain of `genesis` for the consumer `pair`.
	pub fn new(pair: &sr25519::Pair, genesis: &H256, agreement: AgreementId) -> Self {
		let secret = pair.to_raw_vec();
		let key = sp_crypto_hashing::blake2_256(
			&(b"agora/data-key/v1", secret, genesis, agreement).encode(),
		);
		Self { key }
	}

	/// Encode (or decode: it is the same XOR) `buf`, which sits at `offset` of the data.
	pub fn apply(&self, offset: u64, buf: &mut [u8]) {
		let mut cipher = ChaCha20Legacy::new(&self.key.into(), &[0u8; 8].into());
		cipher.seek(offset);
		cipher.apply_keystream(buf);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn any_offset_any_chunking_and_a_key_per_agreement() {
		let pair = sr25519::Pair::from_string("//Dave", None).unwrap();
		let genesis = H256::repeat_byte(1);
		let plain: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
		let a = AgreementCipher::new(&pair, &genesis, 1);
		let mut whole = plain.clone();
		a.apply(0, &mut whole);
		assert_ne!(whole, plain);
		// Encoding in odd chunks at their offsets gives the same bytes.
		let mut pieces = plain.clone();
		let mut at = 0;
		for len in [1usize, 63, 64, 65, 4096, 12_345, 100_000] {
			let end = (at + len).min(pieces.len());
			a.apply(at as u64, &mut pieces[at..end]);
			at = end;
		}
		assert_eq!(pieces, whole);
		// Decoding restores the data.
		a.apply(0, &mut pieces);
		assert_eq!(pieces, plain);
		// Another agreement, chain or consumer: another stream.
		for other in [
			AgreementCipher::new(&pair, &genesis, 2),
			AgreementCipher::new(&pair, &H256::repeat_byte(2), 1),
			AgreementCipher::new(&sr25519::Pair::from_string("//Eve", None).unwrap(), &genesis, 1),
		] {
			let mut x = plain.clone();
			other.apply(0, &mut x);
			assert_ne!(x, whole);
		}
	}
}
