import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerOf } from '../http/params';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether an `Authorization` header carries the expected bearer token. Both sides are hashed
 * first, so the comparison takes the same time whatever the length or the content presented.
 */
export function bearerChecker(expected: string): (authorization: string | undefined) => boolean {
  const want = digest(expected);
  return (authorization) => {
    const token = bearerOf(authorization);
    return token !== undefined && timingSafeEqual(digest(token), want);
  };
}
