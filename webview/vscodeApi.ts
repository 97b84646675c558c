// The webview's end of the panel connection: the shared request/reply channel
// (src/shared/messageChannel.ts) over VS Code's postMessage, and the persisted panel state.
// Requests time out like the host's; host messages are trusted but must have the protocol's shape.
import { MessageChannel, type Outgoing, type RequestOptions } from '../src/shared/messageChannel';
import { isHostMessage, validatePanelState, type HostMessage, type PanelState, type WebviewMessage } from '../src/shared/webviewProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export const channel = new MessageChannel<WebviewMessage, HostMessage>(
  {
    post: (message) => api.postMessage(message),
    listen: (listener) => {
      const onMessage = (event: MessageEvent) => listener(event.data);
      window.addEventListener('message', onMessage);
      return { dispose: () => window.removeEventListener('message', onMessage) };
    },
  },
  { accept: (raw) => (isHostMessage(raw) ? raw : undefined) },
);

export function post(message: Outgoing<WebviewMessage>): number {
  return channel.post(message) as number;
}

/** Posts a request and resolves with the host's answer (`reply`, or `init` for `ready`). */
export function request(message: Outgoing<WebviewMessage>, options?: RequestOptions): Promise<HostMessage> {
  return channel.request(message, options);
}

export function loadState(): PanelState | null {
  const state = api.getState();
  return validatePanelState(state) ? state : null;
}

export function saveState(state: PanelState): void {
  api.setState(state);
}

/** What the host answered to an action (a `reply`), or why there is no answer (timeout, reload). */
export async function act(message: Outgoing<WebviewMessage>, options?: RequestOptions): Promise<{ ok: boolean; message: string | null }> {
  try {
    const answer = await channel.request(message, options);
    return answer.type === 'reply' ? answer : { ok: false, message: `unexpected answer "${answer.type}"` };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
