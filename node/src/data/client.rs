//! A small JSON-RPC client over HTTP(S) for the consumer subcommands: `http://` and `https://`
//! URLs (`ws://`/`wss://` are accepted and spoken to over HTTP, which a Substrate node serves on
//! the same port).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::{
	client::legacy::{connect::HttpConnector, Client},
	rt::TokioExecutor,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::time::Duration;

/// How long one call may take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Why a call failed.
#[derive(Debug)]
pub enum CallError {
	/// The server could not be reached or did not answer in time.
	Unreachable(String),
	/// The server answered with a JSON-RPC error.
	Rpc { code: i64, message: String },
	/// The server answered something that is not the expected JSON.
	Invalid(String),
}

impl std::fmt::Display for CallError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Unreachable(e) => write!(f, "{e}"),
			Self::Rpc { code, message } => write!(f, "{message} (error {code})"),
			Self::Invalid(e) => write!(f, "unexpected answer: {e}"),
		}
	}
}

/// A JSON-RPC endpoint.
pub struct RpcClient {
	url: String,
	client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl RpcClient {
	/// A client for `url`.
	pub fn new(url: &str) -> Result<Self, String> {
		let url = if let Some(rest) = url.strip_prefix("ws://") {
			format!("http://{rest}")
		} else if let Some(rest) = url.strip_prefix("wss://") {
			format!("https://{rest}")
		} else {
			url.to_string()
		};
		if !(url.starts_with("http://") || url.starts_with("https://")) {
			return Err(format!("{url} is not an http(s):// or ws(s):// URL"));
		}
		url.parse::<hyper::Uri>()
			.map_err(|e| format!("{url} is not a valid URL: {e}"))?;
		let connector = hyper_rustls::HttpsConnectorBuilder::new()
			.with_provider_and_native_roots(rustls::crypto::ring::default_provider())
			.map_err(|e| format!("cannot load the system's TLS root certificates: {e}"))?
			.https_or_http()
			.enable_http1()
			.build();
		Ok(Self { url, client: Client::builder(TokioExecutor::new()).build(connector) })
	}

	/// The URL spoken to.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// Call `method` with `params` and decode the result.
	pub async fn call<T: DeserializeOwned>(
		&self,
		method: &str,
		params: Value,
	) -> Result<T, CallError> {
		let body =
			json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
		let request = hyper::Request::post(&self.url)
			.header(hyper::header::CONTENT_TYPE, "application/json")
			.body(Full::new(Bytes::from(body)))
			.map_err(|e| CallError::Unreachable(e.to_string()))?;
		let unreachable =
			|e: String| CallError::Unreachable(format!("cannot reach {}: {e}", self.url));
		let response = tokio::time::timeout(TIMEOUT, self.client.request(request))
			.await
			.map_err(|_| unreachable(format!("no answer within {} s", TIMEOUT.as_secs())))?
			.map_err(|e| unreachable(error_chain(&e)))?;
		let status = response.status();
		let bytes = tokio::time::timeout(TIMEOUT, response.into_body().collect())
			.await
			.map_err(|_| unreachable(format!("no answer within {} s", TIMEOUT.as_secs())))?
			.map_err(|e| unreachable(e.to_string()))?
			.to_bytes();
		let answer: Value = serde_json::from_slice(&bytes).map_err(|_| {
			CallError::Invalid(format!(
				"HTTP {status} from {}: {}",
				self.url,
				String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
			))
		})?;
		if let Some(error) = answer.get("error") {
			return Err(CallError::Rpc {
				code: error.get("code").and_then(Value::as_i64).unwrap_or_default(),
				message: error
					.get("message")
					.and_then(Value::as_str)
					.unwrap_or("unknown error")
					.to_string(),
			});
		}
		let result = answer.get("result").cloned().unwrap_or(Value::Null);
		serde_json::from_value(result.clone())
			.map_err(|e| CallError::Invalid(format!("{method} returned {result}: {e}")))
	}
}

/// An error and its sources, e.g. "client error (Connect): tcp connect error: Connection refused".
fn error_chain(e: &dyn std::error::Error) -> String {
	let mut out = e.to_string();
	let mut source = e.source();
	while let Some(s) = source {
		out.push_str(": ");
		out.push_str(&s.to_string());
		source = s.source();
	}
	out
}
