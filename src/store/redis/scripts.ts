/**
 * Lua for the grant-scoped steps, each one atomic. Every script gets the same four keys, all
 * tagged with the grant's bucket (one Redis Cluster slot):
 *   KEYS[1] the grant's hash (members and the revocation tombstone `!`), present once the
 *           grant has more than one token; KEYS[2] where its token keys start;
 *   KEYS[3] the client's index, KEYS[4] the user's (= KEYS[3] when the grant has no user).
 * ARGV[1] is the grant id (its first token's id), ARGV[2] '1' when there is a user index.
 * A consumed token's value ends in "\n" and the time (JSON never holds a raw newline).
 */

const HELPERS = `
local grant, base, clientIndex, userIndex = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local gid, hasUser = ARGV[1], ARGV[2] == '1'

local function extend(key, ttl)
  if ttl > 0 and redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end

local function spent(value)
  return string.find(value, '\\n', 1, true) ~= nil
end

local function members()
  local list = redis.call('HKEYS', grant)
  if #list == 0 then return {gid} end
  return list
end

local function unindex()
  redis.call('ZREM', clientIndex, gid)
  if hasUser then redis.call('ZREM', userIndex, gid) end
end

local function index(score, now, ttl)
  for _, key in ipairs(hasUser and {clientIndex, userIndex} or {clientIndex}) do
    redis.call('ZADD', key, 'GT', score, gid)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    extend(key, ttl)
  end
end

-- ARGV[from..] are triples (id, value, ttl ms); the grant's hash is kept once it has two tokens.
local function save(from, now, score, indexed)
  local longest = 0
  local single = #ARGV - from + 1 == 3 and ARGV[from] == gid and redis.call('EXISTS', grant) == 0
  for i = from, #ARGV, 3 do
    local ttl = tonumber(ARGV[i + 2])
    redis.call('SET', base .. ARGV[i], ARGV[i + 1], 'PX', ttl)
    if ttl > longest then longest = ttl end
  end
  if not single then
    if redis.call('EXISTS', grant) == 0 then
      local first = redis.call('PTTL', base .. gid)
      if first > 0 then
        redis.call('HSET', grant, gid, 1)
        if first > longest then longest = first end
      end
    end
    for i = from, #ARGV, 3 do redis.call('HSET', grant, ARGV[i], 1) end
    extend(grant, longest)
  end
  if indexed then index(score, now, longest) end
end

-- Every live token dies; spent ones stay as evidence of reuse when keepSpent. The tombstone
-- lasts as long as anything of the grant could still be presented.
local function kill(keepSpent, now)
  local killed, longest = 0, 1000
  for _, id in ipairs(members()) do
    if id ~= '!' then
      local key = base .. id
      local value = redis.call('GET', key)
      if value then
        local ttl = redis.call('PTTL', key)
        if ttl > longest then longest = ttl end
        local isSpent = spent(value)
        if not isSpent then killed = killed + 1 end
        if not (isSpent and keepSpent) then
          redis.call('DEL', key)
          redis.call('HDEL', grant, id)
        end
      end
    end
  end
  redis.call('HSET', grant, '!', now)
  extend(grant, longest)
  unindex()
  return killed
end
`;

/**
 * A new grant (its first token's id is the grant id), the hot path of every issuance: nothing
 * can have revoked it yet, so no tombstone check, and no helpers to set up. ARGV: gid, hasUser,
 * now, score (0: not listed, a code alone), trim ('1': drop the index's expired entries; done on
 * a sample of writes, since listings count live entries only), then triples. Returns 1.
 */
export const ISSUE = `
local grant, base, clientIndex, userIndex = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local n, longest = #ARGV, 0
for i = 6, n, 3 do
  local ttl = tonumber(ARGV[i + 2])
  redis.call('SET', base .. ARGV[i], ARGV[i + 1], 'PX', ttl)
  if ttl > longest then longest = ttl end
end
if n > 8 then
  for i = 6, n, 3 do redis.call('HSET', grant, ARGV[i], 1) end
  redis.call('PEXPIRE', grant, longest)
end
if ARGV[4] ~= '0' then
  local indexes = ARGV[2] == '1' and {clientIndex, userIndex} or {clientIndex}
  for _, key in ipairs(indexes) do
    redis.call('ZADD', key, 'GT', ARGV[4], ARGV[1])
    if ARGV[5] == '1' then redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[3]) end
    if redis.call('PTTL', key) < longest then redis.call('PEXPIRE', key, longest) end
  end
end
return 1
`;

/** Tokens joining an existing grant. ARGV: gid, hasUser, now, score, indexed, then triples. Returns 1, or 0 when the grant is revoked. */
export const SAVE = `${HELPERS}
if redis.call('HEXISTS', grant, '!') == 1 then return 0 end
save(6, ARGV[3], ARGV[4], ARGV[5] == '1')
return 1
`;

/**
 * ARGV: gid, hasUser, now, score, indexed, id to consume, consumedAt, not-after (the server's
 * clock in ms; 0: no bound), then the replacements' triples.
 * Returns {status, value?}: redeemed | reused | revoked | missing | late. A call that reaches
 * Redis after its caller gave up (it waited behind a stalled connection) changes nothing: the
 * client was told to retry, and its retry must not find its token spent.
 */
export const REDEEM = `${HELPERS}
local notAfter = tonumber(ARGV[8])
if notAfter > 0 then
  local time = redis.call('TIME')
  if tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) > notAfter then return {'late'} end
end
local key = base .. ARGV[6]
local value = redis.call('GET', key)
if not value then return {'missing'} end
if redis.call('HEXISTS', grant, '!') == 1 then
  if spent(value) then return {'reused', value} end
  return {'revoked'}
end
if spent(value) then
  kill(true, ARGV[3])
  return {'reused', value}
end
local marked = value .. '\\n' .. ARGV[7]
redis.call('SET', key, marked, 'KEEPTTL')
if #ARGV > 8 then save(9, ARGV[3], ARGV[4], ARGV[5] == '1') end
return {'redeemed', marked}
`;

/** ARGV: gid, hasUser, now. Returns how many live tokens died. */
export const REVOKE = `${HELPERS}
return kill(false, ARGV[3])
`;

/** ARGV: gid, hasUser, ids... Returns how many live tokens were removed. */
export const REMOVE = `${HELPERS}
local removed = 0
for i = 3, #ARGV do
  local key = base .. ARGV[i]
  local value = redis.call('GET', key)
  if value then
    if not spent(value) then removed = removed + 1 end
    redis.call('DEL', key)
    redis.call('HDEL', grant, ARGV[i])
  end
end
for _, id in ipairs(members()) do
  if id ~= '!' then
    local value = redis.call('GET', base .. id)
    if value and not spent(value) then return removed end
  end
end
unindex()
return removed
`;

/** ARGV: gid, hasUser. Returns {id, value, id, value, …} of the grant's tokens. */
export const LIST = `${HELPERS}
local out = {}
for _, id in ipairs(members()) do
  if id ~= '!' then
    local value = redis.call('GET', base .. id)
    if value then
      out[#out + 1] = id
      out[#out + 1] = value
    end
  end
end
return out
`;
