//! The runner against the example jobs and against small modules written here with
//! `wasm-encoder` (each test states what it builds).

use agora_job_runner::{run, Limits, Outcome, Runner, RunnerError};
use agora_primitives::jobs::{result_blob, ResultStatus, MAX_RESULT_BYTES, WASM_PAGE_BYTES};
use std::time::{Duration, Instant};
use wasm_encoder::{
	CodeSection, ConstExpr, DataSection, EntityType, ExportKind, ExportSection, Function,
	FunctionSection, ImportSection, Instruction as I, MemArg, MemorySection, MemoryType, Module,
	StartSection, TypeSection, ValType,
};

const WORDCOUNT: &[u8] = include_bytes!("../../../examples/jobs/wordcount.wasm");
const SHA256: &[u8] = include_bytes!("../../../examples/jobs/sha256.wasm");

const LIMITS: Limits = Limits { fuel: 50_000_000, memory_pages: 16 };

// Function indices of the ABI imports in modules built by `Job` with the default imports.
const INPUT_LEN: u32 = 0;
const READ_INPUT: u32 = 1;
const WRITE_OUTPUT: u32 = 2;

/// A test module: imports, memories, a `run` body (and an optional start function).
struct Job {
	imports: Vec<(&'static str, &'static str, Vec<ValType>, Vec<ValType>)>,
	/// (minimum, maximum) pages of each memory; the first is exported as `memory`.
	memories: Vec<(u64, Option<u64>)>,
	export_memory: bool,
	export_run: bool,
	run_type: (Vec<ValType>, Vec<ValType>),
	locals: Vec<(u32, ValType)>,
	body: Vec<I<'static>>,
	start: Option<Vec<I<'static>>>,
	data: Vec<(i32, Vec<u8>)>,
}

impl Default for Job {
	fn default() -> Self {
		use ValType::I32;
		Self {
			imports: vec![
				("agora", "input_len", vec![], vec![I32]),
				("agora", "read_input", vec![I32, I32, I32], vec![I32]),
				("agora", "write_output", vec![I32, I32], vec![]),
			],
			memories: vec![(1, None)],
			export_memory: true,
			export_run: true,
			run_type: (vec![], vec![]),
			locals: vec![],
			body: vec![],
			start: None,
			data: vec![],
		}
	}
}

impl Job {
	fn body(body: Vec<I<'static>>) -> Self {
		Self { body, ..Self::default() }
	}

	fn encode(&self) -> Vec<u8> {
		let mut types = TypeSection::new();
		let mut imports = ImportSection::new();
		for (i, (module, name, params, results)) in self.imports.iter().enumerate() {
			types.ty().function(params.clone(), results.clone());
			imports.import(module, name, EntityType::Function(i as u32));
		}
		let imported = self.imports.len() as u32;
		types.ty().function(self.run_type.0.clone(), self.run_type.1.clone());
		types.ty().function([], []);
		let mut functions = FunctionSection::new();
		let mut code = CodeSection::new();
		let mut add = |ty: u32, locals: &[(u32, ValType)], body: &[I<'static>]| {
			functions.function(ty);
			let mut f = Function::new(locals.iter().copied());
			for instruction in body {
				f.instruction(instruction);
			}
			f.instruction(&I::End);
			code.function(&f);
		};
		add(imported, &self.locals, &self.body);
		if let Some(start) = &self.start {
			add(imported + 1, &[], start);
		}
		let mut memories = MemorySection::new();
		for (minimum, maximum) in &self.memories {
			memories.memory(MemoryType {
				minimum: *minimum,
				maximum: *maximum,
				memory64: false,
				shared: false,
				page_size_log2: None,
			});
		}
		let mut exports = ExportSection::new();
		if self.export_memory {
			exports.export("memory", ExportKind::Memory, 0);
		}
		if self.export_run {
			exports.export("run", ExportKind::Func, imported);
		}
		let mut data = DataSection::new();
		for (offset, bytes) in &self.data {
			data.active(0, &ConstExpr::i32_const(*offset), bytes.iter().copied());
		}
		let mut module = Module::new();
		module.section(&types).section(&imports).section(&functions).section(&memories);
		module.section(&exports);
		if self.start.is_some() {
			module.section(&StartSection { function_index: imported + 1 });
		}
		module.section(&code).section(&data);
		module.finish()
	}
}

