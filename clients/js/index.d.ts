// TypeScript declarations of @agora/api (src/*.js).
//
// The JSON shapes below follow the node's serde output (rename_all = "camelCase"):
// balances are decimal strings, account ids SS58 strings, hashes 0x-hex strings, u32/u64 JSON
// numbers (u64 values above 2^53 lose precision in JavaScript), Perbill a number of parts per
// billion, Option `T | null`, and enums serde's externally tagged form: unit variants are
// strings (`"active"`), data variants single-key objects (`{ cancelled: "expired" }`).
//
// Importing anything from '@agora/api' also types `api.rpc.agora.*` (module augmentation of
// @polkadot/rpc-core's RpcInterface). src/rpc.js declares object answers 'Json', lists
// 'Vec<Json>' and nullable answers 'Option<Json>' ('Option<AccountId>' for operatorOf), so
// `.toJSON()` of every answer is exactly the node's JSON, typed here:
//   `(await api.rpc.agora.agreement(1)).toJSON()` is `AgreementView | null`.
// `.raw<AgoraRpcResults[M]>(...)` gives the same untouched JSON.

import '@polkadot/rpc-core/types/jsonrpc';
import type { ApiPromise } from '@polkadot/api';
import type { ApiOptions, SubmittableExtrinsic } from '@polkadot/api/types';
import type { AugmentedRpc } from '@polkadot/rpc-core/types';
import type {
  Bytes, Json, Option, Vec, u32, u64,
} from '@polkadot/types-codec';
import type { AnyNumber } from '@polkadot/types-codec/types';
import type { AccountId as AccountIdCodec, BlockHash } from '@polkadot/types/interfaces';
import type { DefinitionRpc, Observable } from '@polkadot/types/types';
import type { U8aLike } from '@polkadot/util/types';

// ---------------------------------------------------------------------------------------------
// Scalars as they appear in the JSON
// ---------------------------------------------------------------------------------------------

/** An account id as an SS58 string (AccountId32). */
export type AccountId = string;
/** A 32-byte hash (H256) as a 0x-prefixed lowercase hex string. */
export type H256 = string;
/** A balance in plancks (u128; 1 AGR = 10^12 plancks) as a decimal string. */
export type Balance = string;
/** A block number (u32). */
export type BlockNumber = number;
/** A Perbill: parts per billion (0 to 1,000,000,000) as a JSON number. */
export type Perbill = number;
/** An agreement id (u64; ids are never reused). */
export type AgreementId = number;
/** A dispute id (u64). */
export type DisputeId = number;
/** A job id (u64). */
export type JobId = number;
/** A challenge id (u64). */
export type ChallengeId = number;

// ---------------------------------------------------------------------------------------------
// agora_networkStats
// ---------------------------------------------------------------------------------------------

/** The answer of `agora_networkStats`: the node's best and finalized block plus the runtime's chain-wide figures. */
export interface NetworkStats {
  /** Number of the best block. */
  bestNumber: BlockNumber;
  /** Hash of the best block. */
  bestHash: H256;
  /** Number of the last finalized block. */
  finalizedNumber: BlockNumber;
  /** Hash of the last finalized block. */
  finalizedHash: H256;
  /** Number of validators in the active session. */
  validatorCount: number;
  /** Number of validators governance has chosen for the upcoming sessions. */
  desiredValidatorCount: number;
  /** Index of the current session. */
  sessionIndex: number;
  /** Total issuance of the native token, in plancks. */
  totalIssuance: Balance;
}

// ---------------------------------------------------------------------------------------------
// agora_marketStats (docs/market-stats.md; fields may be added)
// ---------------------------------------------------------------------------------------------

/** Live provider counts by status. */
export interface MarketProviderCounts {
  /** Providers taking requests. */
  active: number;
  /** Providers paused by themselves. */
  paused: number;
  /** Providers that unregistered and wait to withdraw their bond. */
  unbonding: number;
  /** All registered providers. */
  total: number;
}

/** Live capacity summed over the providers that are not unbonding. */
export interface MarketCapacity {
  /** Capacity the providers declared. */
  declared: Resources;
  /** Capacity reserved by live agreements. */
  booked: Resources;
}

/** Agreement counts: `total` and the ends are cumulative, the others live. */
export interface MarketAgreementCounts {
  /** Cumulative: agreements ever requested. */
  total: number;
  /** Live: requested, not answered. */
  requested: number;
  /** Live: countered, not answered. */
  countered: number;
  /** Live: active. */
  active: number;
  /** Live: under dispute. */
  disputed: number;
  /** Cumulative: completed. */
  completed: number;
  /** Cumulative: cancelled before activation. */
  cancelled: number;
  /** Cumulative: terminated early. */
  terminated: number;
  /** Cumulative: failed by storage-proof faults. */
  failed: number;
  /** Cumulative: resolved by a dispute ruling. */
  resolved: number;
}

/** Live storage over the commitments on chain. */
export interface MarketStorage {
  /** Bytes of every commitment made and not yet removed. */
  committedBytes: number;
  /** Of which the provider confirmed holding. */
  confirmedBytes: number;
}

/** Storage challenge counts. */
export interface MarketChallenges {
  /** Cumulative: challenges issued. */
  issued: number;
  /** Cumulative: challenges answered. */
  passed: number;
  /** Cumulative: challenges missed. */
  missed: number;
  /** Live: challenges open now. */
  open: number;
  /** Passed over the recent window (between one and two `windowBlocks`). */
  recentPassed: number;
  /** Missed over the recent window (between one and two `windowBlocks`). */
  recentMissed: number;
  /** The recent window's length in blocks (a preset tunable). */
  windowBlocks: number;
}

/** The job market: `JobStatsView` (cumulative) plus the live count. */
export interface MarketJobs extends JobStatsView {
  /** Live: jobs not yet finished. */
  live: number;
}

/** Dispute counts: `open` live, the rest cumulative. */
export interface MarketDisputes {
  /** Live: disputes open now. */
  open: number;
  /** Cumulative: disputes resolved with a ruling. */
  resolved: number;
  /** Cumulative: disputes dismissed without a majority. */
  dismissed: number;
}

/** The network health score and its components (integer arithmetic, `agora_primitives::stats::health`). */
export interface MarketHealth {
  /** 0..=100: `(30 * finality + 20 * validators + 35 * challenges + 15 * providers) / 1000`, rounded down. */
  score: number;
  /** Per mill: 1000 when `finalityLag <= 3`, 0 when `>= 23`, linear between. */
  finality: number;
  /** Per mill: `1000 * min(validators, desired) / desired` (1000 when desired is 0). */
  validators: number;
  /** Per mill: `1000 * recentPassed / (recentPassed + recentMissed)` (1000 when both are 0). */
  challenges: number;
  /** Per mill: `1000 * active / (active + paused)` (1000 when both are 0). */
  providers: number;
}

