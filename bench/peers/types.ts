/** A running peer tool, with the benchmark workloads at the same paths in each. */
export interface PeerServer {
  name: string;
  version: string;
  pid: number;
  /** Launch → first 200 from the bench-a hook. */
  firstHookMs: number;
  /** Address of a workload: bench-a, chain-1, chain-100, fanout-50, bigcode. */
  hookUrl(path: string): string;
  stop(): Promise<void>;
}
