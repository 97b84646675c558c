// The shared request/reply channel, as the webview's end uses it (no handshake) and as the host's
// does (handshake, gate): ids, replies routed by inReplyTo, timeouts, cancellation, reset and close.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel, type Port } from '../../../src/shared/messageChannel';

type Msg = { type: string; id: number; inReplyTo?: number; value?: number };

class Wire implements Port {
  posted: Msg[] = [];
  private listener?: (raw: unknown) => void;
  post(message: unknown) {
    this.posted.push(message as Msg);
  }
  listen(listener: (raw: unknown) => void) {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  deliver(message: unknown) {
    this.listener?.(message);
  }
}

const acceptAll = (raw: unknown) => (typeof raw === 'object' && raw !== null && typeof (raw as Msg).type === 'string' && typeof (raw as Msg).id === 'number' ? (raw as Msg) : undefined);

describe('MessageChannel', () => {
  it('numbers messages and routes a reply to its request; other messages go to onMessage', async () => {
    const wire = new Wire();
    const channel = new MessageChannel<Msg, Msg>(wire, { accept: acceptAll });
    const seen: Msg[] = [];
    channel.onMessage = (m) => seen.push(m);
    const first = channel.post({ type: 'hello' });
    const answer = channel.request({ type: 'ask' });
    assert.deepEqual(wire.posted.map((m) => m.id), [first, (first as number) + 1]);
    wire.deliver({ type: 'news', id: 7 });
    wire.deliver({ type: 'reply', id: 8, inReplyTo: wire.posted[1].id, value: 42 });
    assert.equal((await answer).value, 42);
    assert.deepEqual(seen.map((m) => m.type), ['news']);
    assert.equal(channel.pendingCount, 0);
  });

  it('drops what the gate refuses, and a stray reply to no request', () => {
    const wire = new Wire();
    const channel = new MessageChannel<Msg, Msg>(wire, { accept: (raw) => (acceptAll(raw)?.type === 'ok' ? (raw as Msg) : undefined) });
    const seen: Msg[] = [];
    channel.onMessage = (m) => seen.push(m);
    wire.deliver({ type: 'evil', id: 1 });
    wire.deliver('garbage');
    wire.deliver({ type: 'ok', id: 2, inReplyTo: 999 });
    wire.deliver({ type: 'ok', id: 3 });
    assert.deepEqual(seen.map((m) => m.id), [3]);
  });

  it('times out, and cancels with an AbortSignal (before and after posting)', async () => {
    const wire = new Wire();
    const channel = new MessageChannel<Msg, Msg>(wire, { accept: acceptAll, timeoutMs: 20 });
    await assert.rejects(channel.request({ type: 'slow' }), /no reply to "slow" within/);
    const controller = new AbortController();
    const pending = channel.request({ type: 'ask' }, { signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
    await assert.rejects(channel.request({ type: 'ask' }, { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
    assert.equal(channel.pendingCount, 0);
    // A late reply to the cancelled request is ignored.
    wire.deliver({ type: 'reply', id: 1, inReplyTo: wire.posted[1].id });
  });

  it('with a handshake: silent until it arrives, resets owed replies on every new handshake, closes cleanly', async () => {
    const wire = new Wire();
    const channel = new MessageChannel<Msg, Msg>(wire, { accept: acceptAll, handshake: 'ready' });
    const seen: Msg[] = [];
    let handshakes = 0;
    channel.onMessage = (m) => seen.push(m);
    channel.onHandshake = () => handshakes++;
    assert.equal(channel.post({ type: 'early' }), undefined);
    await assert.rejects(channel.request({ type: 'early' }), /not ready/);
    wire.deliver({ type: 'command', id: 1 });
    assert.equal(seen.length, 0);
    wire.deliver({ type: 'ready', id: 2 });
    assert.equal(handshakes, 1);
    assert.ok(channel.isReady);
    const owed = channel.request({ type: 'png' });
    wire.deliver({ type: 'ready', id: 3 });
    await assert.rejects(owed, /reloaded/);
    const open = channel.request({ type: 'png' });
    channel.dispose();
    await assert.rejects(open, /closed/);
    assert.equal(channel.post({ type: 'late' }), undefined);
    wire.deliver({ type: 'command', id: 4 });
    assert.equal(seen.length, 0);
  });
});
