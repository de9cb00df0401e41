import { BcryptAdmission } from '../../src/core/secrets/admission';

/** A task that finishes when told to, and records when it started. */
function gate(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => (started.push(name), done.then(() => name)), finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('bcrypt admission control', () => {
  it('runs as many checks as there are workers, then good requests before suspect ones', async () => {
    const admission = new BcryptAdmission(2, { maxWaitMs: 10_000, suspectMaxWaitMs: 10_000, maxQueue: 100 }, 1);
    const started: string[] = [];
    const [a, b, s1, n1] = ['a', 'b', 's1', 'n1'].map((name) => gate(started, name));
    const runs = [admission.run('normal', a.task), admission.run('normal', b.task), admission.run('suspect', s1.task), admission.run('normal', n1.task)];
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(admission.queued).toBe(2);
    a.finish();
    await tick();
    // The good request queued after the suspect one goes first.
    expect(started).toEqual(['a', 'b', 'n1']);
    b.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'n1', 's1']);
    n1.finish();
    s1.finish();
    expect(await Promise.all(runs)).toEqual(['a', 'b', 's1', 'n1']);
    expect(admission.active).toBe(0);
  });

  it('never lets suspect checks take the last free worker', async () => {
    const admission = new BcryptAdmission(2, { maxWaitMs: 10_000, suspectMaxWaitMs: 10_000, maxQueue: 100 }, 1);
    const started: string[] = [];
    const [s1, s2, n1] = ['s1', 's2', 'n1'].map((name) => gate(started, name));
    const runs = [admission.run('suspect', s1.task), admission.run('suspect', s2.task)];
    await tick();
    expect(started).toEqual(['s1']);
    const good = admission.run('normal', n1.task);
    await tick();
    expect(started).toEqual(['s1', 'n1']);
    n1.finish();
    await good;
    await tick();
    // The worker the good request used is free again, but a suspect may not take it while another suspect runs.
    expect(started).toEqual(['s1', 'n1']);
    s1.finish();
    await tick();
    expect(started).toEqual(['s1', 'n1', 's2']);
    s2.finish();
    await Promise.all(runs);
  });

  it('refuses at once a check that would wait longer than its lane allows, or when the queue is full', async () => {
    // Seeded at 100 ms a check on one worker: the first waiter expects 100 ms, the second 200 ms.
    const admission = new BcryptAdmission(1, { maxWaitMs: 150, suspectMaxWaitMs: 50, maxQueue: 2 }, 100);
    const seen: string[] = [];
    admission.observe({ admitted: (lane) => seen.push(`admitted ${lane}`), refused: (lane) => seen.push(`refused ${lane}`) });
    const started: string[] = [];
    const running = gate(started, 'running');
    const first = admission.run('normal', running.task);
    const waiting = gate(started, 'waiting');
    const queued = admission.run('normal', waiting.task);
    await expect(admission.run('normal', async () => 'late')).rejects.toMatchObject({ code: 'server_unavailable', reason: 'overloaded', retryAfter: 1 });
    await expect(admission.run('suspect', async () => 'suspect')).rejects.toMatchObject({ reason: 'overloaded' });
    expect(admission.queued).toBe(1);
    running.finish();
    waiting.finish();
    expect(await Promise.all([first, queued])).toEqual(['running', 'waiting']);
    expect(seen).toEqual(['admitted normal', 'refused normal', 'refused suspect', 'admitted normal']);

    const full = new BcryptAdmission(1, { maxWaitMs: 10_000, suspectMaxWaitMs: 10_000, maxQueue: 1 }, 1);
    const hold = gate(started, 'hold');
    const held = full.run('normal', hold.task);
    const next = full.run('normal', async () => 'next');
    await expect(full.run('normal', async () => 'over')).rejects.toMatchObject({ reason: 'overloaded' });
    hold.finish();
    expect(await Promise.all([held, next])).toEqual(['hold', 'next']);
  });

  it('gives up on a check that waited its whole bound, and keeps the worker count right', async () => {
    const admission = new BcryptAdmission(1, { maxWaitMs: 30, suspectMaxWaitMs: 30, maxQueue: 10 }, 1);
    const started: string[] = [];
    const long = gate(started, 'long');
    const first = admission.run('normal', long.task);
    const starved = admission.run('normal', async () => 'never');
    await expect(starved).rejects.toMatchObject({ reason: 'overloaded' });
    expect(admission.queued).toBe(0);
    long.finish();
    await first;
    expect(admission.active).toBe(0);
    expect(await admission.run('normal', async () => 'after')).toBe('after');
  });
});