/** The answer of `agora_marketStats`: marketplace counters and the network health score. */
export interface MarketStats {
  /** The best block the node knows. */
  bestNumber: BlockNumber;
  /** The last finalized block. */
  finalizedNumber: BlockNumber;
  /** `bestNumber - finalizedNumber`. */
  finalityLag: number;
  /** Validators in the active session. */
  validators: number;
  /** Validators governance asks for. */
  desiredValidators: number;
  /** Live providers by status. */
  providers: MarketProviderCounts;
  /** Live declared and booked capacity. */
  capacity: MarketCapacity;
  /** Agreements by status. */
  agreements: MarketAgreementCounts;
  /** Live committed and confirmed bytes. */
  storage: MarketStorage;
  /** Storage challenges. */
  challenges: MarketChallenges;
  /** The job market. */
  jobs: MarketJobs;
  /** Disputes. */
  disputes: MarketDisputes;
  /** Cumulative: installments paid out to providers, in plancks. */
  settled: Balance;
  /** The network health score. */
  health: MarketHealth;
}

// ---------------------------------------------------------------------------------------------
// Market: resources, prices, providers, agreements, quotes (primitives/src/market)
// ---------------------------------------------------------------------------------------------

/** A bundle of resources: what a provider offers, has free, or what an agreement uses. (As an argument every field is optional and defaults to 0.) */
export interface Resources {
  /** Storage, in bytes (u64). */
  storageBytes: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Memory, in MiB (u64). */
  memoryMib: number;
  /** GPUs. */
  gpus: number;
}

/** A provider's prices, each per unit per period. */
export interface PriceList {
  /** Price of one GiB (2^30 bytes) of storage for one period. */
  storagePerGib: Balance;
  /** Price of one vCPU for one period. */
  vcpu: Balance;
  /** Price of one GiB of memory for one period. */
  memoryPerGib: Balance;
  /** Price of one GPU for one period. */
  gpu: Balance;
}

/** How an agreement's price is paid: one installment covers `installmentPeriods` periods (the last may cover fewer). */
export interface PaymentPlan {
  /** Periods covered by each installment; at least 1, at most the duration. */
  installmentPeriods: number;
}

/** The commercial terms of an agreement: a price per period and a payment plan. */
export interface Terms {
  /** Price of the agreed resources for one period. */
  pricePerPeriod: Balance;
  /** How the price is paid. */
  plan: PaymentPlan;
}

/** Whether a provider takes new requests: `"active"`, `"paused"`, or `{ unbonding: { until } }` (unregistered). */
export type ProviderStatus =
  | 'active'
  | 'paused'
  | {
    /** Unregistered: the bond can be withdrawn from block `until` on. */
    unbonding: {
      /** First block `withdraw_bond` succeeds. */
      until: BlockNumber;
    };
  };

/** A free-form attribute of a provider (bytes shown as lossy UTF-8). */
export interface AttributeView {
  /** The key. */
  key: string;
  /** The value. */
  value: string;
}

/** A provider as answered by `agora_provider` and `agora_providers`. */
export interface ProviderView {
  /** The provider's account. */
  account: AccountId;
  /** Declared capacity. */
  capacity: Resources;
  /** Capacity reserved by live agreements. */
  used: Resources;
  /** Capacity still free. */
  free: Resources;
  /** Current prices (new requests lock these). */
  prices: PriceList;
  /** Where consumers reach the provider (e.g. its data RPC URL), as lossy UTF-8. */
  endpoint: string;
  /** Region, e.g. `eu-west`, as lossy UTF-8. */
  region: string;
  /** Further attributes. */
  attributes: AttributeView[];
  /** Whether it takes new requests. */
  status: ProviderStatus;
  /** Suspended by governance: takes no requests and accepts nothing. */
  suspended: boolean;
  /** Bond held. */
  bond: Balance;
  /** Agreements holding reserved capacity. */
  liveAgreements: number;
  /** Block of registration. */
  registeredAt: BlockNumber;
}

/** The order of `agora_findProviders` answers: cheapest first (`"price"`, the default) or best reputation score first (`"score"`). */
export type ProviderOrder = 'price' | 'score';

/** What a consumer looks for in `agora_findProviders` (every field optional: serde defaults). */
export interface ProviderQuery {
  /** Resources the provider must have free (missing parts are 0). */
  resources?: Partial<Resources>;
  /** Highest acceptable price per period for `resources`, in plancks as a decimal string (or a number up to u64); null or absent: any price. */
  maxPricePerPeriod?: Balance | number | null;
  /** Only providers in this region (empty or absent: any region). */
  region?: string;
  /** At most this many answers (0 or absent: the runtime's maximum, 100). */
  limit?: number;
  /** Only providers whose reputation score as a provider is at least this (parts per billion); null or absent: any score. */
  minScore?: Perbill | null;
  /** How to order the answers (default: cheapest first). */
  orderBy?: ProviderOrder;
}

/** A provider that matches a `ProviderQuery`, with its price for the asked resources. */
export interface ProviderMatch {
  /** Price of the asked resources for one period at this provider. */
  pricePerPeriod: Balance;
  /** The provider's reputation score as a provider (parts per billion). */
  score: Perbill;
  /** The provider. */
  provider: ProviderView;
}

/** Why a request ended before the agreement became active. */
export type CancelReason =
  /** The consumer withdrew the request (or refused the counter-offer). */
  | 'revoked'
  /** The provider rejected the request. */
  | 'rejected'
  /** Nobody answered within the request window. */
  | 'expired';

/** Why an active agreement ended before its last period. */
export type TerminationReason =
  /** The consumer did not prepay a running period within the grace window; the provider terminated. */
  | 'nonPayment'
  /** The consumer cancelled early. */
  | 'consumerCancelled'
  /** The provider abandoned the agreement. */
  | 'providerAbandoned'
  /** The committed data was not confirmed within the upload window: ended without penalty. */
  | 'uploadNotConfirmed';

/**
 * Where an agreement is in its life: `requested -> (countered) -> active -> completed`; side
 * exits `{ cancelled: CancelReason }`, `{ terminated: TerminationReason }`, `failed`,
 * `disputed -> resolved`.
 */
export type AgreementStatus =
  /** The consumer asked; the provider has not answered. */
  | 'requested'
  /** The provider answered with other terms; the consumer has not answered. */
  | 'countered'
  /** Running: capacity reserved, installments due. */
  | 'active'
  /** Every period was served and paid. */
  | 'completed'
  /** Ended before activation. */
  | { cancelled: CancelReason }
  /** Ended early. */
  | { terminated: TerminationReason }
  /** Failed by storage-proof faults. */
  | 'failed'
  /** Under dispute; payouts frozen. */
  | 'disputed'
  /** A dispute was resolved and its ruling executed. */
  | 'resolved';

/** The next installment the consumer owes. */
export interface InstallmentDue {
  /** Index of the installment. */
  installment: number;
  /** Its amount. */
  amount: Balance;
  /** The block its first period starts. */
  periodStartsAt: BlockNumber;
  /** The last block it may be prepaid in before the provider may terminate (`periodStartsAt + gracePeriod`). */
  deadline: BlockNumber;
}

