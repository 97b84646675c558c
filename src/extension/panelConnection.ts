// One webview's end of the host<->webview protocol: the ready handshake, message ids, request/reply
// and the validation gate. Takes a minimal port instead of a vscode.Webview so node tests drive it.
import type { HostMessage, WebviewMessage } from '../shared/webviewProtocol';
import type { MessageGate } from './messageValidation';

export interface WebviewPort {
  postMessage(message: unknown): Thenable<boolean> | Promise<boolean>;
  onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type OutgoingMessage = DistributiveOmit<HostMessage, 'id'>;

interface Pending {
  resolve(message: WebviewMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class PanelConnection {
  private ready = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subscription: { dispose(): void };
  private disposed = false;

  /** Called on every `ready` (the first one and after each reload of the webview's content). */
  onReady: (message: Extract<WebviewMessage, { type: 'ready' }>) => void = () => {};
  onMessage: (message: WebviewMessage) => void = () => {};

  constructor(private readonly port: WebviewPort, private readonly gate: MessageGate) {
    this.subscription = port.onDidReceiveMessage((raw) => this.receive(raw));
  }

  get isReady(): boolean {
    return this.ready && !this.disposed;
  }

  /**
   * Posts a message and returns its id; before the handshake nothing is posted (the webview would
   * lose it): the session sends a full snapshot when `ready` arrives instead.
   */
  post(message: OutgoingMessage): number | undefined {
    if (!this.isReady) return undefined;
    const id = this.nextId++;
    void Promise.resolve(this.port.postMessage({ ...message, id })).catch(() => undefined);
    return id;
  }

  /** Posts a request and waits for the webview's reply (a message whose `inReplyTo` is its id). */
  request(message: OutgoingMessage, timeoutMs = 15_000): Promise<WebviewMessage> {
    const id = this.post(message);
    if (id === undefined) return Promise.reject(new Error('the panel is not ready'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('the panel did not answer'));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  private receive(raw: unknown): void {
    if (this.disposed) return;
    const message = this.gate.accept(raw);
    if (!message) return;
    if (message.type === 'ready') {
      // A (re)loaded page: replies owed by the previous page will never come.
      this.rejectPending('the panel was reloaded');
      this.ready = true;
      this.onReady(message);
      return;
    }
    if (!this.ready) return; // nothing but `ready` is accepted before the handshake
    if ('inReplyTo' in message) {
      const waiting = this.pending.get(message.inReplyTo);
      if (waiting) {
        this.pending.delete(message.inReplyTo);
        clearTimeout(waiting.timer);
        waiting.resolve(message);
      }
      return;
    }
    this.onMessage(message);
  }

  private rejectPending(reason: string): void {
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(reason));
    }
    this.pending.clear();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.rejectPending('the panel was closed');
    this.subscription.dispose();
  }
}
