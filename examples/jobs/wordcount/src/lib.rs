//! Example compute job: `wc` for the input.
//!
//! Output: `"{words} {lines} {bytes}\n"` in ASCII decimal, where
//! * `words` counts maximal runs of bytes that are not ASCII whitespace (space, `\t`, `\n`,
//!   `\v`, `\f`, `\r`), so any UTF-8 text splits at ASCII whitespace only;
//! * `lines` counts `\n` bytes;
//! * `bytes` is the input's size.
//!
//! The ABI (`agora_primitives::jobs::abi`): imports `agora.input_len`, `agora.read_input` and
//! `agora.write_output`, exports `memory` and `run`. See `examples/jobs/README.md`.
#![no_std]

#[link(wasm_import_module = "agora")]
unsafe extern "C" {
	fn input_len() -> u32;
	fn read_input(offset: u32, ptr: *mut u8, len: u32) -> u32;
	fn write_output(ptr: *const u8, len: u32);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
	core::arch::wasm32::unreachable()
}

fn is_space(byte: u8) -> bool {
	matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Appends `n` in decimal to `out` at `at`; returns the new end.
fn put_decimal(out: &mut [u8; 64], at: usize, mut n: u64) -> usize {
	let mut digits = [0u8; 20];
	let mut len = 0;
	loop {
		digits[len] = b'0' + (n % 10) as u8;
		len += 1;
		n /= 10;
		if n == 0 {
			break;
		}
	}
	for i in 0..len {
		out[at + i] = digits[len - 1 - i];
	}
	at + len
}

/// The entry point.
#[no_mangle]
pub extern "C" fn run() {
	let mut buffer = [0u8; 4096];
	let (mut words, mut lines, mut bytes) = (0u64, 0u64, 0u64);
	let mut in_word = false;
	let size = unsafe { input_len() };
	while (bytes as u32) < size {
		let got = unsafe { read_input(bytes as u32, buffer.as_mut_ptr(), buffer.len() as u32) };
		if got == 0 {
			break;
		}
		for &byte in &buffer[..got as usize] {
			if is_space(byte) {
				in_word = false;
				lines += u64::from(byte == b'\n');
			} else if !in_word {
				in_word = true;
				words += 1;
			}
		}
		bytes += u64::from(got);
	}
	let mut out = [0u8; 64];
	let mut at = put_decimal(&mut out, 0, words);
	out[at] = b' ';
	at = put_decimal(&mut out, at + 1, lines);
	out[at] = b' ';
	at = put_decimal(&mut out, at + 1, bytes);
	out[at] = b'\n';
	unsafe { write_output(out.as_ptr(), (at + 1) as u32) };
}
