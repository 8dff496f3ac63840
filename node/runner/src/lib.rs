//! Runs a compute job's WebAssembly module on an input, the same way on every machine.
//!
//! A job is a module, an input and limits ([`Limits`]: fuel and memory pages). [`run`] gives
//! an [`Outcome`]: a [`ResultStatus`], the output (only for [`ResultStatus::Ok`]) and the fuel
//! burned. [`Outcome::blob`] is the result blob workers commit to and reveal
//! ([`agora_primitives::jobs::result_blob`]). Workers that run the same module on the same input
//! with the same limits must produce the same blob, *whatever the module does*: every way a
//! module can end is a status, and [`RunnerError`] is kept for failures of the host (the
//! engine, the operating system, the wall-clock guard), which a worker must not report as a
//! result.
//!
//! # The ABI ([`agora_primitives::jobs::abi`])
//!
//! The module exports a memory `memory` and a function `run: () -> ()`, and may import only
//! these functions of module `agora` (all `i32` are unsigned byte counts or offsets):
//! * `input_len() -> i32`;
//! * `read_input(offset: i32, ptr: i32, len: i32) -> i32`: copies up to `len` input bytes from
//!   `offset` to memory at `ptr` and returns how many it copied (0 at or past the end);
//! * `write_output(ptr: i32, len: i32)`: appends `len` bytes of memory at `ptr` to the output.
//!
//! The whole buffer `[ptr, ptr + len)` must lie inside the memory, or the call traps. An
//! output longer than `MAX_RESULT_BYTES - 1` ends the run with [`ResultStatus::OutputLimit`].
//! Nothing else is linked: no WASI, no clock, no randomness, no host state.
//!
//! # How a module ends
//!
//! | what happens | status |
//! |---|---|
//! | bytes that do not validate (with the features below) | `Invalid` |
//! | an import other than the three above, or with another signature | `Invalid` |
//! | no `memory` memory export, no `run` export, or `run` is not `() -> ()` | `Invalid` |
//! | declared memory (all memories' minimums together) above the page limit; also a table above [`MAX_TABLE_ELEMENTS`] or more than [`MAX_MEMORIES`] memories / [`MAX_TABLES`] tables | `MemoryLimit` |
//! | a trap, in `run` or in the start function (unreachable, out of bounds, stack overflow...) | `Trap` |
//! | the fuel ran out | `OutOfFuel` |
//! | the output grew past `MAX_RESULT_BYTES - 1` | `OutputLimit` |
//! | `run` returned | `Ok` |
//!
//! # Determinism
//!
//! * **Features.** wasmtime's default WebAssembly features minus threads, SIMD and relaxed
//!   SIMD (the sources of non-determinism among them); no component model.
//! * **Floats.** `cranelift_nan_canonicalization`: every NaN a float operation produces has
//!   the canonical bit pattern, so NaN payloads (which differ between CPUs) never reach memory.
//! * **Fuel.** `consume_fuel`: wasmtime charges fuel per instruction; the host functions
//!   charge one more unit per byte they copy ([`HOST_FUEL_PER_BYTE`]), so that copying is
//!   metered too. Fuel is *the* limit: the same module and input burn the same fuel
//!   everywhere, and the run ends with `OutOfFuel` at the same instruction everywhere.
//!   [`Outcome::fuel_used`] is deterministic as well.
//! * **Memory.** A store limiter allows linear memory up to `memory_pages` pages in total;
//!   `memory.grow` past it returns -1, which the module observes. Growth refused by the
//!   operating system is a host failure ([`RunnerError::Host`]), not -1, since another machine
//!   would have succeeded. Tables are capped the same way at [`MAX_TABLE_ELEMENTS`].
//! * **Stack.** `max_wasm_stack` is fixed at [`MAX_WASM_STACK`]; the depth at which a
//!   recursion overflows depends on cranelift's frame sizes, i.e. on the wasmtime version and
//!   the CPU architecture. Workers of one network run the same node build.
//! * **Isolation.** A fresh [`wasmtime::Store`] and instance per run; the only state a run
//!   sees is the module, the input and its limits.
//! * **Wall clock.** Epoch interruption is armed as a last resort against a host bug: while a
//!   run is on, a guard thread bumps the engine's epoch every 100 ms and the store checks its
//!   own generous deadline ([`default_deadline`]); once it has passed the run ends with
//!   [`RunnerError::Timeout`]. A deadline is not deterministic, so it is never a status; with
//!   a sane deadline fuel always runs out first.

