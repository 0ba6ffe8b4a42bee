// The import command's progress line. On a terminal it redraws one line (`\r`, the text, then
// clear-to-end-of-line, so that a shorter line leaves nothing of the longer one behind), at most
// every `redrawMs`. Elsewhere (a log file, CI) it writes a plain line every `intervalMs`, without
// control characters.

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** Offers the current text; it is written when it is time to. */
  update(text: string): void;
  /** Ends the line on a terminal, so that what follows starts on a line of its own. */
  done(): void;
}

export function progress(out: ProgressOutput, options: { redrawMs?: number; intervalMs?: number; now?: () => number } = {}): Progress {
  const now = options.now ?? Date.now;
  const tty = out.isTTY === true;
  const every = tty ? (options.redrawMs ?? 200) : (options.intervalMs ?? 5_000);
  // A log gets its first line after one interval, a terminal at once.
  let last = tty ? -Infinity : now();
  let drawn = false;
  return {
    update(text) {
      const t = now();
      if (t - last < every) return;
      last = t;
      if (tty) {
        out.write(`\r${text}\x1b[K`);
        drawn = true;
      } else {
        out.write(`${text}\n`);
      }
    },
    done() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}
