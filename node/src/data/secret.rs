//! Where the consumer tools (`data`, `job`) get the secret that signs.
//!
//! In order: `--suri SECRET` on the command line, `--suri-file PATH` (its first line),
//! the `AGORA_SURI` environment variable, then an interactive prompt without echo when standard
//! input is a terminal. A secret on the command line is visible in the shell history and to
//! other users (`ps`): it is fine for the dev accounts (`//Alice`), and anything else given
//! there gets a warning.

use std::{io::IsTerminal, path::PathBuf};

/// The environment variable a secret may come from.
pub const ENV: &str = "AGORA_SURI";

/// The warning for a secret on the command line that is not a dev account.
pub const COMMAND_LINE_WARNING: &str = "warning: a secret on the command line is visible in the \
	shell history and to other users (ps); use --suri-file PATH or the AGORA_SURI environment \
	variable, or leave both out to be asked";

/// How a consumer tool gets its secret.
#[derive(Debug, Clone, clap::Args)]
pub struct SecretArgs {
	/// The consumer's secret (seed, mnemonic or dev URI such as //Alice). Only for dev accounts:
	/// a real secret here is visible in the shell history and to `ps` (prefer --suri-file or
	/// AGORA_SURI; without any of them you are asked for it).
	#[arg(long, value_name = "SECRET", conflicts_with = "suri_file")]
	pub suri: Option<String>,
	/// A file whose first line is the consumer's secret (keep it readable by you only).
	#[arg(long, value_name = "PATH")]
	pub suri_file: Option<PathBuf>,
}

/// Whether `suri` names a dev account (a derivation of the well-known dev phrase, `//Alice`),
/// which is no secret.
pub fn is_dev_account(suri: &str) -> bool {
	suri.starts_with("//")
}

impl SecretArgs {
	/// The secret, from the first source given (see the module docs), and the warning to print
	/// if it came from the command line and is not a dev account.
	pub fn resolve_with(
		&self,
		env: Option<String>,
		prompt: impl FnOnce() -> Option<Result<String, String>>,
	) -> Result<(String, Option<&'static str>), String> {
		if let Some(suri) = &self.suri {
			let warning = (!is_dev_account(suri)).then_some(COMMAND_LINE_WARNING);
			return Ok((suri.clone(), warning));
		}
		if let Some(path) = &self.suri_file {
			let text = std::fs::read_to_string(path)
				.map_err(|e| format!("cannot read --suri-file {}: {e}", path.display()))?;
			let secret = text.lines().next().unwrap_or_default().trim().to_string();
			if secret.is_empty() {
				return Err(format!("--suri-file {} is empty", path.display()));
			}
			return Ok((secret, None));
		}
		if let Some(secret) = env.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
			return Ok((secret, None));
		}
		match prompt() {
			Some(Ok(secret)) if !secret.trim().is_empty() => Ok((secret.trim().to_string(), None)),
			Some(Ok(_)) => Err("no secret given".into()),
			Some(Err(e)) => Err(format!("cannot read the secret: {e}")),
			None => Err(format!(
				"no secret: give --suri-file PATH or set {ENV} (or run in a terminal to be asked)"
			)),
		}
	}

	/// The secret, from the real environment and terminal; prints the warning to stderr.
	pub fn resolve(&self) -> Result<String, String> {
		let (secret, warning) = self.resolve_with(std::env::var(ENV).ok(), || {
			std::io::stdin().is_terminal().then(|| {
				rpassword::prompt_password("consumer secret (not echoed): ")
					.map_err(|e| e.to_string())
			})
		})?;
		if let Some(warning) = warning {
			eprintln!("{warning}");
		}
		Ok(secret)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn args(suri: Option<&str>, file: Option<PathBuf>) -> SecretArgs {
		SecretArgs { suri: suri.map(str::to_string), suri_file: file }
	}

	fn no_terminal() -> Option<Result<String, String>> {
		None
	}

	#[test]
	fn the_sources_come_in_order_and_only_real_secrets_on_the_command_line_warn() {
		let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
		// Dev accounts on the command line: no warning.
		assert_eq!(
			args(Some("//Ferdie"), None).resolve_with(Some("ignored".into()), no_terminal),
			Ok(("//Ferdie".to_string(), None))
		);
		// A phrase, or a phrase with a derivation, or a seed: warned.
		for real in [phrase.to_string(), format!("{phrase}//1"), format!("0x{}", "ab".repeat(32))] {
			assert_eq!(
				args(Some(&real), None).resolve_with(None, no_terminal),
				Ok((real.clone(), Some(COMMAND_LINE_WARNING)))
			);
		}
		// A file's first line, trimmed.
		let dir = crate::provider::store::temp_dir("secret-file");
		let file = dir.join("secret");
		std::fs::write(&file, format!("{phrase}\nnot this line\n")).unwrap();
		assert_eq!(
			args(None, Some(file.clone())).resolve_with(Some("env".into()), no_terminal),
			Ok((phrase.to_string(), None))
		);
		std::fs::write(&file, "\n").unwrap();
		assert!(args(None, Some(file))
			.resolve_with(None, no_terminal)
			.unwrap_err()
			.contains("empty"));
		assert!(args(None, Some(dir.join("missing")))
			.resolve_with(None, no_terminal)
			.unwrap_err()
			.contains("cannot read --suri-file"));
		std::fs::remove_dir_all(dir).unwrap();
		// The environment, then the prompt.
		assert_eq!(
			args(None, None).resolve_with(Some(" //Eve \n".into()), no_terminal),
			Ok(("//Eve".to_string(), None))
		);
		assert_eq!(
			args(None, None).resolve_with(None, || Some(Ok("//Dave\n".into()))),
			Ok(("//Dave".to_string(), None))
		);
		// Nothing anywhere, and no terminal: a clear error.
		assert!(args(None, None)
			.resolve_with(Some(String::new()), no_terminal)
			.unwrap_err()
			.contains(ENV));
	}

	#[test]
	fn suri_and_suri_file_conflict() {
		use clap::Parser;
		#[derive(clap::Parser, Debug)]
		struct Cli {
			#[command(flatten)]
			secret: SecretArgs,
		}
		assert!(Cli::try_parse_from(["x", "--suri", "//A", "--suri-file", "f"]).is_err());
		assert!(Cli::try_parse_from(["x", "--suri-file", "f"]).is_ok());
		assert!(Cli::try_parse_from(["x"]).is_ok());
	}
}
