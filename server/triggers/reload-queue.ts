/**
 * Reload requests of the trigger supervisor, coalesced: requests that arrive while a reload runs
 * are served together by the next pass (one workflow, several, or everything), and a pass that
 * could not read the database is tried again after a pause.
 */
export interface ReloadQueue {
  /** Asks for a reload of one workflow, or of everything when no id is given. */
  request(workflowId?: string): void;
  /** Resolves when no reload is pending or running. */
  settled(): Promise<void>;
  /** No reload starts after this; resolves when the one running (if any) ends. */
  stop(): Promise<void>;
}

export interface ReloadQueueOptions {
  reloadAll(): Promise<void>;
  reloadOne(workflowId: string): Promise<void>;
  log(message: string): void;
  retryMs: number;
}

export function createReloadQueue(options: ReloadQueueOptions): ReloadQueue {
  const pendingIds = new Set<string>();
  const state = { all: false, stopped: false, draining: null as Promise<void> | null };
  let retryTimer: NodeJS.Timeout | undefined;

  const request = (workflowId?: string) => {
    if (state.stopped) return;
    if (workflowId) pendingIds.add(workflowId);
    else state.all = true;
    state.draining ??= drain().finally(() => (state.draining = null));
  };

  const drain = async (): Promise<void> => {
    while (!state.stopped && (state.all || pendingIds.size > 0)) {
      const all = state.all;
      const ids = [...pendingIds];
      state.all = false;
      pendingIds.clear();
      try {
        if (all) await options.reloadAll();
        else for (const id of ids) await options.reloadOne(id);
      } catch (err) {
        options.log(`Could not read the active workflows (${(err as Error).message}); trying again in ${options.retryMs / 1000} s.`);
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => request(), options.retryMs);
        retryTimer.unref();
      }
    }
  };

  return {
    request,
    async settled() {
      while (state.draining) await state.draining;
    },
    async stop() {
      state.stopped = true;
      clearTimeout(retryTimer);
      await state.draining;
    },
  };
}
