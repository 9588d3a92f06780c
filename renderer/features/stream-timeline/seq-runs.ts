/**
 * The sequence numbers of a filter's matches, in order, stored as runs of consecutive seqs: a filter that
 * keeps most rows (received messages of a server stream) costs a few runs, not one number per row. Room
 * grows by doubling up to `maxRuns`; past that `push` refuses, so memory stays bounded.
 */
export interface SeqRuns {
  /** Matches held (rows of the filtered view). */
  readonly length: number;
  readonly runs: number;
  /** Adds the next match (seqs only grow); false when the run limit is reached. */
  push(seq: number): boolean;
  /** The seq of row `row` (0-based), or undefined past the end. */
  seqAt(row: number): number | undefined;
  /** The row holding `seq`, or undefined when it is not a match. */
  rowOf(seq: number): number | undefined;
  /** Matches with a seq at most `seq`. */
  countUpTo(seq: number): number;
}

export function createSeqRuns(maxRuns: number): SeqRuns {
  let starts = new Uint32Array(16);
  let firstRows = new Uint32Array(16);
  let runs = 0;
  let length = 0;

  /** The last run whose value in `values` is at most `target` (-1 when none). */
  const lastAtMost = (values: Uint32Array, target: number): number => {
    let lo = 0;
    let hi = runs - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((values[mid] as number) <= target) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const runLength = (run: number) => (run + 1 < runs ? (firstRows[run + 1] as number) : length) - (firstRows[run] as number);

  return {
    get length() {
      return length;
    },
    get runs() {
      return runs;
    },
    push(seq) {
      if (runs > 0 && seq === (starts[runs - 1] as number) + runLength(runs - 1)) {
        length++;
        return true;
      }
      if (runs === maxRuns) return false;
      if (runs === starts.length) {
        const size = Math.min(maxRuns, starts.length * 2);
        const grown = new Uint32Array(size);
        grown.set(starts);
        starts = grown;
        const grownRows = new Uint32Array(size);
        grownRows.set(firstRows);
        firstRows = grownRows;
      }
      starts[runs] = seq;
      firstRows[runs] = length;
      runs++;
      length++;
      return true;
    },
    seqAt(row) {
      if (row < 0 || row >= length) return undefined;
      const run = lastAtMost(firstRows, row);
      return (starts[run] as number) + row - (firstRows[run] as number);
    },
    rowOf(seq) {
      const run = lastAtMost(starts, seq);
      if (run < 0) return undefined;
      const offset = seq - (starts[run] as number);
      return offset < runLength(run) ? (firstRows[run] as number) + offset : undefined;
    },
    countUpTo(seq) {
      const run = lastAtMost(starts, seq);
      if (run < 0) return 0;
      return (firstRows[run] as number) + Math.min(runLength(run), seq - (starts[run] as number) + 1);
    },
  };
}