fn mem(offset: u64) -> MemArg {
	MemArg { offset, align: 2, memory_index: 0 }
}

/// `write_output(ptr, len)` as instructions.
fn write_output(ptr: i32, len: i32) -> Vec<I<'static>> {
	vec![I::I32Const(ptr), I::I32Const(len), I::Call(WRITE_OUTPUT)]
}

fn status(module: &[u8], input: &[u8], limits: &Limits) -> ResultStatus {
	run(module, input, limits).expect("no host failure").status
}

fn wc(input: &[u8]) -> Vec<u8> {
	let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
	let words = input.split(space).filter(|w| !w.is_empty()).count();
	let lines = input.iter().filter(|b| **b == b'\n').count();
	format!("{words} {lines} {}\n", input.len()).into_bytes()
}

/// Deterministic pseudo-random bytes (xorshift), some of them whitespace.
fn noise(len: usize, seed: u64) -> Vec<u8> {
	let mut x = seed | 1;
	(0..len)
		.map(|_| {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			match x % 7 {
				0 => b' ',
				1 => b'\n',
				_ => (x >> 8) as u8,
			}
		})
		.collect()
}

// --- the examples ---

#[test]
fn the_examples_have_exactly_the_abi() {
	let engine = wasmtime::Engine::default();
	for (name, bytes) in [("wordcount", WORDCOUNT), ("sha256", SHA256)] {
		let module = wasmtime::Module::from_binary(&engine, bytes).expect("the example compiles");
		let mut imports: Vec<String> =
			module.imports().map(|i| format!("{}.{}", i.module(), i.name())).collect();
		imports.sort();
		assert_eq!(
			imports,
			["agora.input_len", "agora.read_input", "agora.write_output"],
			"{name} imports"
		);
		let mut exports: Vec<String> =
			module.exports().map(|e| format!("{} {:?}", e.name(), e.ty())).collect();
		exports.sort();
		// `memory` and `run: () -> ()`, and the two globals rustc's wasm linking always exports
		// (`__data_end`, `__heap_base`); the runner ignores exports it does not use.
		assert_eq!(exports.len(), 4, "{name} exports {exports:?}");
		assert!(exports[0].starts_with("__data_end Global("), "{name} {exports:?}");
		assert!(exports[1].starts_with("__heap_base Global("), "{name} {exports:?}");
		assert!(exports[2].starts_with("memory Memory("), "{name} {exports:?}");
		let run = module.get_export("run").and_then(|e| e.func().cloned()).expect("run");
		assert_eq!((run.params().len(), run.results().len()), (0, 0), "{name}");
		let memory = module.get_export("memory").and_then(|e| e.memory().cloned()).expect("mem");
		assert!(memory.minimum() <= 2, "{name} declares {} pages", memory.minimum());
		// The runner's own check agrees: a module that runs is not Invalid.
		assert_eq!(status(bytes, b"x", &LIMITS), ResultStatus::Ok, "{name}");
		assert!(bytes.len() < 8 * 1024, "{name} is {} bytes", bytes.len());
	}
}

#[test]
fn wordcount_counts_like_wc() {
	let long_word = vec![b'x'; 10_000];
	let inputs: Vec<Vec<u8>> = vec![
		b"".to_vec(),
		b"hello".to_vec(),
		b"  hello   world \n".to_vec(),
		b"a\nb\nc\n".to_vec(),
		"héllo wörld\tünïcode\r\nend\x0b\x0cx".as_bytes().to_vec(),
		b" \n\n  \t".to_vec(),
		long_word,
		noise(50_000, 7),
	];
	for input in inputs {
		let outcome = run(WORDCOUNT, &input, &LIMITS).expect("no host failure");
		assert_eq!(outcome.status, ResultStatus::Ok);
		assert_eq!(
			String::from_utf8_lossy(&outcome.output),
			String::from_utf8_lossy(&wc(&input)),
			"input of {} bytes",
			input.len()
		);
		assert_eq!(outcome.blob(), result_blob(ResultStatus::Ok, &wc(&input)));
	}
}

#[test]
fn sha256_matches_the_reference() {
	// FIPS 180-4 example "abc".
	let abc = run(SHA256, b"abc", &LIMITS).expect("no host failure");
	assert_eq!(
		abc.output,
		[
			0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
			0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
			0xf2, 0x00, 0x15, 0xad
		]
	);
	for len in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_003] {
		let input = noise(len, len as u64 + 1);
		let outcome = run(SHA256, &input, &LIMITS).expect("no host failure");
		assert_eq!(outcome.status, ResultStatus::Ok, "{len} bytes");
		assert_eq!(outcome.output, sp_crypto_hashing::sha2_256(&input), "{len} bytes");
	}
}

