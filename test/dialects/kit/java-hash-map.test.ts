import { JavaHashMap, javaStringHash } from '../../../dialects/kit/jvm';

/**
 * The claim orders below were produced by the real JDK HashMap + Jackson (reference part A.5
 * and A.7, and a 2017 token from a live Spring deployment); the simulation must reproduce them.
 */
describe('Java HashMap iteration order', () => {
  const keys = (map: JavaHashMap) => Object.keys(map.toObject());
  const user = (): Array<[string, unknown]> => [['user_name', 'u'], ['authorities', []]];

  it('hashes strings as java.lang.String does', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('Aa')).toBe(javaStringHash('BB'));
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });

  it.each([
    ['client token with the seed\'s principal', () => new JavaHashMap().put('scope', 1).put('jti', 1).put('exp', 1).putAll([['principal', 1], ['jti', 1]]).put('client_id', 1), ['principal', 'scope', 'exp', 'jti', 'client_id']],
    ['client token with authorities', () => new JavaHashMap().put('authorities', 1).put('scope', 1).put('jti', 1).put('exp', 1).putAll([['jti', 1]]).put('client_id', 1), ['scope', 'exp', 'authorities', 'jti', 'client_id']],
    ['user token (putAll pre-sizes the table to 4)', () => new JavaHashMap().putAll(user()).put('scope', 1).put('jti', 1).put('exp', 1).putAll([['jti', 1]]).put('client_id', 1), ['exp', 'user_name', 'authorities', 'jti', 'client_id', 'scope']],
    ['user token with aud', () => new JavaHashMap().putAll(user()).put('scope', 1).put('jti', 1).put('exp', 1).putAll([['jti', 1]]).put('client_id', 1).put('aud', 1), ['aud', 'user_name', 'scope', 'exp', 'authorities', 'jti', 'client_id']],
    ['refresh token', () => new JavaHashMap().putAll(user()).put('scope', 1).put('jti', 1).put('exp', 1).putAll([['jti', 1], ['ati', 1]]).put('client_id', 1), ['user_name', 'scope', 'ati', 'exp', 'authorities', 'jti', 'client_id']],
    ['check_token, opaque user token', () => new JavaHashMap().putAll(user()).put('scope', 1).put('exp', 1).put('client_id', 1).put('active', true), ['active', 'exp', 'user_name', 'authorities', 'client_id', 'scope']],
    ['check_token, opaque client token', () => new JavaHashMap().put('scope', 1).put('exp', 1).put('client_id', 1).put('active', true), ['scope', 'active', 'exp', 'client_id']],
  ])('%s', (_name, build, expected) => {
    expect(keys(build())).toEqual(expected);
  });

  it('grows the table as the JDK does: 2 user claims pre-size to 4, then 8 and 16', () => {
    const map = new JavaHashMap().putAll(user());
    expect(map.tableSize).toBe(4);
    map.put('a', 1).put('b', 1);
    expect(map.tableSize).toBe(8);
    map.put('c', 1).put('d', 1).put('e', 1);
    expect(map.tableSize).toBe(16);
    expect(new JavaHashMap().put('x', 1).tableSize).toBe(16);
  });
});
