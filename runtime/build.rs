fn main() {
	#[cfg(feature = "std")]
	{
		// The wasm builder copies the workspace's Cargo.lock (so the wasm runtime uses exactly
		// the locked versions) and finds it by searching upwards from the target folder. Ours
		// usually lives outside the repository ($HOME/.cache/agora/target), so name the
		// workspace. Set here rather than in .cargo/config.toml: there it would also reach the
		// build scripts of dependencies that build wasm runtimes of their own.
		// Read the manifest dir when the script runs, not when it is compiled: cargo reuses a
		// compiled build script across clones that share a target folder.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
			let workspace = std::path::Path::new(&manifest).join("..");
			// SAFETY: build scripts are single-threaded at this point.
			unsafe { std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace) };
		}
		// With AGORA_UPGRADE_WASM=1 (scripts/env.sh sets it for every script, so builds agree),
		// first a second blob: the same runtime one spec_version ahead (feature `upgrade-test`),
		// which the runtime-upgrade e2e test applies to a live chain. It shares the wasm build's
		// dependencies, so it costs one more compile of this crate. Its file:
		// `$CARGO_TARGET_DIR/release/wbuild/agora-runtime/agora_runtime_upgrade.compact.compressed.wasm`.
		println!("cargo:rerun-if-env-changed=AGORA_UPGRADE_WASM");
		if std::env::var("AGORA_UPGRADE_WASM").as_deref() == Ok("1") {
			substrate_wasm_builder::WasmBuilder::init_with_defaults()
				.enable_feature("upgrade-test")
				.set_file_name("agora_runtime_upgrade")
				.build();
		}
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
