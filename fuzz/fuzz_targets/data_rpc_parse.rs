//! `data_rpc_parse`: the data RPC's requests and answers (`agora-protocol`, which the node
//! serves as `agora_upload`, `agora_download`, `agora_jobUpload`, `agora_jobDownload`, ... and
//! its consumer tools parse the answers of), and the chain methods' structured params
//! (`agora_findProviders`, `agora_quote`), from arbitrary bytes.
//!
//! Each input is parsed as every type, twice: as a JSON value (`serde_json::from_slice`), and
//! as the `params` of a request the way jsonrpsee's `#[rpc]` server code does (a positional
//! array read with `ParamsSequence::next`/`optional_next`, or a by-name object). Checked:
//!
//! * nothing panics;
//! * what parses serializes back to JSON that parses to the same value;
//! * the chain methods' params, which the node hands to the runtime API in SCALE, decode there:
//!   their SCALE encoding decodes to the same value (else the runtime API would panic on them);
//! * the payload a request's signature covers is deterministic (same request, same genesis:
//!   same bytes, also after the JSON round trip), has the fixed length of its format whatever
//!   the data's length, and starts with its domain tag and the genesis hash;
//! * checking a signature of arbitrary bytes never panics;
//! * the download window check accepts exactly `best <= validUntil <= best + 100`;
//! * `hex` gives `0x` and lowercase digits that parse back as the same `Bytes`.

#![no_main]

use agora_primitives::{
	jobs::JobId,
	market::{AgreementId, PaymentPlan, ProviderQuery, Resources},
	AccountId, BlockNumber,
};
use agora_protocol::{
	check_validity, download_payload, hex, job_download_payload, job_upload_payload,
	upload_payload, verify_signature, DownloadRange, JobBlobKind, JobDownloadRange, JobUploadChunk,
	JobUploadStatus, UploadChunk, UploadStatus, MAX_DOWNLOAD_VALIDITY,
};
use codec::{Decode, Encode};
use jsonrpsee_types::Params;
use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sp_core::{Bytes, H256};
use std::fmt::Debug;

/// Parse `json` as `T`; if it parses, check the JSON round trip.
fn parse<T>(json: &[u8]) -> Option<T>
where
	T: DeserializeOwned + Serialize + PartialEq + Debug,
{
	let value = serde_json::from_slice::<T>(json).ok()?;
	round_trip(&value);
	Some(value)
}

/// What the node passes on to a runtime API must decode there as the same value.
fn scale<T: Encode + Decode + PartialEq + Debug>(value: &T) {
	let bytes = value.encode();
	assert_eq!(
		T::decode(&mut &bytes[..]).as_ref(),
		Ok(value),
		"{value:?} does not SCALE round trip"
	);
}

fn round_trip<T>(value: &T)
where
	T: DeserializeOwned + Serialize + PartialEq + Debug,
{
	let text = serde_json::to_string(value).expect("a parsed value serializes");
	let again: T = serde_json::from_str(&text).expect("a serialized value parses");
	assert_eq!(&again, value, "JSON round trip changed {text}");
}

/// The params of a one-argument method (`agora_upload(chunk)` ...), read as jsonrpsee reads
/// them: by name from an object, else the first element of an array.
fn one_param<T>(params: &Params, name: &str) -> Option<T>
where
	T: DeserializeOwned + Serialize + PartialEq + Debug,
{
	let value = if params.is_object() {
		let object: serde_json::Map<String, serde_json::Value> = params.parse().ok()?;
		serde_json::from_value(object.get(name)?.clone()).ok()?
	} else {
		params.sequence().next::<T>().ok()?
	};
	round_trip(&value);
	Some(value)
}

/// `agora_quote(provider, resources, durationPeriods, plan, at)` by name.
#[derive(Deserialize)]
#[allow(dead_code)]
struct QuoteParams {
	#[serde(alias = "provider")]
	provider: AccountId,
	#[serde(alias = "resources")]
	resources: Resources,
	#[serde(alias = "duration_periods", alias = "durationPeriods")]
	duration_periods: u32,
	#[serde(alias = "plan")]
	plan: PaymentPlan,
	#[serde(alias = "at")]
	at: Option<H256>,
}

/// Payload checks: deterministic, fixed length, domain tag and genesis first.
fn payload(make: impl Fn() -> Vec<u8>, tag: &[u8], genesis: &H256, len: usize) -> Vec<u8> {
	let a = make();
	assert_eq!(a, make(), "payload not deterministic");
	assert_eq!(a.len(), len, "payload length depends on the request");
	assert_eq!(&a[..tag.len()], tag);
	assert_eq!(&a[tag.len()..tag.len() + 32], genesis.as_bytes());
	a
}

