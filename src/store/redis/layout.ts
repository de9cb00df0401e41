import type { TokenPlacement } from '../../core/store';
import { bucketOfId, placementBucket } from '../../core/storage-id';

/**
 * Key layout of schema v2 (after the configured prefix and `v2:`). Every key of one grant
 * carries the hash tag of the grant's bucket, so the scripts that write a grant, redeem a
 * single-use token or revoke a family touch one Redis Cluster slot. The 64 tags name slots
 * spread evenly over the 16384 (tag i hashes into slots i·256 … i·256+255), so a cluster's
 * shards share the load whatever their count. No key names a client, a user or a token:
 * token and grant ids are keyed hashes, index keys are HMACs of their owner.
 */
export const SCHEMA_PREFIX = 'v2:';

const TAGS = 'Ap Ax Aa Ai AR AZ AC AK A0 A8 DY A- B9 B1 C2 Ds Aq Ay Ad Ah AS A_ AB AJ A1 A9 DX DP B8 B0 B- Dr Ar Az Ac Ak AP AX AA AI A2 DB D_ DS Dh B3 C0 C8 As BP Ab Aj AQ AY AD AH A3 DC DZ DR Di B2 C1 C9'.split(' ');

export const BUCKETS = TAGS.length;

export const REDIS_PLACEMENT: TokenPlacement = {
  buckets: BUCKETS,
  bucketOf: (source) => placementBucket(source, BUCKETS),
};

const tagOfId = (id: string) => TAGS[bucketOfId(id) % BUCKETS];

export const keys = {
  tag: (bucket: number) => TAGS[bucket],
  /** One token's record; a grant's first token doubles as the grant (its id is the grant id). */
  token: (id: string) => `t{${tagOfId(id)}}${id}`,
  /** Where a grant's token keys start (scripts append a token id). */
  tokenBase: (grantId: string) => `t{${tagOfId(grantId)}}`,
  /** Members and tombstone of a grant that has more than one token. */
  grant: (grantId: string) => `g{${tagOfId(grantId)}}${grantId}`,
  clientIndex: (bucket: number, clientKey: string) => `c{${TAGS[bucket]}}${clientKey}`,
  userIndex: (bucket: number, userKey: string) => `u{${TAGS[bucket]}}${userKey}`,
  lookup: (lookupKey: string) => `l:${lookupKey}`,
  sequence: (name: string) => `seq:${name}`,
  value: (key: string) => `kv:${key}`,
};
