//! Serde helpers of the market types' JSON (std only): byte strings as strings, optional
//! balances as decimal strings, optional scores as parts per billion (at most a billion).

/// Serialises byte strings as (lossy) UTF-8 strings.
#[cfg(feature = "std")]
pub mod bytes_string {
	use serde::{Deserialize, Deserializer, Serializer};

	/// Serialise bytes as a string.
	pub fn serialize<S: Serializer>(value: &[u8], s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&String::from_utf8_lossy(value))
	}

	/// Parse bytes from a string.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
		Ok(String::deserialize(d)?.into_bytes())
	}
}

/// Serialises an optional balance as a decimal string or `null`.
#[cfg(feature = "std")]
pub mod option_balance_string {
	use serde::{Deserialize, Deserializer, Serializer};

	/// Serialise.
	pub fn serialize<S: Serializer>(value: &Option<u128>, s: S) -> Result<S::Ok, S::Error> {
		match value {
			Some(v) => s.serialize_some(&v.to_string()),
			None => s.serialize_none(),
		}
	}

	/// Parse a decimal string (or a JSON number that fits in a `u64`), or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u128>, D::Error> {
		#[derive(Deserialize)]
		#[serde(untagged)]
		enum Repr {
			Text(String),
			Number(u64),
		}
		match Option::<Repr>::deserialize(d)? {
			None => Ok(None),
			Some(Repr::Number(n)) => Ok(Some(n.into())),
			Some(Repr::Text(t)) => t.parse::<u128>().map(Some).map_err(serde::de::Error::custom),
		}
	}
}

/// Serialises an optional [`sp_runtime::Perbill`] as its parts per billion (a JSON number) or
/// `null`, and refuses more than a billion parts when parsing. Serde's own `Perbill` accepts any
/// `u32`, but its SCALE decoding refuses values above one: a query carrying one would reach the
/// runtime API and panic there ("Bad input data") instead of being refused as invalid params.
#[cfg(feature = "std")]
pub mod option_perbill {
	use serde::{Deserialize, Deserializer, Serialize, Serializer};
	use sp_runtime::{PerThing, Perbill};

	/// Serialise.
	pub fn serialize<S: Serializer>(value: &Option<Perbill>, s: S) -> Result<S::Ok, S::Error> {
		value.map(|p| p.deconstruct()).serialize(s)
	}

	/// Parse parts per billion (0 to 1,000,000,000), or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Perbill>, D::Error> {
		match Option::<u32>::deserialize(d)? {
			None => Ok(None),
			Some(parts) if parts <= Perbill::ACCURACY => Ok(Some(Perbill::from_parts(parts))),
			Some(parts) => Err(serde::de::Error::custom(format!(
				"{parts} parts per billion is more than 1,000,000,000 (100%)"
			))),
		}
	}
}