/** An agreement (the stored record, flattened) with what is due, when, and what matured: `agora_agreement`, `agora_agreementsOf`. */
export interface AgreementView {
  /** The agreement's id. */
  id: AgreementId;
  /** Who pays. */
  consumer: AccountId;
  /** Who serves. */
  provider: AccountId;
  /** What is served. */
  resources: Resources;
  /** Length of the agreement, in periods. */
  durationPeriods: number;
  /** Blocks per period (fixed at request time). */
  periodLength: BlockNumber;
  /** Blocks after a period's start within which its installment may still be prepaid. */
  gracePeriod: BlockNumber;
  /** The terms in force: locked from the provider's price list at request time, or the accepted counter-offer. */
  terms: Terms;
  /** The most the consumer agreed to pay in total when requesting. */
  maxPrice: Balance;
  /** The provider's counter-offer, while `countered`. */
  counter: Terms | null;
  /** Where the agreement is in its life. */
  status: AgreementStatus;
  /** Block of the request. */
  requestedAt: BlockNumber;
  /** While requested/countered: the block from which the request may be expired. */
  expiresAt: BlockNumber;
  /** Block of activation (period 0 starts here). */
  activatedAt: BlockNumber | null;
  /** Block at which it became final. */
  endedAt: BlockNumber | null;
  /** Installments prepaid so far (they are paid in order). */
  paidInstallments: number;
  /** Installments released to the provider so far. */
  settledInstallments: number;
  /** Prepaid, not yet released: held from the consumer. */
  escrow: Balance;
  /** The consumer's security deposit (one installment), held from the consumer. */
  securityDeposit: Balance;
  /** The provider's collateral, held from the provider once it accepted or countered. */
  providerCollateral: Balance;
  /** Deposit for this record, held from the consumer until the agreement is closed. */
  recordDeposit: Balance;
  /** Total paid for the provider's service so far: installments released (market fee included) and forfeits. */
  paidToProvider: Balance;
  /** The part of installment `settledInstallments` no longer owed to the provider (periods refunded for missed challenges). */
  refundedInRunning: Balance;
  /** The last period refunded for a missed storage challenge. */
  lastFaultedPeriod: number | null;
  /** When the consumer committed to the agreement's data (storage proofs), if it did. */
  dataCommittedAt: BlockNumber | null;
  /** Number of installments under the terms in force. */
  installments: number;
  /** Installments whose periods are all over (settle releases the prepaid ones). */
  maturedInstallments: number;
  /** Total price under the terms in force. */
  totalPrice: Balance;
  /** Block the last period ends, once active. */
  endsAt: BlockNumber | null;
  /** The next installment to prepay, while active and not all prepaid. */
  nextDue: InstallmentDue | null;
  /** Once ended: the last block its provider serves its data (the end plus the chain's `dataGrace`). */
  servedUntil: BlockNumber | null;
}

/** Exactly what `agreements.request` would lock and hold, answered by `agora_quote`. */
export interface Quote {
  /** The terms the request would lock. */
  terms: Terms;
  /** Duration, in periods. */
  durationPeriods: number;
  /** Blocks per period. */
  periodLength: BlockNumber;
  /** Total price: `pricePerPeriod * durationPeriods`. */
  totalPrice: Balance;
  /** Number of installments. */
  installments: number;
  /** Amount of the first (and largest) installment. */
  installmentAmount: Balance;
  /** Amount of the last installment (smaller when the plan does not divide the duration). */
  lastInstallmentAmount: Balance;
  /** Security deposit the request holds from the consumer (one installment). */
  securityDeposit: Balance;
  /** Record deposit the request holds from the consumer until the agreement is closed. */
  recordDeposit: Balance;
  /** Collateral the provider must hold to accept. */
  providerCollateral: Balance;
}

/** Why `agora_quote` refuses (the message of error code 3, `errors.QUOTE_REFUSED`). */
export type QuoteError =
  | 'ProviderNotFound'
  | 'ProviderPaused'
  | 'ProviderSuspended'
  | 'ProviderUnbonding'
  | 'InsufficientCapacity'
  | 'NoResources'
  | 'InvalidDuration'
  | 'InvalidPlan'
  | 'Overflow';

// ---------------------------------------------------------------------------------------------
// Storage proofs (primitives/src/proofs.rs)
// ---------------------------------------------------------------------------------------------

/** A consumer's commitment to an agreement's data, and how its challenges went: `agora_commitment`. */
export interface CommitmentView {
  /** The agreement. */
  agreement: AgreementId;
  /** Who committed (and paid the deposit). */
  consumer: AccountId;
  /** Who must answer the challenges. */
  provider: AccountId;
  /** Merkle root of the data. */
  root: H256;
  /** Size of the data in bytes (u64). */
  size: number;
  /** Block of the commitment. */
  committedAt: BlockNumber;
  /** Last block the provider may confirm in before the consumer may cancel without penalty. */
  uploadDeadline: BlockNumber;
  /** Block the provider confirmed (challenges run from then on). */
  confirmedAt: BlockNumber | null;
  /** Block its last challenge was issued. */
  lastChallengedAt: BlockNumber | null;
  /** While audited: the earliest end of the current audit round; null while not audited. */
  roundEndsAt: BlockNumber | null;
  /** Challenges answered. */
  passes: number;
  /** Challenges missed. */
  faults: number;
  /** Missed in a row. */
  consecutiveFaults: number;
  /** Whether too many misses failed the agreement. */
  failed: boolean;
  /** Deposit held for the record. */
  deposit: Balance;
}

/** An open challenge: `agora_challengesOf`. */
export interface ChallengeView {
  /** The challenge's id (what `storageProofs.respond` takes). */
  id: ChallengeId;
  /** The agreement challenged. */
  agreement: AgreementId;
  /** The leaf indices to prove, in order (u64). */
  indices: number[];
  /** Block it was issued. */
  issuedAt: BlockNumber;
  /** First block at which it counts as missed: answers must be included before. */
  expiresAt: BlockNumber;
}

/** A provider's challenge record: `agora_proofStats`. */
export interface ProofStatsView {
  /** Challenges answered in time with valid proofs (u64). */
  passes: number;
  /** Challenges missed (u64). */
  faults: number;
  /** Challenges open now. */
  open: number;
}

// ---------------------------------------------------------------------------------------------
// Reputation (primitives/src/reputation.rs)
// ---------------------------------------------------------------------------------------------

/** Counters of a reputation profile (not decayed). */
export interface Counters {
  /** Agreements that ran to completion. */
  completed: number;
  /** Agreements that ended early through this side's fault. */
  terminated: number;
  /** Agreements failed by lost data (providers). */
  failed: number;
  /** Storage challenges answered (providers). */
  challengesPassed: number;
  /** Storage challenges missed (providers). */
  challengesMissed: number;
  /** Disputes won. */
  disputesWon: number;
  /** Disputes lost. */
  disputesLost: number;
  /** Ratings received. */
  ratings: number;
  /** Value paid (consumer side) or earned (provider side) in completed agreements. */
  value: Balance;
}

/** One side of an account's reputation, decayed to the block asked about. */
export interface ProfileView {
  /** `(good + 1) / (good + bad + 2)` in parts per billion (500,000,000 with no evidence). */
  score: Perbill;
  /** Good evidence, in thousandths (u64). */
  good: number;
  /** Bad evidence, in thousandths (u64). */
  bad: number;
  /** `good + bad`, in thousandths: how much the score rests on (u64). */
  confidence: number;
  /** What happened so far (not decayed). */
  counters: Counters;
}

