//! `call_decode`: SCALE decoding of every call's arguments, natively (the runtime built with
//! `std`), on arbitrary bytes.
//!
//! * `RuntimeCall::decode_with_depth_limit` with the limit the executive decodes extrinsics
//!   with (`frame_support::MAX_EXTRINSIC_DEPTH`): never panics; a call that decodes re-encodes to exactly
//!   the bytes it consumed (no second encoding of the same call, so no second hash for it), and
//!   its dispatch info (the weight the pool and the block builder charge, computed from the
//!   arguments) never panics, in externalities with empty storage.
//! * `UncheckedExtrinsic` (the runtime's own: address, signature, the transaction extensions)
//!   decoded the same way: never panics, re-encodes to the consumed bytes, and its call
//!   re-encodes to a call that decodes to the same value. The extrinsic is decoded from what
//!   reaches the runtime: the node first decodes every extrinsic it receives (pool, block
//!   import) as an `OpaqueExtrinsic`, whose SCALE length prefix must match the bytes that
//!   follow, and hands the runtime that encoding again. (Decoding raw bytes directly, a
//!   7-byte input whose length prefix claims ~3 GB makes sp-runtime's
//!   `UncheckedExtrinsic::decode` reserve that much up front: `Vec::with_capacity(len)` in
//!   `decode_with_len`. Upstream code, unreachable through the node; see README, "Fuzzing".)

#![no_main]

use agora_runtime::{RuntimeCall, UncheckedExtrinsic};
use codec::{Decode, DecodeLimit, Encode};
use frame_support::{dispatch::GetDispatchInfo, MAX_EXTRINSIC_DEPTH};
use libfuzzer_sys::fuzz_target;
use sp_runtime::OpaqueExtrinsic;
use std::cell::RefCell;

thread_local! {
	/// Empty storage: weights that read a parameter read its default.
	static EXT: RefCell<sp_io::TestExternalities> = RefCell::new(sp_io::TestExternalities::default());
}

fuzz_target!(|data: &[u8]| {
	let mut input = data;
	if let Ok(call) = RuntimeCall::decode_with_depth_limit(MAX_EXTRINSIC_DEPTH, &mut input) {
		let consumed = &data[..data.len() - input.len()];
		assert_eq!(call.encode(), consumed, "{call:?} re-encodes to other bytes");
		EXT.with(|ext| ext.borrow_mut().execute_with(|| call.get_dispatch_info()));
	}

	let Ok(opaque) = OpaqueExtrinsic::decode(&mut &data[..]) else { return };
	let data = opaque.encode();
	let mut input = &data[..];
	if let Ok(xt) = UncheckedExtrinsic::decode_with_depth_limit(MAX_EXTRINSIC_DEPTH, &mut input) {
		let consumed = &data[..data.len() - input.len()];
		assert_eq!(xt.encode(), consumed, "{xt:?} re-encodes to other bytes");
		let call = xt.function.encode();
		let again = RuntimeCall::decode_with_depth_limit(MAX_EXTRINSIC_DEPTH, &mut &call[..])
			.expect("an extrinsic's call decodes alone");
		assert_eq!(again, xt.function);
	}
});
