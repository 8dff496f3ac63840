// The `agora_*` JSON-RPC methods, as polkadot.js custom RPC definitions (`ApiPromise.create({ rpc })`
// makes them `api.rpc.agora.*`). Every method answers JSON with camelCase fields and balances as
// decimal strings; the shapes are the typedefs of `index.d.ts` (named in each description).
// Result types: 'Json' for an object, 'Vec<Json>' for a list and 'Option<Json>' for an object or
// null, so that `.toJSON()` of every answer is exactly what the node sent (a bare 'Json' would
// turn a list into `{ "0": ... }` and null into `{}`).
//
// Chain methods are served by every node (answered at the best block unless `at` names a block);
// data methods only by a provider node (`--provider-store`), for agreements and jobs of the
// providers whose keys it holds. Errors are JSON-RPC errors with the codes in `errors.js`.

const at = { name: 'at', type: 'BlockHash', isOptional: true };
const account = (name = 'account') => ({ name, type: 'AccountId' });
const page = [
  { name: 'page', type: 'u32', isOptional: true },
  { name: 'pageSize', type: 'u32', isOptional: true },
];

/** Chain methods: one runtime API call each. */
export const chainMethods = {
  networkStats: {
    description: 'Best and finalized block, validators, session, total issuance -> NetworkStats',
    params: [at],
    type: 'Json',
  },
  marketStats: {
    description: 'Marketplace counters and the network health score -> MarketStats',
    params: [at],
    type: 'Json',
  },
  provider: {
    description: 'A provider by account -> ProviderView | null',
    params: [account(), at],
    type: 'Option<Json>',
  },
  providers: {
    description: 'A page of registered providers (pageSize at most 100) -> ProviderView[]',
    params: [...page, at],
    type: 'Vec<Json>',
  },
  findProviders: {
    description: 'Providers with `resources` free, at most `maxPricePerPeriod`, in `region`, scoring at least `minScore`, ordered by `orderBy` (ProviderQuery) -> ProviderMatch[]',
    params: [{ name: 'requirements', type: 'Json' }, at],
    type: 'Vec<Json>',
  },
  agreement: {
    description: 'An agreement by id with what is due -> AgreementView | null',
    params: [{ name: 'id', type: 'u64' }, at],
    type: 'Option<Json>',
  },
  agreementsOf: {
    description: 'A page of the agreements an account is consumer or provider of -> AgreementView[]',
    params: [account(), ...page, at],
    type: 'Vec<Json>',
  },
  quote: {
    description: 'Exactly what agreements.request would lock and hold (error 3 with the reason when refused) -> Quote',
    params: [
      account('provider'),
      { name: 'resources', type: 'Json' },
      { name: 'durationPeriods', type: 'u32' },
      { name: 'plan', type: 'Json' },
      at,
    ],
    type: 'Json',
  },
  commitment: {
    description: "An agreement's data commitment and challenge record -> CommitmentView | null",
    params: [{ name: 'agreement', type: 'u64' }, at],
    type: 'Option<Json>',
  },
  challengesOf: {
    description: "A provider's open challenges, oldest first -> ChallengeView[]",
    params: [account('provider'), at],
    type: 'Vec<Json>',
  },
  proofStats: {
    description: "A provider's challenge record -> ProofStatsView",
    params: [account('provider'), at],
    type: 'Json',
  },
  operatorOf: {
    description: 'The provider an operator key acts for -> AccountId (SS58) | null',
    params: [account('operator'), at],
    type: 'Option<AccountId>',
  },
  reputation: {
    description: "An account's reputation as provider and consumer -> ReputationView",
    params: [account(), at],
    type: 'Json',
  },
  dispute: {
    description: 'A dispute by id -> DisputeView | null',
    params: [{ name: 'id', type: 'u64' }, at],
    type: 'Option<Json>',
  },
  disputesOf: {
    description: 'The disputes an account is party to, oldest first -> DisputeView[]',
    params: [account(), at],
    type: 'Vec<Json>',
  },
  committee: {
    description: 'The elected dispute committee: members, runners-up, candidates, term end -> CommitteeView',
    params: [at],
    type: 'Json',
  },
  job: {
    description: 'A compute job by id with its slots and status -> JobView | null',
    params: [{ name: 'id', type: 'u64' }, at],
    type: 'Option<Json>',
  },
  jobsOf: {
    description: 'A page of the jobs an account posted, oldest first -> JobView[]',
    params: [account(), ...page, at],
    type: 'Vec<Json>',
  },
  assignedJobs: {
    description: 'The unfinished jobs a provider holds a slot in -> JobView[]',
    params: [account('provider'), at],
    type: 'Vec<Json>',
  },
  jobStats: {
    description: "The job market's counters -> JobStatsView",
    params: [at],
    type: 'Json',
  },
};

/** Data methods of a provider node (`--provider-store`); see `data.js` to sign their arguments. */
export const dataMethods = {
  uploadStatus: {
    description: "How much of an agreement's data the provider holds -> UploadStatus",
    params: [{ name: 'agreement', type: 'u64' }],
    type: 'Json',
  },
  upload: {
    description: 'Append a chunk of an agreement\'s data, signed by its consumer (UploadChunk, see signUpload) -> UploadStatus',
    params: [{ name: 'chunk', type: 'Json' }],
    type: 'Json',
  },
  download: {
    description: "A range of an agreement's stored data, signed by its consumer (DownloadRange, see signDownload) -> bytes",
    params: [{ name: 'range', type: 'Json' }],
    type: 'Bytes',
  },
  jobUploadStatus: {
    description: "How much of a job's module and input the worker holds -> JobUploadStatus",
    params: [{ name: 'job', type: 'u64' }],
    type: 'Json',
  },
  jobUpload: {
    description: "Append a chunk of a job's module or input, signed by its consumer (JobUploadChunk, see signJobUpload) -> JobUploadStatus",
    params: [{ name: 'chunk', type: 'Json' }],
    type: 'Json',
  },
  jobDownload: {
    description: "A range of a job's result blob, signed by its consumer (JobDownloadRange, see signJobDownload) -> bytes",
    params: [{ name: 'range', type: 'Json' }],
    type: 'Bytes',
  },
};

/** Everything, in the shape `ApiPromise.create({ rpc })` takes. */
export const rpc = { agora: { ...chainMethods, ...dataMethods } };

/** The transaction extensions of the runtime that polkadot.js does not know by name. */
export const signedExtensions = {
  // frame_system::AuthorizeCall: lets a call authorize itself (`#[pallet::authorize]`); it adds
  // nothing to the extrinsic or to what is signed.
  AuthorizeCall: { extrinsic: {}, payload: {} },
};

/** JSON-RPC error codes of the `agora_*` methods (protocol/src/lib.rs). */
export const errors = {
  RUNTIME_ERROR: 1,
  UNKNOWN_BLOCK: 2,
  QUOTE_REFUSED: 3,
  NOT_SERVED: 20,
  NO_COMMITMENT: 21,
  BAD_SIGNATURE: 22,
  BAD_RANGE: 23,
  NOT_STORED: 24,
  STORE_ERROR: 25,
  EXPIRED: 26,
};