/** Both sides of an account's reputation: `agora_reputation`. */
export interface ReputationView {
  /** The account. */
  account: AccountId;
  /** As a provider. */
  provider: ProfileView;
  /** As a consumer. */
  consumer: ProfileView;
}

// ---------------------------------------------------------------------------------------------
// Disputes and the committee (primitives/src/disputes.rs)
// ---------------------------------------------------------------------------------------------

/** What a dispute is about: `{ agreement: id }` (opened by its consumer or provider) or `{ job: id }` (an attested job's result). */
export type DisputeSubject =
  /** An agreement, opened by its consumer or its provider. */
  | { agreement: AgreementId }
  /** An attested job's posted result, opened by the job's consumer. */
  | { job: JobId };

/** What the panel decides: `"favourConsumer"`, `"favourProvider"`, or `{ split: Perbill }`. */
export type Ruling =
  /** The consumer is right: the escrow returns to it and the provider's collateral is paid to it. */
  | 'favourConsumer'
  /** The provider is right: it receives the escrow for the periods served since the last payout. */
  | 'favourProvider'
  /** This share (parts per billion) of the served escrow returns to the consumer, the rest goes to the provider. */
  | { split: Perbill };

/** Where a dispute stands: `"open"`, `{ resolved: Ruling }` or `"dismissed"`. */
export type DisputeStatus =
  /** Evidence and votes are being collected. */
  | 'open'
  /** Resolved with this ruling. */
  | { resolved: Ruling }
  /** No majority by the end of the voting period: the agreement went on, the opener forfeited part of its bond. */
  | 'dismissed';

/** A dispute: `agora_dispute`, `agora_disputesOf`. */
export interface DisputeView {
  /** The dispute. */
  id: DisputeId;
  /** What is disputed. */
  subject: DisputeSubject;
  /** The consumer (of the agreement or the job). */
  consumer: AccountId;
  /** The provider (of the agreement) or the worker (of the job). */
  provider: AccountId;
  /** Who opened the dispute (and posted the bond). */
  opener: AccountId;
  /** The bond held from the opener. */
  bond: Balance;
  /** Hash of the opener's statement. */
  reasonHash: H256;
  /** Block it was opened. */
  openedAt: BlockNumber;
  /** Evidence is accepted before this block; votes from it on. */
  evidenceEnds: BlockNumber;
  /** Votes are accepted before this block; from it on anyone may resolve. */
  votingEnds: BlockNumber;
  /** The committee members at opening, minus the parties. */
  panel: AccountId[];
  /** The panel's votes so far, as `[member, ruling]` pairs. */
  votes: [AccountId, Ruling][];
  /** Evidence hashes, by party, in order, as `[party, hash]` pairs. */
  evidence: [AccountId, H256][];
  /** Open, resolved or dismissed. */
  status: DisputeStatus;
  /** Block it was resolved. */
  resolvedAt: BlockNumber | null;
}

/** A seat on the committee. */
export interface Seat {
  /** The member or runner-up. */
  account: AccountId;
  /** Approval stake backing it at the last election. */
  stake: Balance;
}

/** The elected dispute committee: `agora_committee`. */
export interface CommitteeView {
  /** Members, by account. */
  members: Seat[];
  /** Runners-up, best first. */
  runnersUp: Seat[];
  /** Candidates for the next election. */
  candidates: AccountId[];
  /** Blocks per term. */
  termDuration: BlockNumber;
  /** The block of the next election (the current term ends there). */
  termEnds: BlockNumber;
  /** Elections held so far. */
  electionRounds: number;
}

// ---------------------------------------------------------------------------------------------
// Compute jobs (primitives/src/jobs.rs)
// ---------------------------------------------------------------------------------------------

/** Bytes stored off-chain and identified on-chain: merkle root (storage format) and size. */
export interface Blob {
  /** Merkle root of the bytes (`merkle.root`). */
  root: H256;
  /** Size in bytes (u64). */
  size: number;
}

/** How a job's result is checked: `"replicated"` (majority of drawn workers) or `"attested"` (one worker, the consumer may dispute). */
export type JobMode =
  /** `replicas` workers (at least 3) drawn by the chain commit, then reveal; a strict majority wins. */
  | 'replicated'
  /** One worker posts its result; the consumer accepts it or disputes it within a window. */
  | 'attested';

/** Where one assigned worker stands. */
export type SlotState =
  /** Drawn; it must accept (holding its collateral) before `until` or be skipped. */
  | {
    /** Offered. */
    offered: {
      /** First block at which anyone may skip it. */
      until: BlockNumber;
    };
  }
  /** Accepted, collateral held; running. */
  | 'accepted'
  /** Committed to a result (replicated mode). */
  | {
    /** Committed. */
    committed: {
      /** The commitment (`blake2_256(SCALE(root, size, salt, worker))`). */
      hash: H256;
    };
  }
  /** Revealed (replicated) or posted (attested) its result. */
  | {
    /** Revealed. */
    revealed: {
      /** The result blob (what `downloadJobResult` takes the size of). */
      result: Blob;
    };
  };

/** An assigned worker of a job. */
export interface SlotView {
  /** The provider. */
  worker: AccountId;
  /** Where it stands. */
  state: SlotState;
  /** Collateral it holds in the job (0 until it accepts). */
  collateral: Balance;
}

/** How a job ended. */
export type JobOutcome =
  /** A result was checked (majority, acceptance or silence): the workers that gave it were paid. */
  | {
    /** Completed. */
    completed: {
      /** The winning result. */
      result: Blob;
    };
  }
  /** Replicated: the revealed results had no strict majority. */
  | 'noMajority'
  /** Not enough workers accepted by the deadline: everything returned to the consumer. */
  | 'unassigned'
  /** Attested: no result was posted by the deadline. */
  | 'timedOut'
  /** Attested and disputed: the committee ruled this. */
  | { ruled: Ruling }
  /** The consumer cancelled it before any worker accepted. */
  | 'cancelled';

/** Where a job stands. */
export type JobStatus =
  /** Workers are being drawn and asked. */
  | 'assigning'
  /** Every slot accepted: workers run the module and commit (replicated) or post (attested) before `until`. */
  | {
    /** Running. */
    running: {
      /** Commit (replicated) or posting (attested) deadline. */
      until: BlockNumber;
    };
  }
  /** Replicated: commitments are closed; workers reveal before `until`. */
  | {
    /** Revealing. */
    revealing: {
      /** Reveal deadline. */
      until: BlockNumber;
    };
  }
  /** Attested: the result is posted; the consumer may dispute it before `until`. */
  | {
    /** Posted. */
    posted: {
      /** End of the consumer's window. */
      until: BlockNumber;
    };
  }
  /** Attested: the consumer disputed the result. */
  | {
    /** Disputed. */
    disputed: {
      /** The dispute. */
      dispute: DisputeId;
    };
  }
  /** Ended. */
  | {
    /** Finished. */
    finished: {
      /** How. */
      outcome: JobOutcome;
      /** When. */
      at: BlockNumber;
    };
  };