#[test]
fn runs_are_deterministic_across_runs_and_engines() {
	let input = noise(20_000, 42);
	for module in [WORDCOUNT, SHA256] {
		let first = run(module, &input, &LIMITS).expect("no host failure");
		assert_eq!(first.status, ResultStatus::Ok);
		assert!(first.fuel_used > input.len() as u64 && first.fuel_used < LIMITS.fuel);
		let shared = Runner::new().expect("engine");
		for _ in 0..3 {
			// A fresh engine each time, and one engine reused.
			assert_eq!(run(module, &input, &LIMITS).expect("no host failure"), first);
			let again = shared.run(module, &input, &LIMITS, Duration::from_secs(60));
			assert_eq!(again.expect("no host failure"), first);
		}
		// Another input gives another fuel count (fuel_used is not a constant).
		let other = run(module, &input[..1000], &LIMITS).expect("no host failure");
		assert_ne!(other.fuel_used, first.fuel_used);
	}
}

#[test]
fn fuel_is_deterministic_at_the_edge() {
	let input = noise(5_000, 3);
	for module in [WORDCOUNT, SHA256] {
		let needed = run(module, &input, &LIMITS).expect("no host failure");
		let with = |fuel| run(module, &input, &Limits { fuel, ..LIMITS }).expect("no host failure");
		assert_eq!(with(needed.fuel_used), needed);
		// The least fuel that finishes: wasmtime checks fuel at function entries and loop
		// headers, so the last few instructions may overdraw (then fuel_used is the limit).
		let (mut low, mut high) = (0, needed.fuel_used);
		while low + 1 < high {
			let mid = (low + high) / 2;
			if with(mid).status == ResultStatus::Ok {
				high = mid;
			} else {
				low = mid;
			}
		}
		assert!(needed.fuel_used - high < 100, "overdraw of {}", needed.fuel_used - high);
		for fuel in [high, high + 1, (high + needed.fuel_used) / 2] {
			let ok = with(fuel);
			assert_eq!((ok.status, &ok.output), (ResultStatus::Ok, &needed.output));
			assert_eq!(ok.fuel_used, fuel.min(needed.fuel_used));
		}
		for fuel in [0, 1, needed.fuel_used / 2, high - 1] {
			let starved = with(fuel);
			assert_eq!(
				starved,
				Outcome { status: ResultStatus::OutOfFuel, output: vec![], fuel_used: fuel }
			);
			assert_eq!(starved.blob(), vec![ResultStatus::OutOfFuel as u8]);
			// The same edge on another engine.
			assert_eq!(with(fuel), starved);
		}
	}
}

// --- what a module can do wrong ---