use agora_primitives::jobs::{abi, result_blob, ResultStatus, MAX_RESULT_BYTES, WASM_PAGE_BYTES};
use std::{
	sync::mpsc,
	time::{Duration, Instant},
};
use wasmtime::{
	Caller, Config, Engine, Extern, ExternType, FuncType, Linker, Memory, Module, ResourceLimiter,
	Store, Trap, UpdateDeadline, ValType,
};

/// Most elements a table may have (declared or grown); `table.grow` past it returns -1.
pub const MAX_TABLE_ELEMENTS: usize = 1 << 16;
/// Most linear memories a module may define.
pub const MAX_MEMORIES: usize = 16;
/// Most tables a module may define.
pub const MAX_TABLES: usize = 16;
/// Fuel the host functions charge per byte they copy into or out of the module's memory.
pub const HOST_FUEL_PER_BYTE: u64 = 1;
/// The WebAssembly stack limit (wasmtime's default, pinned).
pub const MAX_WASM_STACK: usize = 512 * 1024;
/// Wall-clock time a run gets at least before the guard fires ([`default_deadline`]).
pub const MIN_DEADLINE: Duration = Duration::from_secs(60);
/// Fuel per second the guard assumes at worst ([`default_deadline`]); wasmtime does in the
/// order of 10^9 on one core.
pub const MIN_FUEL_PER_SECOND: u64 = 10_000_000;

/// Most output bytes a run may write.
const MAX_OUTPUT: u64 = MAX_RESULT_BYTES - 1;

/// A job's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
	/// Fuel: roughly one unit per instruction, plus [`HOST_FUEL_PER_BYTE`] per byte copied.
	pub fuel: u64,
	/// Memory, in pages of `WASM_PAGE_BYTES` (64 KiB), over all the module's memories.
	pub memory_pages: u32,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
	/// The status.
	pub status: ResultStatus,
	/// What the module wrote; empty unless `status` is [`ResultStatus::Ok`].
	pub output: Vec<u8>,
	/// Fuel burned (the whole limit if it ran out; 0 if the module never started).
	pub fuel_used: u64,
}

impl Outcome {
	/// The result blob: the status byte, then the output if the status is `Ok`.
	pub fn blob(&self) -> Vec<u8> {
		result_blob(self.status, &self.output)
	}

	fn ended(status: ResultStatus, fuel_used: u64) -> Self {
		Self { status, output: Vec::new(), fuel_used }
	}
}

/// A failure of the host: the run has no result, and the worker must not report one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunnerError {
	/// The engine could not be created.
	Engine(String),
	/// A module that validates could not be compiled (e.g. an implementation limit).
	Compile(String),
	/// Instantiation failed for a reason that is not the module's.
	Instantiate(String),
	/// The input is longer than the ABI's `i32` sizes can say.
	InputTooLarge,
	/// Something else failed on the host (e.g. the operating system refused memory).
	Host(String),
	/// The wall-clock deadline passed before the module finished.
	Timeout,
}

impl std::fmt::Display for RunnerError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Engine(e) => write!(f, "cannot create the wasm engine: {e}"),
			Self::Compile(e) => write!(f, "cannot compile the module: {e}"),
			Self::Instantiate(e) => write!(f, "cannot instantiate the module: {e}"),
			Self::InputTooLarge => write!(f, "the input is larger than 4 GiB"),
			Self::Host(e) => write!(f, "host failure: {e}"),
			Self::Timeout => write!(f, "the wall-clock guard fired"),
		}
	}
}

impl std::error::Error for RunnerError {}

/// The wall-clock deadline [`run`] uses for a fuel limit: [`MIN_DEADLINE`] plus the time the
/// fuel takes at [`MIN_FUEL_PER_SECOND`].
pub fn default_deadline(fuel: u64) -> Duration {
	MIN_DEADLINE.saturating_add(Duration::from_secs(fuel / MIN_FUEL_PER_SECOND))
}

/// Runs `module` on `input` within `limits`, on a fresh engine, with [`default_deadline`].
pub fn run(module: &[u8], input: &[u8], limits: &Limits) -> Result<Outcome, RunnerError> {
	Runner::new()?.run(module, input, limits, default_deadline(limits.fuel))
}

/// An engine configured for deterministic runs; reusable for many runs (one at a time or
/// concurrently: each run has its own store).
#[derive(Clone)]
pub struct Runner {
	engine: Engine,
}