/** A compute job: `agora_job`, `agora_jobsOf`, `agora_assignedJobs`. */
export interface JobView {
  /** The job. */
  id: JobId;
  /** Who posted and pays for it. */
  consumer: AccountId;
  /** The WebAssembly module. */
  module: Blob;
  /** The input. */
  input: Blob;
  /** Fuel limit (u64). */
  fuel: number;
  /** Memory limit, in 64 KiB pages. */
  memoryPages: number;
  /** How the result is checked. */
  mode: JobMode;
  /** Workers asked for. */
  replicas: number;
  /** The reward, shared by the workers whose result wins (0 under an agreement). */
  reward: Balance;
  /** The collateral each worker holds while assigned. */
  collateral: Balance;
  /** The compute agreement it runs under, if any (its provider is the worker). */
  agreement: AgreementId | null;
  /** Minimum reputation score of a worker (parts per billion). */
  minScore: Perbill | null;
  /** The providers the worker is drawn from, if the consumer restricted it (attested jobs only). */
  candidates: AccountId[];
  /** Block it was posted. */
  submittedAt: BlockNumber;
  /** If not every slot accepted by this block, the job ends `unassigned`; also the latest end of the run. */
  deadline: BlockNumber;
  /** The assigned workers. */
  slots: SlotView[];
  /** Slots still to be drawn (a draw waits for randomness of a later block). */
  undrawn: number;
  /** Where it stands. */
  status: JobStatus;
  /** The record deposit held from the consumer until the job is closed. */
  deposit: Balance;
}

/** The job market's counters: `agora_jobStats`. */
export interface JobStatsView {
  /** Jobs posted (u64). */
  submitted: number;
  /** Jobs completed with a checked result. */
  completed: number;
  /** Replicated jobs without a strict majority. */
  noMajority: number;
  /** Jobs that did not find enough workers by their deadline. */
  unassigned: number;
  /** Attested jobs whose worker posted nothing in time. */
  timedOut: number;
  /** Attested jobs the consumer disputed. */
  disputed: number;
  /** Jobs cancelled before any worker accepted. */
  cancelled: number;
  /** Worker results that lost (a minority result, or a ruling against the worker). */
  wrongResults: number;
  /** Workers that accepted and then committed, revealed or posted nothing in time. */
  missed: number;
  /** Rewards paid to workers. */
  rewardsPaid: Balance;
  /** Worker collateral paid to consumers. */
  collateralSlashed: Balance;
}

// ---------------------------------------------------------------------------------------------
// Data methods of a provider node (node/src/protocol.rs)
// ---------------------------------------------------------------------------------------------

/** Where an upload (or one job blob) stands. */
export type UploadState =
  /** Bytes are arriving; `received` says how many. */
  | 'receiving'
  /** All bytes arrived; the provider is checking them against the commitment. */
  | 'verifying'
  /** The data matched the commitment and is stored. */
  | 'stored'
  /** The data did not match and was discarded (see `reason`); upload again from offset 0. */
  | 'rejected';

/** The answer of `agora_uploadStatus` and `agora_upload`. */
export interface UploadStatus {
  /** The agreement. */
  agreement: AgreementId;
  /** Committed size in bytes (u64). */
  size: number;
  /** Committed merkle root. */
  root: H256;
  /** Bytes received so far (the offset to resume from). */
  received: number;
  /** Where the upload stands. */
  state: UploadState;
  /** Why the data was rejected, if it was. */
  reason: string | null;
  /** Block in which the provider's confirmation was included, once it was. */
  confirmedAt: BlockNumber | null;
}

/** The argument of `agora_upload` (built by `signUpload`). */
export interface UploadChunk {
  /** The agreement. */
  agreement: AgreementId;
  /** Where `data` goes: exactly the bytes received so far. */
  offset: number;
  /** The bytes, 0x-hex (1 to MAX_CHUNK bytes). */
  data: string;
  /** The consumer's sr25519 signature of `uploadPayload` (0x-hex, 64 bytes). */
  signature: string;
}

/** The argument of `agora_download` (built by `signDownload`). */
export interface DownloadRange {
  /** The agreement. */
  agreement: AgreementId;
  /** First byte. */
  offset: number;
  /** Number of bytes (at most MAX_CHUNK; fewer come back at the end of the data). */
  length: number;
  /** The last block (the provider's best) at which the request is served; at most MAX_DOWNLOAD_VALIDITY blocks ahead. */
  validUntil: BlockNumber;
  /** The consumer's sr25519 signature of `downloadPayload` (0x-hex, 64 bytes). */
  signature: string;
}

/** Which blob of a job a chunk belongs to. */
export type JobBlobKind =
  /** The WebAssembly module. */
  | 'module'
  /** The input. */
  | 'input';

/** Where one blob of a job stands on a worker. */
export interface JobBlobStatus {
  /** Declared size in bytes (u64). */
  size: number;
  /** Declared merkle root. */
  root: H256;
  /** Bytes received so far (the offset to resume from). */
  received: number;
  /** `receiving`, `verifying` (complete, not checked yet), `stored` (checked) or `rejected`. */
  state: UploadState;
  /** Why it was rejected, if it was. */
  reason: string | null;
}

/** The answer of `agora_jobUploadStatus` and `agora_jobUpload`. */
export interface JobUploadStatus {
  /** The job. */
  job: JobId;
  /** The module. */
  module: JobBlobStatus;
  /** The input. */
  input: JobBlobStatus;
}

/** The argument of `agora_jobUpload` (built by `signJobUpload`). */
export interface JobUploadChunk {
  /** The job. */
  job: JobId;
  /** Which blob. */
  blob: JobBlobKind;
  /** Where `data` goes: exactly the bytes received so far. */
  offset: number;
  /** The bytes, 0x-hex. */
  data: string;
  /** The consumer's sr25519 signature of `jobUploadPayload` (0x-hex, 64 bytes). */
  signature: string;
}

/** The argument of `agora_jobDownload` (built by `signJobDownload`). */
export interface JobDownloadRange {
  /** The job. */
  job: JobId;
  /** First byte of the result blob. */
  offset: number;
  /** Number of bytes (at most MAX_CHUNK; fewer come back at the end). */
  length: number;
  /** The last block (the worker node's best) at which the request is served. */
  validUntil: BlockNumber;
  /** The consumer's sr25519 signature of `jobDownloadPayload` (0x-hex, 64 bytes). */
  signature: string;
}

// ---------------------------------------------------------------------------------------------
// api.rpc.agora.* (module augmentation) and the RPC definitions (src/rpc.js)
// ---------------------------------------------------------------------------------------------

/** A polkadot.js `Json` codec whose `toJSON()` is exactly `T` (true for answers that are JSON objects). */
export type JsonOf<T> = Omit<Json, 'toJSON'> & {
  /** The answer, as the node sent it. */
  toJSON(): T;
};

/** A list answer (type 'Vec<Json>'): `toJSON()` is the list. */
export type JsonList<T> = Omit<Vec<Json>, 'toJSON'> & {
  /** The answer, as the node sent it. */
  toJSON(): T[];
};

/** An answer that may be null (type 'Option<Json>' or 'Option<AccountId>'): `toJSON()` is the answer or null. */
export type JsonOption<T> = Omit<Option<Json>, 'toJSON'> & {
  /** The answer, as the node sent it. */
  toJSON(): T | null;
};

