import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { childEnv } from '../../helpers/child-env';

const SCRIPT = path.join(__dirname, 'openid-rp.mjs');

export interface RpError {
  name: string;
  code?: string;
  message: string;
  /** The OAuth error code of a refusal the provider sent. */
  error?: string;
  /** What the library found wrong, where it wraps a lower-level failure. */
  cause?: string;
}

export class RpFailure extends Error {
  constructor(readonly failure: RpError) {
    super(`${failure.name} ${failure.code ?? ''}: ${failure.message}`);
  }
}

/**
 * openid-client in a child process (it is ESM only; jest here loads CommonJS): each call sends
 * one operation of `openid-rp.mjs` and resolves with its answer, or rejects with an `RpFailure`.
 */
export class RelyingParty {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 0;
  private stderr = '';

  constructor() {
    this.child = spawn(process.execPath, [SCRIPT], { env: childEnv() });
    this.child.stderr.on('data', (d) => (this.stderr += d));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as { id: number; value?: unknown; error?: RpError };
      const call = this.pending.get(answer.id)!;
      this.pending.delete(answer.id);
      if (answer.error) call.reject(new RpFailure(answer.error));
      else call.resolve(answer.value);
    });
    this.child.on('exit', (code) => {
      for (const call of this.pending.values()) call.reject(new Error(`the relying party exited (${code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}
