/** One benchmark: Eddy against a hand-written baseline measured in the same run. */
export interface BenchResult {
  eddy: number;
  baseline: number;
  /** Extra figures worth printing (peak heap, delays, ...). */
  notes?: Record<string, number | string | boolean>;
}

export interface BenchCase {
  name: string;
  /** Unit of `eddy` and `baseline`, e.g. `lines/s`, `ms`. */
  unit: string;
  /** True when a bigger figure is better (throughput); false for times. Sets how the ratio is taken. */
  higherIsBetter: boolean;
  /** The target for the ratio, for the printed verdict. */
  target: number;
  /** Cases that need a server the machine may lack return a reason to skip here. */
  unavailable?(): string | undefined;
  run(): Promise<BenchResult>;
}

/** ratio > 1 means Eddy is better. */
export function ratioOf(c: BenchCase, r: BenchResult): number {
  return c.higherIsBetter ? r.eddy / r.baseline : r.baseline / r.eddy;
}
