/**
 * Keeps graphile-worker's job queue running across database outages (issue 17).
 *
 * graphile-worker gives a pool up for good when it can't record a job's end (the database went
 * away): the pool shuts down and its runner is done. We then start a new queue once the database
 * answers, after freeing the jobs the dead pool still holds locked.
 *
 * Why we don't wait for the dead runner's promise: in graphile-worker 0.17.3 that promise can
 * stay pending for good. Its batcher (completeJobBatchDelay) raises "backpressure" when a batch
 * fails and counts it in `pending`; after two failed batches the count never returns to 0, so
 * `releaseCompleteJob()` inside `terminate()` never resolves (see graphile/worker#636: the retry
 * loop of `batch()` exits on the first failure, and the backpressure is never released). That was
 * the fault test's "queue sometimes doesn't resume": the pool was shut down, no worker was left,
 * and nothing started a new one. So the pool's `pool:gracefulShutdown` event starts the restart,
 * and our own count of the dead queue's running tasks says when its runs have been handed back.
 */
import { EventEmitter } from 'node:events';
import type { Runner, WorkerEventMap, WorkerEvents } from 'graphile-worker';
import { isDatabaseUnavailable, type OutageGate } from '../db/availability';
import { RunAborted } from './execute-node';

/** How long a stopping queue may take once none of its tasks runs any more. */
const STOP_AFTER_IDLE_MS = 10_000;

/** One started queue: the pools it created and the tasks it is running. */
export class QueueGeneration {
  private readonly controller = new AbortController();
  /** graphile-worker pool ids (they lock its jobs). */
  readonly poolIds: string[] = [];
  private running = 0;
  private readonly idle: Array<() => void> = [];

  /** Aborted (RunAborted 'shutdown') when this queue lost the database: its runs are handed back. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  lose(): void {
    if (!this.signal.aborted) this.controller.abort(new RunAborted('shutdown'));
  }

  /** Runs a task of this queue, counted so a restart can wait until none is left. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  whenIdle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
}

export interface QueueSupervisorOptions {
  /** Starts graphile-worker with these events (pool creation and shutdown are read from them). */
  start(events: WorkerEvents): Promise<Runner>;
  outage: OutageGate;
  /** Frees the jobs a dead queue's pools still hold locked, so their runs resume. */
  releaseJobs(poolIds: string[]): Promise<unknown>;
  log(message: string): void;
}

export interface QueueSupervisor {
  /** The queue running now (tasks read it when they start). */
  generation(): QueueGeneration;
  /** Starts the first queue. */
  start(): Promise<void>;
  /** Stops the current queue; no restart after it. */
  stop(): Promise<void>;
  /** Resolves if a queue can't be started again (an error other than an outage). */
  done: Promise<void>;
}

export function superviseQueue(options: QueueSupervisorOptions): QueueSupervisor {
  const { log } = options;
  const stopped = new AbortController();
  let current = { generation: new QueueGeneration(), runner: null as Runner | null };
  let giveUp: () => void = () => {};
  const done = new Promise<void>((resolve) => (giveUp = resolve));

  async function launch(): Promise<void> {
    const generation = current.runner ? new QueueGeneration() : current.generation;
    current = { generation, runner: null };
    let down: (why: string) => void = () => {};
    const lost = new Promise<string>((resolve) => (down = resolve));
    const events: WorkerEvents = new EventEmitter();
    events.on('pool:create', ({ workerPool }) => generation.poolIds.push(workerPool.id));
    returnWaitingJobsOnShutdown(events);
    // The pool gave up (it could not record a job's end): its tasks hand their runs back now
    // rather than finish into a queue that is shutting down.
    events.on('pool:gracefulShutdown', ({ message }) => {
      if (stopped.signal.aborted) return;
      generation.lose();
      down(message);
    });
    const runner = await options.start(events);
    current.runner = runner;
    runner.promise.then(
      () => down('it stopped'),
      (error: unknown) => down(String(error)),
    );
    if (stopped.signal.aborted) await runner.stop().catch(() => {});
    void lost.then((why) => restart(generation, why));
  }

  async function restart(generation: QueueGeneration, why: string): Promise<void> {
    if (stopped.signal.aborted || current.generation !== generation) return;
    generation.lose();
    log(`The job queue stopped (${why.split('\n')[0]}); starting it again once the database answers.`);
    // Its jobs are unlocked below: none of its tasks may still be running them.
    await generation.whenIdle();
    for (;;) {
      try {
        await options.outage.wait(stopped.signal);
        await options.releaseJobs(generation.poolIds);
        if (stopped.signal.aborted) return;
        await launch();
        log('The job queue is running again.');
        return;
      } catch (error) {
        if (stopped.signal.aborted) return;
        if (isDatabaseUnavailable(error)) continue;
        log(`The job queue could not start again: ${String(error)}`);
        return giveUp();
      }
    }
  }

  return {
    generation: () => current.generation,
    start: launch,
    async stop() {
      stopped.abort();
      const { generation, runner } = current;
      // A queue that lost the database may never finish stopping (see above): don't wait on
      // it, only on its tasks (already told to hand their runs back).
      if (!runner || generation.signal.aborted) {
        void runner?.stop().catch(() => {});
        return generation.whenIdle();
      }
      // The same batcher can keep a healthy pool's stop() pending for good when a batch failed
      // (a deadlock under load, say): once our tasks are done, give it a bounded time only. The
      // worker frees whatever its pools still hold afterwards.
      const stopping = runner.stop().catch(() => {});
      let timer: NodeJS.Timeout | undefined;
      const bounded = generation.whenIdle().then(() => new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_AFTER_IDLE_MS))));
      await Promise.race([stopping, bounded]);
      clearTimeout(timer);
    },
    done,
  };
}

/**
 * Works around graphile-worker 0.17.3 releasing a local queue that holds jobs no worker took yet
 * (mode WAITING: every worker busy, as after an outage, when runs wait for the database): its
 * release marks the queue RELEASED first and only then returns the jobs, which it refuses to do
 * once released with nothing else in flight ("Cannot background something when the queue is
 * already released"). The queue then never finishes releasing and its jobs stay locked. The
 * pool announces its shutdown synchronously just before it releases the queue, so at that moment
 * the queue's own TTL expiry is run instead: it returns the jobs while it still may, and the
 * release that follows finds nothing to return and ends once they are back.
 */
function returnWaitingJobsOnShutdown(events: WorkerEvents): void {
  let queue: WorkerEventMap['localQueue:init']['localQueue'] | null = null;
  events.on('localQueue:init', ({ localQueue }) => {
    queue = localQueue;
  });
  events.on('pool:gracefulShutdown', () => {
    if (queue?.mode !== 'WAITING') return;
    // Private in the typings; called only in WAITING mode, which its assertions require.
    const expire: unknown = Reflect.get(queue, 'setModeTtlExpired');
    if (typeof expire === 'function') expire.call(queue);
  });
}
