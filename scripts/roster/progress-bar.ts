/** A one-line progress bar on a terminal; silent when the stream is not a TTY (pipes, CI, logs). */
export class ProgressBar {
  private last = -1;
  private readonly started = performance.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
    private readonly width = 30,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(done: number, total: number): void {
    if (!this.enabled || total <= 0) return;
    const pct = Math.min(100, Math.floor((done / total) * 100));
    if (pct === this.last) return;
    this.last = pct;
    const filled = Math.round((pct / 100) * this.width);
    const secs = ((performance.now() - this.started) / 1000).toFixed(1);
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${String(pct).padStart(3)}% ${secs}s`);
  }

  done(): void {
    if (this.enabled && this.last >= 0) this.stream.write('\n');
  }
}