/** A block hash argument (`at`): the block to answer at; the best block when omitted. */
export type AtArg = BlockHash | string | Uint8Array;
/** An account argument: an SS58 string, 32 bytes or an AccountId codec. */
export type AccountArg = AccountIdCodec | string | Uint8Array;
/** A u32 argument. */
export type U32Arg = u32 | AnyNumber | Uint8Array;
/** A u64 argument (an agreement, dispute or job id). */
export type U64Arg = u64 | AnyNumber | Uint8Array;

/** The exact JSON answer of each `agora_*` method (what `.raw()` resolves with; `download`/`jobDownload` answer 0x-hex). */
export interface AgoraRpcResults {
  /** `agora_networkStats`. */
  networkStats: NetworkStats;
  /** `agora_marketStats`. */
  marketStats: MarketStats;
  /** `agora_provider`. */
  provider: ProviderView | null;
  /** `agora_providers`. */
  providers: ProviderView[];
  /** `agora_findProviders`. */
  findProviders: ProviderMatch[];
  /** `agora_agreement`. */
  agreement: AgreementView | null;
  /** `agora_agreementsOf`. */
  agreementsOf: AgreementView[];
  /** `agora_quote`. */
  quote: Quote;
  /** `agora_commitment`. */
  commitment: CommitmentView | null;
  /** `agora_challengesOf`. */
  challengesOf: ChallengeView[];
  /** `agora_proofStats`. */
  proofStats: ProofStatsView;
  /** `agora_operatorOf`: the provider's SS58 account, or null. */
  operatorOf: AccountId | null;
  /** `agora_reputation`. */
  reputation: ReputationView;
  /** `agora_dispute`. */
  dispute: DisputeView | null;
  /** `agora_disputesOf`. */
  disputesOf: DisputeView[];
  /** `agora_committee`. */
  committee: CommitteeView;
  /** `agora_job`. */
  job: JobView | null;
  /** `agora_jobsOf`. */
  jobsOf: JobView[];
  /** `agora_assignedJobs`. */
  assignedJobs: JobView[];
  /** `agora_jobStats`. */
  jobStats: JobStatsView;
  /** `agora_uploadStatus`. */
  uploadStatus: UploadStatus;
  /** `agora_upload`. */
  upload: UploadStatus;
  /** `agora_download`: the bytes as 0x-hex. */
  download: string;
  /** `agora_jobUploadStatus`. */
  jobUploadStatus: JobUploadStatus;
  /** `agora_jobUpload`. */
  jobUpload: JobUploadStatus;
  /** `agora_jobDownload`: the bytes as 0x-hex. */
  jobDownload: string;
}

/** The `api.rpc.agora.*` section, in @polkadot/rpc-core's augmentation form (`api.rpc.agora.x(...)` resolves with the codec; `.raw<T>(...)` with the JSON). */
export interface AgoraRpc {
  /** Best and finalized block, validators, session, total issuance; `.toJSON()` is `NetworkStats`. */
  networkStats: AugmentedRpc<(at?: AtArg) => Observable<JsonOf<NetworkStats>>>;
  /** Marketplace counters and the network health score; `.toJSON()` is `MarketStats`. */
  marketStats: AugmentedRpc<(at?: AtArg) => Observable<JsonOf<MarketStats>>>;
  /** A provider by account; `.toJSON()` is the answer. */
  provider: AugmentedRpc<(account: AccountArg, at?: AtArg) => Observable<JsonOption<ProviderView>>>;
  /** A page of registered providers (pageSize at most 100, 0 or absent: 100); `.toJSON()` is the answer. */
  providers: AugmentedRpc<(page?: U32Arg, pageSize?: U32Arg, at?: AtArg) => Observable<JsonList<ProviderView>>>;
  /** Providers matching `requirements`; `.toJSON()` is the answer. */
  findProviders: AugmentedRpc<(requirements: ProviderQuery, at?: AtArg) => Observable<JsonList<ProviderMatch>>>;
  /** An agreement by id with what is due; `.toJSON()` is the answer. */
  agreement: AugmentedRpc<(id: U64Arg, at?: AtArg) => Observable<JsonOption<AgreementView>>>;
  /** A page of the agreements an account is consumer or provider of, oldest first; `.toJSON()` is the answer. */
  agreementsOf: AugmentedRpc<(account: AccountArg, page?: U32Arg, pageSize?: U32Arg, at?: AtArg) => Observable<JsonList<AgreementView>>>;
  /** Exactly what agreements.request would lock and hold (error 3 with the reason when refused); `.toJSON()` is `Quote`. */
  quote: AugmentedRpc<(provider: AccountArg, resources: Partial<Resources>, durationPeriods: U32Arg, plan: PaymentPlan, at?: AtArg) => Observable<JsonOf<Quote>>>;
  /** An agreement's data commitment and challenge record; `.toJSON()` is the answer. */
  commitment: AugmentedRpc<(agreement: U64Arg, at?: AtArg) => Observable<JsonOption<CommitmentView>>>;
  /** A provider's open challenges, oldest first; `.toJSON()` is the answer. */
  challengesOf: AugmentedRpc<(provider: AccountArg, at?: AtArg) => Observable<JsonList<ChallengeView>>>;
  /** A provider's challenge record; `.toJSON()` is `ProofStatsView`. */
  proofStats: AugmentedRpc<(provider: AccountArg, at?: AtArg) => Observable<JsonOf<ProofStatsView>>>;
  /** The provider an operator key acts for; `.toJSON()` is the answer. */
  operatorOf: AugmentedRpc<(operator: AccountArg, at?: AtArg) => Observable<JsonOption<AccountId>>>;
  /** An account's reputation as provider and consumer; `.toJSON()` is `ReputationView`. */
  reputation: AugmentedRpc<(account: AccountArg, at?: AtArg) => Observable<JsonOf<ReputationView>>>;
  /** A dispute by id; `.toJSON()` is the answer. */
  dispute: AugmentedRpc<(id: U64Arg, at?: AtArg) => Observable<JsonOption<DisputeView>>>;
  /** The disputes an account is party to, oldest first; `.toJSON()` is the answer. */
  disputesOf: AugmentedRpc<(account: AccountArg, at?: AtArg) => Observable<JsonList<DisputeView>>>;
  /** The elected dispute committee; `.toJSON()` is `CommitteeView`. */
  committee: AugmentedRpc<(at?: AtArg) => Observable<JsonOf<CommitteeView>>>;
  /** A compute job by id with its slots and status; `.toJSON()` is the answer. */
  job: AugmentedRpc<(id: U64Arg, at?: AtArg) => Observable<JsonOption<JobView>>>;
  /** A page of the jobs an account posted, oldest first; `.toJSON()` is the answer. */
  jobsOf: AugmentedRpc<(account: AccountArg, page?: U32Arg, pageSize?: U32Arg, at?: AtArg) => Observable<JsonList<JobView>>>;
  /** The unfinished jobs a provider holds a slot in; `.toJSON()` is the answer. */
  assignedJobs: AugmentedRpc<(provider: AccountArg, at?: AtArg) => Observable<JsonList<JobView>>>;
  /** The job market's counters; `.toJSON()` is `JobStatsView`. */
  jobStats: AugmentedRpc<(at?: AtArg) => Observable<JsonOf<JobStatsView>>>;
  /** Provider node: how much of an agreement's data it holds; `.toJSON()` is `UploadStatus`. */
  uploadStatus: AugmentedRpc<(agreement: U64Arg) => Observable<JsonOf<UploadStatus>>>;
  /** Provider node: append a signed chunk (see `signUpload`); `.toJSON()` is `UploadStatus`. */
  upload: AugmentedRpc<(chunk: UploadChunk) => Observable<JsonOf<UploadStatus>>>;
  /** Provider node: a signed range of the stored data (see `signDownload`); `.toU8a(true)` is the bytes. */
  download: AugmentedRpc<(range: DownloadRange) => Observable<Bytes>>;
  /** Worker node: how much of a job's module and input it holds; `.toJSON()` is `JobUploadStatus`. */
  jobUploadStatus: AugmentedRpc<(job: U64Arg) => Observable<JsonOf<JobUploadStatus>>>;
  /** Worker node: append a signed chunk of a job's module or input (see `signJobUpload`); `.toJSON()` is `JobUploadStatus`. */
  jobUpload: AugmentedRpc<(chunk: JobUploadChunk) => Observable<JsonOf<JobUploadStatus>>>;
  /** Worker node: a signed range of a job's result blob (see `signJobDownload`); `.toU8a(true)` is the bytes. */
  jobDownload: AugmentedRpc<(range: JobDownloadRange) => Observable<Bytes>>;
}