impl Runner {
	/// An engine with the configuration described in the crate docs.
	pub fn new() -> Result<Self, RunnerError> {
		let mut config = Config::new();
		config
			.wasm_threads(false)
			.wasm_simd(false)
			.wasm_relaxed_simd(false)
			.cranelift_nan_canonicalization(true)
			.consume_fuel(true)
			.epoch_interruption(true)
			.max_wasm_stack(MAX_WASM_STACK);
		let engine = Engine::new(&config).map_err(|e| RunnerError::Engine(e.to_string()))?;
		Ok(Self { engine })
	}

	/// Runs `module` on `input` within `limits`; `deadline` is the wall-clock guard.
	pub fn run(
		&self,
		module: &[u8],
		input: &[u8],
		limits: &Limits,
		deadline: Duration,
	) -> Result<Outcome, RunnerError> {
		if u32::try_from(input.len()).is_err() {
			return Err(RunnerError::InputTooLarge);
		}
		if Module::validate(&self.engine, module).is_err() {
			return Ok(Outcome::ended(ResultStatus::Invalid, 0));
		}
		let module = Module::from_binary(&self.engine, module)
			.map_err(|e| RunnerError::Compile(e.to_string()))?;
		if !follows_abi(&module) {
			return Ok(Outcome::ended(ResultStatus::Invalid, 0));
		}
		let needs = module.resources_required();
		if usize::try_from(needs.num_memories).map_or(true, |n| n > MAX_MEMORIES)
			|| usize::try_from(needs.num_tables).map_or(true, |n| n > MAX_TABLES)
		{
			return Ok(Outcome::ended(ResultStatus::MemoryLimit, 0));
		}

		let memory_bytes = u64::from(limits.memory_pages).saturating_mul(WASM_PAGE_BYTES);
		let state = State {
			input: input.to_vec(),
			output: Vec::new(),
			limiter: Limiter {
				memory_cap: usize::try_from(memory_bytes).unwrap_or(usize::MAX),
				memory_total: 0,
				refused: false,
			},
		};
		let mut store = Store::new(&self.engine, state);
		store.limiter(|state| &mut state.limiter);
		store.set_fuel(limits.fuel).map_err(|e| RunnerError::Host(e.to_string()))?;
		let until = Instant::now().checked_add(deadline);
		store.set_epoch_deadline(1);
		store.epoch_deadline_callback(move |_| match until {
			Some(until) if Instant::now() >= until => Err(DeadlinePassed.into()),
			_ => Ok(UpdateDeadline::Continue(1)),
		});
		let linker = linker(&self.engine)?;
		let _guard = Guard::arm(self.engine.clone());
		let fuel_used =
			|store: &Store<State>| limits.fuel.saturating_sub(store.get_fuel().unwrap_or(0));

		let instance = match linker.instantiate(&mut store, &module) {
			Ok(instance) => instance,
			Err(e) => {
				let used = fuel_used(&store);
				return match classify(&e)? {
					Some(status) => Ok(Outcome::ended(status, used)),
					None if store.data().limiter.refused => {
						Ok(Outcome::ended(ResultStatus::MemoryLimit, used))
					},
					None => Err(RunnerError::Instantiate(format!("{e:?}"))),
				};
			},
		};
		// `follows_abi` checked the export's type.
		let entry = instance
			.get_typed_func::<(), ()>(&mut store, abi::ENTRY)
			.map_err(|e| RunnerError::Host(e.to_string()))?;
		let ended = entry.call(&mut store, ());
		let used = fuel_used(&store);
		match ended {
			Ok(()) => Ok(Outcome {
				status: ResultStatus::Ok,
				output: std::mem::take(&mut store.data_mut().output),
				fuel_used: used,
			}),
			Err(e) => match classify(&e)? {
				Some(status) => Ok(Outcome::ended(status, used)),
				None => Err(RunnerError::Host(format!("{e:?}"))),
			},
		}
	}
}

/// The status an error from wasm stands for; `None` if it is not the module's doing;
/// `Err(Timeout)` if the wall-clock guard fired.
fn classify(error: &wasmtime::Error) -> Result<Option<ResultStatus>, RunnerError> {
	if error.downcast_ref::<DeadlinePassed>().is_some() {
		return Err(RunnerError::Timeout);
	}
	if error.downcast_ref::<OutputLimitReached>().is_some() {
		return Ok(Some(ResultStatus::OutputLimit));
	}
	Ok(match error.downcast_ref::<Trap>() {
		Some(Trap::OutOfFuel) => Some(ResultStatus::OutOfFuel),
		Some(_) => Some(ResultStatus::Trap),
		None => None,
	})
}

