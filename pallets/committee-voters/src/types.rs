//! Types of the committee voters pallet.

use crate::Config;
use agora_primitives::Balance;
use frame_support::BoundedVec;

/// The counted voters with the stake each locked, smallest first.
pub type VoterList<T> =
	BoundedVec<(<T as frame_system::Config>::AccountId, Balance), <T as Config>::MaxVoters>;
