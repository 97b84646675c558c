// The gate every message from a webview passes through: valid messages are handed on, anything else
// (unknown type, wrong fields, too large, not from our script) is dropped and logged, never acted on.
// Pure (takes a logger), so node tests can throw garbage at it.
import { describe, validateWebviewMessage, type WebviewMessage } from '../../shared/webviewProtocol';

export interface DropLogger {
  warn(message: string): void;
}

export class MessageGate {
  dropped = 0;
  private loggedDrops = 0;

  constructor(private readonly log: DropLogger, private readonly source: string, private readonly maxLoggedDrops = 50) {}

  /** The message if it is valid, else undefined (dropped and logged). */
  accept(raw: unknown): WebviewMessage | undefined {
    let result;
    try {
      result = validateWebviewMessage(raw);
    } catch (error) {
      // A getter or proxy on the message threw: that is not our webview either.
      result = { ok: false as const, reason: `validator threw on ${describe(raw)}: ${String(error)}` };
    }
    if (result.ok) return result.message;
    this.dropped++;
    // Log the first few drops in full, then every 100th, so a flooding page cannot flood the log.
    if (this.loggedDrops < this.maxLoggedDrops || this.dropped % 100 === 0) {
      this.loggedDrops++;
      this.log.warn(`dropped a message from the ${this.source} panel: ${result.reason}`);
    }
    return undefined;
  }
}