#[test]
fn an_infinite_loop_runs_out_of_fuel_quickly() {
	let module = Job::body(vec![I::Loop(wasm_encoder::BlockType::Empty), I::Br(0), I::End]);
	let started = Instant::now();
	let outcome = run(&module.encode(), b"", &Limits { fuel: 10_000_000, memory_pages: 1 })
		.expect("no host failure");
	assert_eq!(
		outcome,
		Outcome { status: ResultStatus::OutOfFuel, output: vec![], fuel_used: 10_000_000 }
	);
	assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[test]
fn the_wall_clock_guard_is_a_host_error_not_a_status() {
	let module = Job::body(vec![I::Loop(wasm_encoder::BlockType::Empty), I::Br(0), I::End]);
	let runner = Runner::new().expect("engine");
	let limits = Limits { fuel: u64::MAX, memory_pages: 1 };
	let started = Instant::now();
	let ended = runner.run(&module.encode(), b"", &limits, Duration::from_millis(300));
	assert_eq!(ended, Err(RunnerError::Timeout));
	assert!(started.elapsed() >= Duration::from_millis(300));
	assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
	// The same runner still works afterwards.
	assert_eq!(
		runner
			.run(WORDCOUNT, b"a b", &LIMITS, Duration::from_secs(60))
			.map(|o| o.output),
		Ok(b"2 0 3\n".to_vec())
	);
}

#[test]
fn a_declared_memory_above_the_limit_is_memory_limit() {
	let job = |memories| Job { memories, ..Job::body(write_output(0, 1)) }.encode();
	let limits = Limits { fuel: 1_000_000, memory_pages: 4 };
	assert_eq!(status(&job(vec![(4, None)]), b"", &limits), ResultStatus::Ok);
	let over = run(&job(vec![(5, None)]), b"", &limits).expect("no host failure");
	assert_eq!(over, Outcome { status: ResultStatus::MemoryLimit, output: vec![], fuel_used: 0 });
	assert_eq!(over.blob(), vec![3]);
	// The limit is over all memories together (multi-memory is on by default).
	assert_eq!(status(&job(vec![(2, None), (2, None)]), b"", &limits), ResultStatus::Ok);
	assert_eq!(status(&job(vec![(2, None), (3, None)]), b"", &limits), ResultStatus::MemoryLimit);
	// The examples need only a few pages; with none they cannot start.
	assert_eq!(
		status(WORDCOUNT, b"", &Limits { memory_pages: 0, ..LIMITS }),
		ResultStatus::MemoryLimit
	);
}

/// `run` grows memory 0 by `a` then `b` pages and writes both `memory.grow` results.
fn grow_twice(a: i32, b: i32) -> Vec<I<'static>> {
	let mut body = vec![
		I::I32Const(0),
		I::I32Const(a),
		I::MemoryGrow(0),
		I::I32Store(mem(0)),
		I::I32Const(4),
		I::I32Const(b),
		I::MemoryGrow(0),
		I::I32Store(mem(0)),
	];
	body.extend(write_output(0, 8));
	body
}

fn grown(module: &Job, pages: u32) -> (i32, i32) {
	let outcome = run(&module.encode(), b"", &Limits { fuel: 1_000_000, memory_pages: pages })
		.expect("no host failure");
	assert_eq!(outcome.status, ResultStatus::Ok);
	let word = |i: usize| i32::from_le_bytes(outcome.output[i..i + 4].try_into().expect("4 bytes"));
	(word(0), word(4))
}

#[test]
fn memory_grow_past_the_limit_returns_minus_one() {
	// 1 page, limit 3: +2 succeeds (old size 1), +1 more fails.
	assert_eq!(grown(&Job::body(grow_twice(2, 1)), 3), (1, -1));
	// With room, both succeed: the -1 above is the limit's doing.
	assert_eq!(grown(&Job::body(grow_twice(2, 1)), 4), (1, 3));
	// A refused growth leaves the memory as it was; a smaller one still fits.
	assert_eq!(grown(&Job::body(grow_twice(5, 2)), 3), (-1, 1));
	// The module's own declared maximum: -1 as well, not a host error.
	let capped = Job { memories: vec![(1, Some(2))], ..Job::body(grow_twice(1, 1)) };
	assert_eq!(grown(&capped, 100), (1, -1));
	// The limit counts all memories: memory 1 already takes 2 of the 4 pages.
	let two = Job { memories: vec![(1, None), (2, None)], ..Job::body(grow_twice(1, 1)) };
	assert_eq!(grown(&two, 4), (1, -1));
}

#[test]
fn traps_are_trap() {
	let cases = vec![
		vec![I::Unreachable],
		vec![I::I32Const(1), I::I32Const(0), I::I32DivU, I::Drop],
		// Out-of-bounds load (1 page).
		vec![I::I32Const(WASM_PAGE_BYTES as i32), I::I32Load(mem(0)), I::Drop],
		// Output written before the trap is dropped.
		[write_output(0, 4), vec![I::Unreachable]].concat(),
	];
	for body in cases {
		let outcome = run(&Job::body(body).encode(), b"", &LIMITS).expect("no host failure");
		assert_eq!(outcome.status, ResultStatus::Trap);
		assert!(outcome.output.is_empty());
		assert_eq!(outcome.blob(), vec![1]);
	}
	// A trap in the start function, and a data segment out of bounds, at instantiation.
	let start = Job { start: Some(vec![I::Unreachable]), ..Job::body(write_output(0, 1)) };
	assert_eq!(status(&start.encode(), b"", &LIMITS), ResultStatus::Trap);
	let data = Job { data: vec![(65_535, vec![1, 2])], ..Job::body(write_output(0, 1)) };
	assert_eq!(status(&data.encode(), b"", &LIMITS), ResultStatus::Trap);
	let fits = Job { data: vec![(65_534, vec![1, 2])], ..Job::body(write_output(65_534, 2)) };
	assert_eq!(run(&fits.encode(), b"", &LIMITS).map(|o| o.output), Ok(vec![1, 2]));
}