fuzz_target!(|data: &[u8]| {
	let genesis = H256(sp_io::hashing::blake2_256(data));
	let signer = AccountId::new(sp_io::hashing::blake2_256(genesis.as_bytes()));
	// Lengths: tag, genesis, ids and offsets as u64, lengths as u64, blocks as u32, data hash.
	const UPLOAD: &[u8] = b"agora/upload/v1";
	const DOWNLOAD: &[u8] = b"agora/download/v2";
	const JOB_UPLOAD: &[u8] = b"agora/job-upload/v1";
	const JOB_DOWNLOAD: &[u8] = b"agora/job-download/v1";

	let check_upload = |c: &UploadChunk| {
		let make = || upload_payload(&genesis, c.agreement, c.offset, &c.data);
		let p = payload(make, UPLOAD, &genesis, UPLOAD.len() + 32 + 8 + 8 + 32);
		let _ = verify_signature(&signer, &p, &c.signature);
		let text = serde_json::to_string(c).expect("serializes");
		let again: UploadChunk = serde_json::from_str(&text).expect("parses");
		assert_eq!(upload_payload(&genesis, again.agreement, again.offset, &again.data), p);
	};
	let check_download = |r: &DownloadRange| {
		let make = || download_payload(&genesis, r.agreement, r.offset, r.length, r.valid_until);
		let p = payload(make, DOWNLOAD, &genesis, DOWNLOAD.len() + 32 + 8 + 8 + 8 + 4);
		let _ = verify_signature(&signer, &p, &r.signature);
		window(r.offset as BlockNumber, r.valid_until);
	};
	let check_job_upload = |c: &JobUploadChunk| {
		let make = || job_upload_payload(&genesis, c.job, c.blob, c.offset, &c.data);
		// The blob's name is SCALE-encoded with its length prefix (one byte for these names).
		let name = 1 + c.blob.name().len();
		let p = payload(make, JOB_UPLOAD, &genesis, JOB_UPLOAD.len() + 32 + 8 + name + 8 + 32);
		let _ = verify_signature(&signer, &p, &c.signature);
	};
	let check_job_download = |r: &JobDownloadRange| {
		let make = || job_download_payload(&genesis, r.job, r.offset, r.length, r.valid_until);
		let p = payload(make, JOB_DOWNLOAD, &genesis, JOB_DOWNLOAD.len() + 32 + 8 + 8 + 8 + 4);
		let _ = verify_signature(&signer, &p, &r.signature);
		window(r.length as BlockNumber, r.valid_until);
	};

	// As JSON values.
	if let Some(c) = parse::<UploadChunk>(data) {
		check_upload(&c);
	}
	if let Some(r) = parse::<DownloadRange>(data) {
		check_download(&r);
	}
	if let Some(c) = parse::<JobUploadChunk>(data) {
		check_job_upload(&c);
	}
	if let Some(r) = parse::<JobDownloadRange>(data) {
		check_job_download(&r);
	}
	let _ = parse::<JobBlobKind>(data);
	let _ = parse::<UploadStatus>(data);
	let _ = parse::<JobUploadStatus>(data);
	if let Some(q) = parse::<ProviderQuery>(data) {
		scale(&q);
	}
	if let Some(r) = parse::<Resources>(data) {
		scale(&r);
	}
	if let Some(p) = parse::<PaymentPlan>(data) {
		scale(&p);
	}
	let _ = parse::<AccountId>(data);
	let _ = parse::<H256>(data);
	if let Some(b) = parse::<Bytes>(data) {
		let text = hex(&b);
		assert!(text.starts_with("0x"));
		assert!(text[2..].bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
		let again: Bytes = serde_json::from_value(serde_json::Value::String(text)).expect("hex");
		assert_eq!(again, b);
	}

	// As request params, the way jsonrpsee's server code reads them.
	let Ok(text) = std::str::from_utf8(data) else { return };
	let params = Params::new(Some(text));
	if let Some(c) = one_param::<UploadChunk>(&params, "chunk") {
		check_upload(&c);
	}
	if let Some(r) = one_param::<DownloadRange>(&params, "range") {
		check_download(&r);
	}
	if let Some(c) = one_param::<JobUploadChunk>(&params, "chunk") {
		check_job_upload(&c);
	}
	if let Some(r) = one_param::<JobDownloadRange>(&params, "range") {
		check_job_download(&r);
	}
	let _ = one_param::<AgreementId>(&params, "agreement");
	let _ = one_param::<JobId>(&params, "job");
	// agora_findProviders(requirements, at) and agora_quote(provider, resources,
	// durationPeriods, plan, at), positionally; agora_quote by name.
	let mut seq = params.sequence();
	if let Ok(q) = seq.next::<ProviderQuery>() {
		scale(&q);
		let _ = seq.optional_next::<H256>();
	}
	let mut seq = params.sequence();
	let _ = (|| -> Result<(), jsonrpsee_types::ErrorObjectOwned> {
		let _: AccountId = seq.next()?;
		let r: Resources = seq.next()?;
		scale(&r);
		let _: u32 = seq.next()?;
		let p: PaymentPlan = seq.next()?;
		scale(&p);
		let _: Option<H256> = seq.optional_next()?;
		Ok(())
	})();
	if params.is_object() {
		let _ = params.parse::<QuoteParams>();
	}
});

/// The download window: served exactly when `best <= valid_until <= best + MAX`.
fn window(best: BlockNumber, valid_until: BlockNumber) {
	let served = check_validity(best, valid_until).is_ok();
	let expected = best <= valid_until
		&& u64::from(valid_until) <= u64::from(best) + u64::from(MAX_DOWNLOAD_VALIDITY);
	assert_eq!(served, expected, "best {best}, valid until {valid_until}");
}
