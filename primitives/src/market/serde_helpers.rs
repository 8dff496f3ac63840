//! Serde helpers of the market types' JSON (std only): byte strings as strings, optional
//! balances as decimal strings.

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
