/**
 * The servers under test, each in a child process of its own (its own event loop, apart from
 * the load generator). A child gets an explicit environment, announces its URL over IPC and
 * answers calls (the gateway's preload); see servers/child-protocol.ts for the child's side.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, ParentMessage } from './servers/child-protocol';

export interface ChildServer {
  name: string;
  url: string;
  call<T>(name: string, args: unknown, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const running = new Set<ChildProcess>();

/** Forks `script` with only the given options in its environment and waits until it listens. */
export function startChild(name: string, script: string, options: unknown): Promise<ChildServer> {
  const child = fork(script, [], {
    env: { NODE_ENV: 'production', BENCH_CHILD_OPTIONS: JSON.stringify(options) },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  let nextCall = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message: ChildMessage) => {
    if (message.type !== 'result') return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(`${name}: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited (${signal ?? code}) during a call`));
    pending.clear();
  });

  const server: Omit<ChildServer, 'url'> = {
    name,
    call<T>(callName: string, args: unknown, timeoutMs: number): Promise<T> {
      const id = nextCall++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: ${callName} did not answer within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        send(child, { type: 'call', id, name: callName, args });
      });
    },
    stop: () => stopChild(child, exited),
  };

  return new Promise<ChildServer>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(new Error(`${name} exited (${signal ?? code}) before it listened`));
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'listening') {
        cleanup();
        resolve({ ...server, url: message.url });
      } else if (message.type === 'failed') {
        fail(new Error(`${name} failed to start: ${message.error}`));
      }
    };
    function cleanup() {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
    }
    function fail(error: Error) {
      cleanup();
      void stopChild(child, exited).finally(() => reject(error));
    }
    child.on('exit', onExit);
    child.on('message', onMessage);
  });
}

/** Stops every child still running (at the end, and on a signal or the watchdog). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, new Promise<void>((resolve) => child.once('exit', () => resolve())))));
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function send(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}
