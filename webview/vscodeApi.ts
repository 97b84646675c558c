// The webview's end of the protocol: posting with ids, replies, and the persisted panel state.
import type { HostMessage, PanelState, WebviewMessage } from '../src/shared/webviewProtocol';
import { validatePanelState } from '../src/shared/webviewProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type Outgoing = DistributiveOmit<WebviewMessage, 'id'>;

const api = acquireVsCodeApi();
let nextId = 1;
const waiting = new Map<number, (reply: Extract<HostMessage, { type: 'reply' }>) => void>();

export function post(message: Outgoing): number {
  const id = nextId++;
  api.postMessage({ ...message, id });
  return id;
}

/** Posts a request and resolves with the host's `reply`. */
export function request(message: Outgoing): Promise<Extract<HostMessage, { type: 'reply' }>> {
  const id = post(message);
  return new Promise((resolve) => waiting.set(id, resolve));
}

/** Routes a host reply to its request; returns false for other messages. */
export function settleReply(message: HostMessage): boolean {
  if (message.type !== 'reply') return false;
  const resolve = waiting.get(message.inReplyTo);
  waiting.delete(message.inReplyTo);
  resolve?.(message);
  return true;
}

export function loadState(): PanelState | null {
  const state = api.getState();
  return validatePanelState(state) ? state : null;
}

export function saveState(state: PanelState): void {
  api.setState(state);
}