/// Whether the module's imports and exports are exactly the ABI's.
fn follows_abi(module: &Module) -> bool {
	use ValType::I32;
	let imports_ok = module.imports().all(|import| {
		let (params, results) = match import.name() {
			abi::INPUT_LEN => (vec![], vec![I32]),
			abi::READ_INPUT => (vec![I32, I32, I32], vec![I32]),
			abi::WRITE_OUTPUT => (vec![I32, I32], vec![]),
			_ => return false,
		};
		import.module() == abi::MODULE
			&& matches!(import.ty(), ExternType::Func(ty) if signature_is(&ty, &params, &results))
	});
	let has_memory = matches!(module.get_export(abi::MEMORY), Some(ExternType::Memory(_)));
	let has_entry = matches!(
		module.get_export(abi::ENTRY),
		Some(ExternType::Func(ty)) if signature_is(&ty, &[], &[])
	);
	imports_ok && has_memory && has_entry
}

fn signature_is(ty: &FuncType, params: &[ValType], results: &[ValType]) -> bool {
	fn same(a: impl ExactSizeIterator<Item = ValType>, b: &[ValType]) -> bool {
		a.len() == b.len() && a.zip(b).all(|(x, y)| ValType::eq(&x, y))
	}
	same(ty.params(), params) && same(ty.results(), results)
}

/// What a run's store holds.
struct State {
	input: Vec<u8>,
	output: Vec<u8>,
	limiter: Limiter,
}

/// Caps linear memory (in total over the module's memories) and tables.
struct Limiter {
	memory_cap: usize,
	memory_total: usize,
	/// A growth or an initial allocation was refused (tells `MemoryLimit` at instantiation
	/// apart from a host failure).
	refused: bool,
}

impl ResourceLimiter for Limiter {
	fn memory_growing(
		&mut self,
		current: usize,
		desired: usize,
		maximum: Option<usize>,
	) -> wasmtime::Result<bool> {
		// Past the memory's own declared maximum: -1, decided here so that wasmtime never
		// reports it through `memory_grow_failed` (which we keep for host failures).
		if maximum.is_some_and(|maximum| desired > maximum) {
			return Ok(false);
		}
		let total = self
			.memory_total
			.checked_sub(current)
			.and_then(|rest| rest.checked_add(desired))
			.filter(|total| *total <= self.memory_cap);
		match total {
			Some(total) => {
				self.memory_total = total;
				Ok(true)
			},
			None => {
				self.refused = true;
				Ok(false)
			},
		}
	}

	fn memory_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
		// Allowed by the limiter (within the cap and the memory's maximum), refused by the host:
		// another machine might have succeeded, so this must not become a -1 the module sees.
		Err(error.context("the host failed to grow a memory the limits allow"))
	}

	fn table_growing(
		&mut self,
		_current: usize,
		desired: usize,
		_maximum: Option<usize>,
	) -> wasmtime::Result<bool> {
		let allowed = desired <= MAX_TABLE_ELEMENTS;
		self.refused |= !allowed;
		Ok(allowed)
	}

	fn instances(&self) -> usize {
		1
	}

	fn tables(&self) -> usize {
		MAX_TABLES
	}

	fn memories(&self) -> usize {
		MAX_MEMORIES
	}
}

/// Raised by `write_output` past [`MAX_OUTPUT`].
#[derive(Debug)]
struct OutputLimitReached;

impl std::fmt::Display for OutputLimitReached {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "the output would exceed {MAX_OUTPUT} bytes")
	}
}

impl std::error::Error for OutputLimitReached {}

