/**
 * Lua scripts for the grant-scoped writes. Every key a script touches is derived from
 * KEYS[1] (`…g:{grantId}:m`), so all of them hash to the grant's Redis Cluster slot.
 */

/** KEYS[1] members set; ARGV: owner, then triples (id, json, ttl). Returns the set's TTL. */
export const SAVE_TOKENS = `
local members = KEYS[1]
local base = string.sub(members, 1, -2)
local maxttl = redis.call('TTL', members)
for i = 2, #ARGV, 3 do
  local id, json, ttl = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  redis.call('SET', base .. 't:' .. id, json, 'EX', ttl)
  redis.call('SADD', members, id)
  if ttl > maxttl then maxttl = ttl end
end
redis.call('EXPIRE', members, maxttl)
redis.call('SET', base .. 'o', ARGV[1], 'EX', maxttl)
return maxttl
`;

/** KEYS[1] members set; ARGV[1] id, ARGV[2] now. Returns {status, json}. */
export const CONSUME_TOKEN = `
local base = string.sub(KEYS[1], 1, -2)
local recordKey = base .. 't:' .. ARGV[1]
local json = redis.call('GET', recordKey)
if not json then return {'missing'} end
local ttl = redis.call('PTTL', recordKey)
if ttl < 1 then ttl = 1 end
local ok = redis.call('SET', base .. 'c:' .. ARGV[1], ARGV[2], 'NX', 'PX', ttl)
if ok then return {'consumed', json, ARGV[2]} end
return {'already_consumed', json, redis.call('GET', base .. 'c:' .. ARGV[1])}
`;

/**
 * KEYS[1] members set; ARGV ids to remove, or none to remove every member.
 * Returns {removedCount, ownerWhenGrantEmptied or '', removedIds...}.
 */
export const REMOVE_TOKENS = `
local members = KEYS[1]
local base = string.sub(members, 1, -2)
local ids = ARGV
if #ids == 0 then ids = redis.call('SMEMBERS', members) end
local removed = {}
for _, id in ipairs(ids) do
  if redis.call('DEL', base .. 't:' .. id) == 1 then table.insert(removed, id) end
  redis.call('DEL', base .. 'c:' .. id)
  redis.call('SREM', members, id)
end
local owner = ''
if redis.call('SCARD', members) == 0 then
  owner = redis.call('GET', base .. 'o') or ''
  redis.call('DEL', members, base .. 'o')
end
local out = {#removed, owner}
for _, id in ipairs(removed) do table.insert(out, id) end
return out
`;