declare module '@polkadot/rpc-core/types/jsonrpc' {
  interface RpcInterface {
    /** The `agora_*` methods (decorated by `connect` or `apiOptions()`). */
    agora: AgoraRpc;
  }
}

/** The name of a chain method (served by every node). */
export type ChainMethodName =
  | 'networkStats' | 'marketStats' | 'provider' | 'providers' | 'findProviders' | 'agreement'
  | 'agreementsOf' | 'quote' | 'commitment' | 'challengesOf' | 'proofStats' | 'operatorOf'
  | 'reputation' | 'dispute' | 'disputesOf' | 'committee' | 'job' | 'jobsOf' | 'assignedJobs'
  | 'jobStats';

/** The name of a data method (served by a provider node started with `--provider-store`). */
export type DataMethodName =
  | 'uploadStatus' | 'upload' | 'download' | 'jobUploadStatus' | 'jobUpload' | 'jobDownload';

/** The chain methods as polkadot.js custom RPC definitions. */
export declare const chainMethods: Record<ChainMethodName, DefinitionRpc>;
/** The data methods of a provider node as polkadot.js custom RPC definitions. */
export declare const dataMethods: Record<DataMethodName, DefinitionRpc>;
/** Every `agora_*` method, in the shape `ApiPromise.create({ rpc })` takes. */
export declare const rpc: { agora: Record<ChainMethodName | DataMethodName, DefinitionRpc> };
/** The runtime's transaction extensions polkadot.js does not know by name (`AuthorizeCall`: adds nothing to the extrinsic or the payload). */
export declare const signedExtensions: NonNullable<ApiOptions['signedExtensions']>;

/** JSON-RPC error codes of the `agora_*` methods (node/src/protocol.rs). */
export declare const errors: {
  /** A runtime API call failed (every chain method). */
  readonly RUNTIME_ERROR: 1;
  /** The node does not know the block hash `at`. */
  readonly UNKNOWN_BLOCK: 2;
  /** The runtime refuses the quote; the message names the reason (`QuoteError`). */
  readonly QUOTE_REFUSED: 3;
  /** This node is not in provider mode for this agreement or job (unknown, not active, or the provider's key is not here). */
  readonly NOT_SERVED: 20;
  /** The agreement has no commitment on chain yet (commit before uploading). */
  readonly NO_COMMITMENT: 21;
  /** The signature is not the consumer's. */
  readonly BAD_SIGNATURE: 22;
  /** The offset or length is outside what can be written or read now. */
  readonly BAD_RANGE: 23;
  /** The data is not (yet) stored in full, so it cannot be downloaded. */
  readonly NOT_STORED: 24;
  /** The provider's disk failed. */
  readonly STORE_ERROR: 25;
  /** The download's `validUntil` passed, or lies more than MAX_DOWNLOAD_VALIDITY blocks ahead (sign a new one). */
  readonly EXPIRED: 26;
};

// ---------------------------------------------------------------------------------------------
// Connecting (src/index.js)
// ---------------------------------------------------------------------------------------------

/** The default endpoint: a dev node on this machine (`scripts/dev.sh`). */
export declare const DEFAULT_URL: 'ws://127.0.0.1:9944';

/**
 * The options for `ApiPromise.create` that make polkadot.js know Agora: the `agora_*` RPC
 * definitions and the runtime's transaction extensions, merged into `options` (whose `rpc` and
 * `signedExtensions` extend ours). Add your own `provider`.
 */
export declare function apiOptions(options?: ApiOptions): ApiOptions;

/** Options of `connect`: `ApiPromise.create` options (see `apiOptions`) plus the WebSocket's timings. */
export type ConnectOptions = Omit<ApiOptions, 'provider' | 'throwOnConnect'> & {
  /** Milliseconds between reconnection attempts after a drop (default 1000). */
  retryMs?: number;
  /** Milliseconds before a request times out (default 30000). */
  timeoutMs?: number;
};

/**
 * Connect to an Agora node and resolve a ready `ApiPromise` with `api.rpc.agora.*` decorated.
 * Rejects (instead of retrying forever) when the first connection fails; later drops reconnect
 * every `retryMs`.
 */
export declare function connect(url?: string, options?: ConnectOptions): Promise<ApiPromise>;

// ---------------------------------------------------------------------------------------------
// AGR units (src/units.js)
// ---------------------------------------------------------------------------------------------

/** Decimals of AGR (the chain spec's `tokenDecimals`). */
export declare const DECIMALS: 12;
/** The token symbol. */
export declare const SYMBOL: 'AGR';
/** Plancks in one AGR: 10n ** 12n. */
export declare const PLANCKS_PER_AGR: bigint;

/**
 * Plancks of an AGR amount: `agr('1.5')` is 1_500_000_000_000n. Takes a decimal string
 * (underscores allowed), a bigint or a safe integer number (whole AGR). Throws on a negative
 * amount, on more than 12 decimals, and on a fractional number.
 */
export declare function agr(amount: string | bigint | number): bigint;

/** Options of `formatAgr`. */
export interface FormatAgrOptions {
  /** Round down to this many decimals (default 12; trailing zeros are always dropped). */
  decimals?: number;
  /** Append ' AGR' (default true). */
  symbol?: boolean;
}

/**
 * An amount of plancks as AGR: `formatAgr(1_500_000_000_000n)` is '1.5 AGR'. Takes a bigint, a
 * decimal string (as the `agora_*` methods answer balances) or anything whose `toString()` is
 * a decimal integer (a polkadot.js number, BN).
 */
export declare function formatAgr(plancks: bigint | string | number | { toString(): string }, options?: FormatAgrOptions): string;

// ---------------------------------------------------------------------------------------------
// Signed data uploads and downloads (src/data.js)
// ---------------------------------------------------------------------------------------------

