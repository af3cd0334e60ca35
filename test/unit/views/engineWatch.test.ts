import * as assert from 'node:assert/strict';
import type { EngineEvent, EngineResult, EventStream } from '../../../src/core/engine';
import { EventSource, watchEngine } from '../../../src/core/views/engineWatch';

const settle = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const imageEvent: EngineEvent = { type: 'image', action: 'tag', id: 'sha256:1', attributes: {} };

/** An engine whose event streams the test drives: send events, end the stream, refuse connections. */
function scriptedEngine() {
  const streams: Array<{ emit: (event: EngineEvent) => void; end: (result: EngineResult<void>) => void; stopped: boolean }> = [];
  let reachable = true;
  let connects = 0;
  const source: EventSource = {
    events(_filters, onEvent): EventStream {
      let end!: (result: EngineResult<void>) => void;
      const done = new Promise<EngineResult<void>>(resolve => { end = resolve; });
      const stream = { emit: onEvent, end, stopped: false };
      streams.push(stream);
      return { stop: () => { stream.stopped = true; end({ ok: true, value: undefined }); }, done };
    },
  };
  return {
    streams,
    get connects() { return connects; },
    setReachable(value: boolean) { reachable = value; },
    connect: async (): Promise<EngineResult<EventSource>> => {
      connects++;
      return reachable ? { ok: true, value: source } : { ok: false, error: { category: 'no-engine', message: 'no container engine answers' } };
    },
  };
}

describe('engine watch (view refresh on engine events)', () => {
  it('calls onChange once per burst of events', async () => {
    const engine = scriptedEngine();
    let changes = 0;
    const watch = watchEngine({ connect: engine.connect, filters: { type: ['image'] }, onChange: () => changes++, debounceMs: 30 });
    await settle(10);
    for (let i = 0; i < 20; i++) engine.streams[0]!.emit(imageEvent);
    await settle(80);
    assert.equal(changes, 1);
    engine.streams[0]!.emit(imageEvent);
    await settle(80);
    assert.equal(changes, 2);
    watch.stop();
    assert.equal(engine.streams[0]!.stopped, true);
  });

  it('reconnects with a growing pause when the engine goes away, and loads again when it is back', async () => {
    const engine = scriptedEngine();
    let changes = 0;
    const connections: boolean[] = [];
    const watch = watchEngine({ connect: engine.connect, filters: {}, onChange: () => changes++, onConnection: connected => connections.push(connected), debounceMs: 5, initialBackoffMs: 20, maxBackoffMs: 200 });
    await settle(10);
    engine.setReachable(false);
    engine.streams[0]!.end({ ok: false, error: { category: 'network', message: 'the event stream ended' } });
    await settle(30);
    assert.equal(changes, 1, 'the view shows that the engine is gone');
    await settle(150);
    const whileAway = engine.connects;
    assert.ok(whileAway >= 2 && whileAway <= 5, `${whileAway} connection attempts in ~180 ms with a doubling pause from 20 ms`);
    engine.setReachable(true);
    await settle(250);
    assert.equal(engine.streams.length, 2, 'a new stream after the engine came back');
    assert.equal(changes, 2, 'and the view loads again');
    assert.deepEqual(connections, [true, false, true]);
    watch.stop();
  });

  it('calls nothing after stop, even with a change pending or a pause running', async () => {
    const engine = scriptedEngine();
    let changes = 0;
    const watch = watchEngine({ connect: engine.connect, filters: {}, onChange: () => changes++, debounceMs: 20, initialBackoffMs: 10 });
    await settle(5);
    engine.streams[0]!.emit(imageEvent);
    watch.stop();
    await settle(60);
    assert.equal(changes, 0);
    const connects = engine.connects;
    await settle(40);
    assert.equal(engine.connects, connects);
  });
});
