// The host's end of a panel's connection: the shared request/reply channel (src/shared/messageChannel.ts)
// over a webview, with the `ready` handshake and the validation gate every webview message passes.
// Takes a minimal port instead of a vscode.Webview so node tests drive it.
import { MessageChannel } from '../../shared/messageChannel';
import type { HostMessage, WebviewMessage } from '../../shared/webviewProtocol';
import type { MessageGate } from './messageValidation';

export interface WebviewPort {
  postMessage(message: unknown): Thenable<boolean> | Promise<boolean>;
  onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
}

export class PanelConnection extends MessageChannel<HostMessage, WebviewMessage> {
  constructor(webview: WebviewPort, gate: MessageGate) {
    super(
      {
        // A closed panel rejects posts: the message is lost, as any message to it would be.
        post: (message) => void Promise.resolve(webview.postMessage(message)).catch(() => undefined),
        listen: (listener) => webview.onDidReceiveMessage(listener),
      },
      { accept: (raw) => gate.accept(raw), handshake: 'ready' },
    );
  }
}