/// The three `agora` functions, and nothing else.
fn linker(engine: &Engine) -> Result<Linker<State>, RunnerError> {
	let mut linker = Linker::new(engine);
	let host = |e: wasmtime::Error| RunnerError::Host(e.to_string());
	linker
		.func_wrap(abi::MODULE, abi::INPUT_LEN, |caller: Caller<'_, State>| -> u32 {
			// `run` refused inputs longer than `u32::MAX`.
			u32::try_from(caller.data().input.len()).unwrap_or(u32::MAX)
		})
		.map_err(host)?;
	linker
		.func_wrap(
			abi::MODULE,
			abi::READ_INPUT,
			|mut caller: Caller<'_, State>,
			 offset: u32,
			 ptr: u32,
			 len: u32|
			 -> wasmtime::Result<u32> {
				let memory = memory(&mut caller)?;
				let (mem, state) = memory.data_and_store_mut(&mut caller);
				let dest = range(mem.len(), ptr, len)?;
				let from = usize::try_from(offset).unwrap_or(usize::MAX).min(state.input.len());
				let count = (state.input.len() - from).min(dest.len());
				let (src, dest) = (from..from + count, dest.start..dest.start + count);
				mem[dest].copy_from_slice(&state.input[src]);
				charge(&mut caller, count)?;
				Ok(u32::try_from(count).unwrap_or(u32::MAX))
			},
		)
		.map_err(host)?;
	linker
		.func_wrap(
			abi::MODULE,
			abi::WRITE_OUTPUT,
			|mut caller: Caller<'_, State>, ptr: u32, len: u32| -> wasmtime::Result<()> {
				let memory = memory(&mut caller)?;
				let (mem, state) = memory.data_and_store_mut(&mut caller);
				let src = range(mem.len(), ptr, len)?;
				let total = state.output.len().saturating_add(src.len());
				if u64::try_from(total).map_or(true, |total| total > MAX_OUTPUT) {
					return Err(OutputLimitReached.into());
				}
				let count = src.len();
				state.output.extend_from_slice(&mem[src]);
				charge(&mut caller, count)
			},
		)
		.map_err(host)?;
	Ok(linker)
}

/// The module's `memory` export (checked to exist before instantiation).
fn memory(caller: &mut Caller<'_, State>) -> wasmtime::Result<Memory> {
	caller
		.get_export(abi::MEMORY)
		.and_then(Extern::into_memory)
		.ok_or_else(|| Trap::MemoryOutOfBounds.into())
}

/// `[ptr, ptr + len)` if it lies inside a memory of `size` bytes, else an out-of-bounds trap.
fn range(size: usize, ptr: u32, len: u32) -> wasmtime::Result<std::ops::Range<usize>> {
	let start = usize::try_from(ptr).map_err(|_| Trap::MemoryOutOfBounds)?;
	let len = usize::try_from(len).map_err(|_| Trap::MemoryOutOfBounds)?;
	match start.checked_add(len) {
		Some(end) if end <= size => Ok(start..end),
		_ => Err(Trap::MemoryOutOfBounds.into()),
	}
}

/// Charges [`HOST_FUEL_PER_BYTE`] per copied byte; out of fuel if there is not enough.
fn charge(caller: &mut Caller<'_, State>, bytes: usize) -> wasmtime::Result<()> {
	let cost = u64::try_from(bytes).unwrap_or(u64::MAX).saturating_mul(HOST_FUEL_PER_BYTE);
	let left = caller.get_fuel()?;
	match left.checked_sub(cost) {
		Some(rest) => caller.set_fuel(rest),
		None => {
			caller.set_fuel(0)?;
			Err(Trap::OutOfFuel.into())
		},
	}
}

/// How often the guard thread bumps the engine's epoch while a run is armed.
const GUARD_TICK: Duration = Duration::from_millis(100);

/// The wall-clock guard's side of a run: a thread that bumps the engine's epoch every
/// [`GUARD_TICK`] until dropped. At each bump the store's epoch callback compares the clock
/// with the run's own deadline, so runs sharing an engine do not cut each other short.
struct Guard {
	disarm: Option<mpsc::Sender<()>>,
	thread: Option<std::thread::JoinHandle<()>>,
}

impl Guard {
	fn arm(engine: Engine) -> Self {
		let (disarm, armed) = mpsc::channel::<()>();
		let thread = std::thread::Builder::new()
			.name("job-runner-guard".into())
			.spawn(move || {
				while let Err(mpsc::RecvTimeoutError::Timeout) = armed.recv_timeout(GUARD_TICK) {
					engine.increment_epoch();
				}
			})
			.ok();
		// Without a thread there is no guard; fuel still ends every run.
		Self { disarm: Some(disarm), thread }
	}
}

impl Drop for Guard {
	fn drop(&mut self) {
		// Dropping the sender wakes the thread with `Disconnected`.
		self.disarm.take();
		if let Some(thread) = self.thread.take() {
			let _ = thread.join();
		}
	}
}

/// Raised by the epoch callback once the run's wall-clock deadline has passed.
#[derive(Debug)]
struct DeadlinePassed;

impl std::fmt::Display for DeadlinePassed {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "the run's wall-clock deadline passed")
	}
}

impl std::error::Error for DeadlinePassed {}
