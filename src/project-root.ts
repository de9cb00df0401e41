import { existsSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The folder holding package.json, whether running from src/ (tests) or dist/ (built). */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'schemas'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json next to schemas/)');
    dir = parent;
  }
  return (cached = dir);
}
