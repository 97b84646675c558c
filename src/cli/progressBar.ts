// A one-line progress bar on stderr, redrawn in place; only used when stderr is a terminal.
export class ProgressBar {
  private lastDraw = 0;
  private visible = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(fraction: number, message: string): void {
    const now = Date.now();
    if (now - this.lastDraw < 80 && fraction < 1) return;
    this.lastDraw = now;
    const columns = Math.max(40, this.stream.columns ?? 80);
    const width = 24;
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    const percent = `${Math.floor(fraction * 100)}`.padStart(3);
    let line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${message}`;
    if (line.length > columns - 1) line = line.slice(0, columns - 2) + '…';
    this.stream.write(`\r\x1b[2K${line}`);
    this.visible = true;
  }

  clear(): void {
    if (this.visible) this.stream.write('\r\x1b[2K');
    this.visible = false;
  }
}
