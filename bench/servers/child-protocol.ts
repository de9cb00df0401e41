/** The child's side of the bench's IPC: its options, the URL it listens on, calls, and stopping. */

export type ParentMessage = { type: 'call'; id: number; name: string; args: unknown };
export type ChildMessage =
  | { type: 'listening'; url: string }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string };

export type CallHandlers = Record<string, (args: never) => Promise<unknown>>;

export function childOptions<T>(): T {
  const raw = process.env.BENCH_CHILD_OPTIONS;
  if (!raw) throw new Error('BENCH_CHILD_OPTIONS is not set: this script is started by the bench');
  return JSON.parse(raw) as T;
}

/**
 * Tells the parent where the server listens, answers its calls, and runs `close` on SIGTERM
 * or when the parent goes away (so no child outlives the bench).
 */
export function serveParent(url: string, close: () => Promise<void>, handlers: CallHandlers = {}): void {
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'call') return;
    const handler = handlers[message.name] as ((args: unknown) => Promise<unknown>) | undefined;
    const answer = handler ? handler(message.args) : Promise.reject(new Error(`no call named ${message.name}`));
    answer.then(
      (value) => reply({ type: 'result', id: message.id, ok: true, value }),
      (error: unknown) => reply({ type: 'result', id: message.id, ok: false, error: errorText(error) }),
    );
  });
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${errorText(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => undefined); // the parent decides when to stop, after a Ctrl-C too
  process.on('disconnect', stop);
  reply({ type: 'listening', url });
}

/** Reports a start-up failure and exits once the parent has the message. */
export function failStart(error: unknown): void {
  const message: ChildMessage = { type: 'failed', error: errorText(error) };
  if (process.send) process.send(message, () => process.exit(1));
  else process.exit(1);
}

function reply(message: ChildMessage): void {
  process.send?.(message);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
