//! The job market's live count for `agora_marketStats` (the cumulative counters are tested with
//! each outcome): up at submission, down when the job finishes, however it finishes
//! (`try_state`, run after each test and block, checks it against a scan).

use super::*;
use agora_primitives::{disputes::Ruling, traits::DisputedJobs};

fn live_and_ended() -> (u64, u64, u64, u64) {
	let s = Stats::<Test>::get();
	(s.live, s.submitted, s.cancelled, s.ruled)
}

#[test]
fn live_jobs_go_up_at_submission_and_down_when_they_finish() {
	run_test(|| {
		let cancelled = submit(spec(JobMode::Attested, 1, 300));
		assert_eq!(live_and_ended(), (1, 1, 0, 0));
		assert_ok!(Jobs::cancel(RuntimeOrigin::signed(CONSUMER), cancelled));
		assert_eq!(live_and_ended(), (0, 1, 1, 0));
		opt_in_all();
		let ruled = running(spec(JobMode::Attested, 1, 300));
		assert_eq!(live_and_ended(), (1, 2, 1, 0));
		let w = workers(ruled)[0];
		assert_ok!(Jobs::post_result(RuntimeOrigin::signed(w), ruled, blob(9)));
		assert_ok!(<Jobs as DisputedJobs<u64>>::freeze(ruled, &CONSUMER, 0));
		// Disputed is still live.
		assert_eq!(live_and_ended(), (1, 2, 1, 0));
		assert_ok!(<Jobs as DisputedJobs<u64>>::execute(ruled, Ruling::FavourProvider));
		assert_eq!(live_and_ended(), (0, 2, 1, 1));
	});
}