/** Largest chunk of one upload or download call, in bytes (1 MiB). */
export declare const MAX_CHUNK: 1048576;
/** The furthest `validUntil` may lie past the provider's best block. */
export declare const MAX_DOWNLOAD_VALIDITY: 100;
/** How many blocks past the provider's best block these helpers sign downloads for. */
export declare const DOWNLOAD_VALIDITY: 20;

/** The name of a job result's status byte (agora_primitives::jobs::ResultStatus). */
export type ResultStatusName = 'ok' | 'trap' | 'outOfFuel' | 'memoryLimit' | 'invalid' | 'outputLimit';
/** The result blob's status byte names, by value (0 = 'ok' ... 5 = 'outputLimit'). */
export declare const RESULT_STATUS: readonly ['ok', 'trap', 'outOfFuel', 'memoryLimit', 'invalid', 'outputLimit'];

/** The chain's genesis hash: 0x-hex or a polkadot.js Hash (`api.genesisHash`). */
export type GenesisHash = string | { toHex(): string };
/** Something that signs sr25519: a keyring pair of the agreement's or job's consumer. */
export interface SigningPair {
  /** Sign `message`, answer the 64-byte signature. */
  sign(message: Uint8Array): Uint8Array;
}
/** An id (u64) as a number or bigint. */
export type IdArg = number | bigint;
/** Bytes: a Uint8Array/Buffer, a 0x-hex string, a number[]; any other string is taken as UTF-8 text. */
export type BytesArg = U8aLike;

/** The bytes signed to upload `data` at `offset` of `agreement` (protocol::upload_payload). */
export declare function uploadPayload(genesis: GenesisHash, agreement: IdArg, offset: IdArg, data: BytesArg): Uint8Array;
/** The bytes signed to download a range of `agreement` (protocol::download_payload). */
export declare function downloadPayload(genesis: GenesisHash, agreement: IdArg, offset: IdArg, length: IdArg, validUntil: number): Uint8Array;
/** The bytes signed to upload to a job's `blob` (protocol::job_upload_payload); throws unless blob is 'module' or 'input'. */
export declare function jobUploadPayload(genesis: GenesisHash, job: IdArg, blob: JobBlobKind, offset: IdArg, data: BytesArg): Uint8Array;
/** The bytes signed to download a range of a job's result (protocol::job_download_payload). */
export declare function jobDownloadPayload(genesis: GenesisHash, job: IdArg, offset: IdArg, length: IdArg, validUntil: number): Uint8Array;

/** The argument of `api.rpc.agora.upload`: `data` at `offset`, signed by `pair`. */
export declare function signUpload(pair: SigningPair, genesis: GenesisHash, agreement: IdArg, offset: IdArg, data: BytesArg): UploadChunk;
/** The argument of `api.rpc.agora.download`, served until the provider's best block passes `validUntil`. */
export declare function signDownload(pair: SigningPair, genesis: GenesisHash, agreement: IdArg, offset: IdArg, length: IdArg, validUntil: number): DownloadRange;
/** The argument of `api.rpc.agora.jobUpload`. */
export declare function signJobUpload(pair: SigningPair, genesis: GenesisHash, job: IdArg, blob: JobBlobKind, offset: IdArg, data: BytesArg): JobUploadChunk;
/** The argument of `api.rpc.agora.jobDownload`. */
export declare function signJobDownload(pair: SigningPair, genesis: GenesisHash, job: IdArg, offset: IdArg, length: IdArg, validUntil: number): JobDownloadRange;

/** Options of `uploadData`. */
export interface UploadOptions {
  /** Bytes per call (default and maximum MAX_CHUNK). */
  chunkSize?: number;
  /** Called after each chunk with the bytes the node holds and the total. */
  onProgress?: (received: number, total: number) => void;
}

/** Options of the chunked job uploads and of the downloads. */
export interface ChunkOptions {
  /** Bytes per call (default and maximum MAX_CHUNK). */
  chunkSize?: number;
}

/**
 * Upload an agreement's data to its provider node (`provider`: an ApiPromise connected to the
 * provider's endpoint) from where the node stands (resumes; restarts at 0 after `rejected`);
 * resolves with the last UploadStatus. Commit the data's root on chain first.
 */
export declare function uploadData(provider: ApiPromise, pair: SigningPair, agreement: IdArg, data: BytesArg, options?: UploadOptions): Promise<UploadStatus>;

/** Upload a job's module or input (`blob`) to a worker node, resuming; resolves with the last JobUploadStatus. */
export declare function uploadJobBlob(worker: ApiPromise, pair: SigningPair, job: IdArg, blob: JobBlobKind, data: BytesArg, options?: ChunkOptions): Promise<JobUploadStatus>;

/** Download an agreement's stored data (`size` bytes, e.g. `UploadStatus.size` or `CommitmentView.size`) from its provider node. */
export declare function downloadData(provider: ApiPromise, pair: SigningPair, agreement: IdArg, size: number, options?: ChunkOptions): Promise<Uint8Array>;

/** A job's result, as `downloadJobResult` resolves it. */
export interface JobResult {
  /** The result's first byte by name (`unknown(n)` for a byte the package does not know). */
  status: ResultStatusName | `unknown(${number})`;
  /** The bytes after the status byte (empty unless 'ok'). */
  output: Uint8Array;
}

/**
 * Download a job's result blob from a worker node. `size` is the result's size from the job
 * (`JobView.slots[i].state.revealed.result.size`, or `status.finished.outcome.completed.result.size`).
 */
export declare function downloadJobResult(worker: ApiPromise, pair: SigningPair, job: IdArg, size: number, options?: ChunkOptions): Promise<JobResult>;

// ---------------------------------------------------------------------------------------------
// Quote-then-request (src/market.js)
// ---------------------------------------------------------------------------------------------

/** What `quoteThenRequest` asks for. */
export interface RequestArgs {
  /** The provider's account. */
  provider: string;
  /** The resources to rent (missing parts are 0). */
  resources: Partial<Resources>;
  /** Length of the agreement, in periods. */
  durationPeriods: number;
  /** How the price is paid (`{ installmentPeriods: n }`). */
  plan: PaymentPlan;
}

/**
 * Ask the chain what a request would lock (`agora_quote`), then build `agreements.request` with
 * the quoted total as its price ceiling (a price raised in between fails with `PriceAboveMax`).
 * Resolves `{ quote, tx }`: sign and send `tx` yourself. A refused quote rejects with the
 * node's error (code 3, the QuoteError as message).
 */
export declare function quoteThenRequest(api: ApiPromise, args: RequestArgs): Promise<{
  /** What the request locks and holds. */
  quote: Quote;
  /** `agreements.request(provider, resources, durationPeriods, plan, quote.totalPrice)`, unsigned. */
  tx: SubmittableExtrinsic<'promise'>;
}>;

// ---------------------------------------------------------------------------------------------
// The storage commitment format (src/merkle.js, primitives/src/merkle.rs)
// ---------------------------------------------------------------------------------------------

/** The merkle tree of data commitments: 256-byte leaves (last zero-padded), leaf = blake2_256(0x00 ++ leaf), inner = blake2_256(0x01 ++ l ++ r), odd nodes promoted. */
export * as merkle from './merkle';

