//! A progress bar on stderr: redrawn in place on a terminal, one line per 10 % otherwise (logs).

use std::{
	io::{IsTerminal, Write},
	time::Instant,
};

/// Progress of a transfer of `total` bytes.
pub struct Progress {
	label: String,
	total: u64,
	tty: bool,
	shown: u64,
	started: Instant,
}

fn mib(bytes: u64) -> f64 {
	bytes as f64 / (1u64 << 20) as f64
}

impl Progress {
	/// A bar for `label`, at 0 of `total` bytes.
	pub fn new(label: impl Into<String>, total: u64) -> Self {
		let mut bar = Self {
			label: label.into(),
			total,
			tty: std::io::stderr().is_terminal(),
			shown: u64::MAX,
			started: Instant::now(),
		};
		bar.set(0);
		bar
	}

	/// `done` bytes are through.
	pub fn set(&mut self, done: u64) {
		let percent = done.saturating_mul(100).checked_div(self.total).unwrap_or(100).min(100);
		let step = if self.tty { percent } else { percent / 10 * 10 };
		if step == self.shown {
			return;
		}
		self.shown = step;
		let secs = self.started.elapsed().as_secs_f64().max(0.001);
		let filled = (percent / 4) as usize;
		let line = format!(
			"{} [{}{}] {percent:3}% {:.1}/{:.1} MiB, {:.1} MiB/s",
			self.label,
			"#".repeat(filled),
			".".repeat(25 - filled),
			mib(done),
			mib(self.total),
			mib(done) / secs,
		);
		let mut err = std::io::stderr();
		if self.tty {
			let _ = write!(err, "\r{line}");
			if percent == 100 {
				let _ = writeln!(err);
			}
		} else {
			let _ = writeln!(err, "{line}");
		}
		let _ = err.flush();
	}
}