#[test]
fn imports_outside_the_abi_are_invalid() {
	use ValType::{I32, I64};
	let with_import = |import| {
		let mut job = Job::body(write_output(0, 1));
		job.imports.push(import);
		job.encode()
	};
	let forbidden = [
		("env", "foo", vec![], vec![]),
		("wasi_snapshot_preview1", "fd_write", vec![I32, I32, I32, I32], vec![I32]),
		("agora", "clock", vec![], vec![I64]),
		("env", "input_len", vec![], vec![I32]),
	];
	for import in forbidden {
		let outcome = run(&with_import(import), b"", &LIMITS).expect("no host failure");
		assert_eq!(
			outcome,
			Outcome { status: ResultStatus::Invalid, output: vec![], fuel_used: 0 }
		);
		assert_eq!(outcome.blob(), vec![4]);
	}
	// The right names with the wrong signatures.
	let wrong = [
		("agora", "input_len", vec![], vec![I64]),
		("agora", "input_len", vec![I32], vec![I32]),
		("agora", "read_input", vec![I32, I32, I32], vec![]),
		("agora", "read_input", vec![I32, I32], vec![I32]),
		("agora", "write_output", vec![I32, I32], vec![I32]),
		("agora", "write_output", vec![I64, I32], vec![]),
	];
	for import in wrong {
		let mut job = Job::body(vec![]);
		job.imports = vec![import];
		assert_eq!(status(&job.encode(), b"", &LIMITS), ResultStatus::Invalid);
	}
	// Importing nothing, or a subset, is fine.
	let mut none = Job::body(vec![]);
	none.imports.clear();
	assert_eq!(status(&none.encode(), b"", &LIMITS), ResultStatus::Ok);
}

#[test]
fn bytes_that_do_not_validate_are_invalid() {
	let mut truncated = WORDCOUNT.to_vec();
	truncated.truncate(WORDCOUNT.len() - 5);
	let mut wrong_version = WORDCOUNT.to_vec();
	wrong_version[4] = 2;
	// SIMD is off: a `v128.const` does not validate.
	let simd = Job::body(vec![I::V128Const(0), I::Drop]).encode();
	// A type error: `run` leaves a value on the stack.
	let type_error = Job::body(vec![I::I32Const(1)]).encode();
	let cases: Vec<Vec<u8>> = vec![
		vec![],
		b"not wasm at all".to_vec(),
		b"(module)".to_vec(),
		truncated,
		wrong_version,
		simd,
		type_error,
	];
	for bytes in cases {
		let outcome = run(&bytes, b"", &LIMITS).expect("no host failure");
		assert_eq!(
			outcome,
			Outcome { status: ResultStatus::Invalid, output: vec![], fuel_used: 0 }
		);
	}
}

#[test]
fn missing_or_wrong_exports_are_invalid() {
	use ValType::I32;
	let no_memory = Job { export_memory: false, ..Job::body(vec![]) };
	let no_run = Job { export_run: false, ..Job::body(vec![]) };
	let run_takes = Job { run_type: (vec![I32], vec![]), ..Job::body(vec![]) };
	let run_returns = Job { run_type: (vec![], vec![I32]), ..Job::body(vec![I::I32Const(0)]) };
	let no_memory_at_all = Job { memories: vec![], export_memory: false, ..Job::body(vec![]) };
	for job in [no_memory, no_run, run_takes, run_returns, no_memory_at_all] {
		assert_eq!(status(&job.encode(), b"", &LIMITS), ResultStatus::Invalid);
	}
	assert_eq!(status(&Job::body(vec![]).encode(), b"", &LIMITS), ResultStatus::Ok);
}

// --- the host functions ---

/// `run`: `read_input(offset, ptr, len)`, stores the count at 0, writes `[0, 4 + out_len)`.
fn read_then_write(offset: i32, ptr: i32, len: i32, out_len: i32) -> Job {
	Job::body(
		[
			vec![
				I::I32Const(0),
				I::I32Const(offset),
				I::I32Const(ptr),
				I::I32Const(len),
				I::Call(READ_INPUT),
				I::I32Store(mem(0)),
			],
			write_output(0, 4 + out_len),
		]
		.concat(),
	)
}

