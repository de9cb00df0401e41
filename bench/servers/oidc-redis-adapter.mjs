/**
 * An oidc-provider storage adapter on ioredis, with the Redis layout of the Redis adapter in
 * oidc-provider's own example folder: `<Model>:<id>` per record (a JSON string, or a hash with
 * `payload` and `consumed` for single-use models, in one MULTI with its EXPIRE), a list of
 * record keys per grant, and `uid:` / `userCode:` lookup keys. The key prefix is the client's.
 */

const consumable = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const grantable = new Set([...consumable, 'AccessToken']);

const grantKey = (grantId) => `grant:${grantId}`;
const uidKey = (uid) => `uid:${uid}`;
const userCodeKey = (userCode) => `userCode:${userCode}`;

/** Returns the adapter factory oidc-provider calls once per model name. */
export function redisAdapter(redis) {
  class RedisAdapter {
    constructor(name) {
      this.name = name;
    }

    key(id) {
      return `${this.name}:${id}`;
    }

    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      const multi = redis.multi();
      if (consumable.has(this.name)) multi.hset(key, { payload: JSON.stringify(payload) });
      else multi.set(key, JSON.stringify(payload));
      if (expiresIn) multi.expire(key, expiresIn);

      if (grantable.has(this.name) && payload.grantId) {
        const list = grantKey(payload.grantId);
        multi.rpush(list, key);
        if (expiresIn > (await redis.ttl(list))) multi.expire(list, expiresIn);
      }
      if (payload.userCode) multi.set(userCodeKey(payload.userCode), id, 'EX', expiresIn);
      if (payload.uid) multi.set(uidKey(payload.uid), id, 'EX', expiresIn);
      await multi.exec();
    }

    async find(id) {
      if (consumable.has(this.name)) {
        const { payload, ...rest } = await redis.hgetall(this.key(id));
        return payload === undefined ? undefined : { ...rest, ...JSON.parse(payload) };
      }
      const stored = await redis.get(this.key(id));
      return stored === null ? undefined : JSON.parse(stored);
    }

    async findByUid(uid) {
      const id = await redis.get(uidKey(uid));
      return id === null ? undefined : this.find(id);
    }

    async findByUserCode(userCode) {
      const id = await redis.get(userCodeKey(userCode));
      return id === null ? undefined : this.find(id);
    }

    async consume(id) {
      await redis.hset(this.key(id), 'consumed', Math.floor(Date.now() / 1000));
    }

    async destroy(id) {
      await redis.del(this.key(id));
    }

    async revokeByGrantId(grantId) {
      const list = grantKey(grantId);
      const keys = await redis.lrange(list, 0, -1);
      await redis.del(...keys, list);
    }
  }
  return (name) => new RedisAdapter(name);
}
