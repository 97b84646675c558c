// One typed request/reply channel for both ends of the host <-> webview connection:
// - every message carries a numeric `id`; a reply names the request it answers in `inReplyTo`;
// - request() resolves with the reply, or rejects when it times out, is cancelled (AbortSignal), or
//   the channel is reset (the page reloaded) or disposed;
// - a handshake: with `handshake` set (the host's side), nothing is posted and nothing but the
//   handshake message is accepted until it arrives (a message posted to a page that has not loaded is
//   lost); every handshake (a reloaded page) rejects the replies still owed by the previous page;
// - a gate: every incoming message passes `accept` first (the host validates the untrusted webview's
//   messages there; what it refuses never reaches a handler).
// No `vscode`, no DOM: both ends (and node tests) give it a Port.

export interface Port {
  post(message: unknown): void;
  listen(listener: (raw: unknown) => void): { dispose(): void };
}

export interface Numbered {
  type: string;
  id: number;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A message as a caller writes it: the channel numbers it. */
export type Outgoing<T> = WithoutId<T>;

export interface ChannelOptions<In extends Numbered> {
  /** The gate: the message if it is valid, else undefined (the channel drops it). */
  accept(raw: unknown): In | undefined;
  /** Type of the handshake message the other end sends first; without it the channel is ready at once. */
  handshake?: In['type'];
  /** Default time a request waits for its reply. */
  timeoutMs?: number;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Pending<In> {
  resolve(message: In): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  cleanup(): void;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export class MessageChannel<Out extends Numbered, In extends Numbered> {
  /** Every accepted message that is neither the handshake nor a reply. */
  onMessage: (message: In) => void = () => {};
  /** Every handshake (the first one, and one per reload of the other end). */
  onHandshake: (message: In) => void = () => {};

  private nextId = 1;
  private ready: boolean;
  private disposed = false;
  private readonly pending = new Map<number, Pending<In>>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly port: Port, private readonly options: ChannelOptions<In>) {
    this.ready = options.handshake === undefined;
    this.subscription = port.listen((raw) => this.receive(raw));
  }

  get isReady(): boolean {
    return this.ready && !this.disposed;
  }

  /** Posts a message and returns its id; undefined (nothing posted) before the handshake or after dispose. */
  post(message: Outgoing<Out>): number | undefined {
    if (!this.isReady) return undefined;
    const id = this.nextId++;
    try {
      this.port.post({ ...message, id });
    } catch {
      // The other end is gone (a closed panel): the message is lost, as any message to it would be.
    }
    return id;
  }

  /** Posts a request and resolves with the reply (the incoming message whose `inReplyTo` is its id). */
  request(message: Outgoing<Out>, options: RequestOptions = {}): Promise<In> {
    if (options.signal?.aborted) return Promise.reject(abortError());
    const id = this.post(message);
    if (id === undefined) return Promise.reject(new Error(this.disposed ? 'the channel is closed' : 'the other end is not ready'));
    return new Promise<In>((resolve, reject) => {
      const onAbort = () => this.settle(id, abortError());
      const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
      const timer = setTimeout(() => this.settle(id, new Error(`no reply to "${message.type}" within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, { resolve, reject, timer, cleanup: () => options.signal?.removeEventListener('abort', onAbort) });
    });
  }

  /** Requests still waiting for a reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.rejectAll('the channel was closed');
    this.subscription.dispose();
  }

  private receive(raw: unknown): void {
    if (this.disposed) return;
    const message = this.options.accept(raw);
    if (!message) return;
    if (this.options.handshake !== undefined && message.type === this.options.handshake) {
      // A (re)loaded page: replies owed by the previous page will never come.
      this.rejectAll('the other end was reloaded');
      this.ready = true;
      this.onHandshake(message);
      return;
    }
    if (!this.ready) return;
    const inReplyTo = (message as { inReplyTo?: unknown }).inReplyTo;
    if (typeof inReplyTo === 'number') {
      this.settle(inReplyTo, undefined, message);
      return;
    }
    this.onMessage(message);
  }

  private settle(id: number, error: Error | undefined, message?: In): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    waiting.cleanup();
    if (error) waiting.reject(error);
    else waiting.resolve(message as In);
  }

  private rejectAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, new Error(reason));
  }
}

function abortError(): Error {
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}