#[test]
fn read_input_copies_what_there_is() {
	let input = b"hello world";
	let out = |job: Job| run(&job.encode(), input, &LIMITS).expect("no host failure").output;
	let count = |bytes: &[u8]| u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
	// All of it, into [4, 15).
	let all = out(read_then_write(0, 4, 100, 11));
	assert_eq!((count(&all), &all[4..]), (11, &input[..]));
	// From an offset, at most len.
	let part = out(read_then_write(6, 4, 3, 3));
	assert_eq!((count(&part), &part[4..]), (3, &b"wor"[..]));
	// At and past the end: 0.
	assert_eq!(count(&out(read_then_write(11, 4, 10, 0))), 0);
	assert_eq!(count(&out(read_then_write(-1, 4, 10, 0))), 0);
	// input_len.
	let len = Job::body(
		[vec![I::I32Const(0), I::Call(INPUT_LEN), I::I32Store(mem(0))], write_output(0, 4)]
			.concat(),
	);
	assert_eq!(out(len), 11u32.to_le_bytes());
}

#[test]
fn pointers_outside_memory_trap() {
	let page = WASM_PAGE_BYTES as i32;
	let input = [7u8; 100];
	let cases = [
		// The destination buffer must fit, even if less input is copied.
		read_then_write(0, page - 4, 10, 0),
		read_then_write(0, page, 1, 0),
		read_then_write(0, -1, 2, 0),
		Job::body(write_output(page - 10, 11)),
		Job::body(write_output(page, 1)),
		Job::body(write_output(-1, 2)),
		Job::body(write_output(1, -1)),
	];
	for job in cases {
		assert_eq!(status(&job.encode(), &input, &LIMITS), ResultStatus::Trap);
	}
	// The last bytes of the memory are fine.
	assert_eq!(
		status(&read_then_write(0, page - 10, 6, 0).encode(), &input, &LIMITS),
		ResultStatus::Ok
	);
	let edge = run(&Job::body(write_output(page - 10, 10)).encode(), &input, &LIMITS);
	assert_eq!(edge.map(|o| o.output.len()), Ok(10));
}

#[test]
fn host_copies_cost_fuel() {
	// Reads the whole input (up to 64 KiB - 8) once: the difference is one unit per byte.
	let job = read_then_write(0, 8, 60_000, 0).encode();
	let small = run(&job, &[1; 100], &LIMITS).expect("no host failure");
	let large = run(&job, &[1; 1_100], &LIMITS).expect("no host failure");
	assert_eq!(large.fuel_used - small.fuel_used, 1_000);
	// Writing too: 1000 more bytes written, 1000 more fuel.
	let w = |len| run(&Job::body(write_output(0, len)).encode(), b"", &LIMITS).expect("ok");
	assert_eq!(w(1_010).fuel_used - w(10).fuel_used, 1_000);
	// A copy the fuel cannot pay for runs out of fuel.
	let tight = Limits { fuel: small.fuel_used + 500, ..LIMITS };
	assert_eq!(status(&job, &[1; 1_100], &tight), ResultStatus::OutOfFuel);
}

#[test]
fn output_is_capped() {
	let max = MAX_RESULT_BYTES as i32 - 1;
	let pages = (MAX_RESULT_BYTES / WASM_PAGE_BYTES) as u32;
	let limits = Limits { fuel: 100_000_000, memory_pages: pages };
	let job = |body| Job { memories: vec![(u64::from(pages), None)], ..Job::body(body) }.encode();
	let full = run(&job(write_output(0, max)), b"", &limits).expect("no host failure");
	assert_eq!(full.status, ResultStatus::Ok);
	assert_eq!(full.blob().len() as u64, MAX_RESULT_BYTES);
	let over = run(&job(write_output(0, max + 1)), b"", &limits).expect("no host failure");
	assert_eq!((over.status, over.output.len()), (ResultStatus::OutputLimit, 0));
	assert_eq!(over.blob(), vec![5]);
	// Two writes that only together pass the cap.
	let twice = job([write_output(0, max - 10), write_output(0, 11)].concat());
	assert_eq!(status(&twice, b"", &limits), ResultStatus::OutputLimit);
	let twice_fits = job([write_output(0, max - 10), write_output(0, 10)].concat());
	assert_eq!(status(&twice_fits, b"", &limits), ResultStatus::Ok);
}
