/** Where long commands report progress: a line that rewrites itself on a terminal, a line a second otherwise. */
export interface ProgressOutput {
  update(line: string): void;
  done(line: string): void;
}

export function progressOn(stream: { write(text: string): unknown; isTTY?: boolean }, intervalMs = 1_000): ProgressOutput {
  let lastPrinted = 0;
  return {
    update(line) {
      if (stream.isTTY) {
        stream.write(`\r\u001b[2K${line}`);
        return;
      }
      const now = Date.now();
      if (now - lastPrinted < intervalMs) return;
      lastPrinted = now;
      stream.write(`${line}\n`);
    },
    done(line) {
      stream.write(stream.isTTY ? `\r\u001b[2K${line}\n` : `${line}\n`);
    },
  };
}

/** "12,345 / 50,000 (24.7%)" for positions in the global log. */
export function shareOf(position: bigint, head: bigint): string {
  const percent = head === 0n ? 100 : Number((position * 1000n) / head) / 10;
  return `${position.toLocaleString('en')} / ${head.toLocaleString('en')} (${percent.toFixed(1)}%)`;
}
