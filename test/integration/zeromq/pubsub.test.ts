/**
 * Checks that the zeromq npm package (native addon, prebuilt inside the
 * package) loads on this machine and really moves a multipart message from a
 * PUB socket to a SUB socket over TCP on 127.0.0.1.
 *
 *   node --require ts-node/register/transpile-only --test test/integration/zeromq/pubsub.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zmq from 'zeromq';

test('zeromq PUB -> SUB delivers a multipart message over tcp://127.0.0.1', { timeout: 30_000 }, async (t) => {
  const pub = new zmq.Publisher({ linger: 0 });
  const sub = new zmq.Subscriber({ linger: 0 });
  try {
    await pub.bind('tcp://127.0.0.1:*'); // the OS picks a free port
    const endpoint = pub.lastEndpoint;
    assert.ok(endpoint !== null && endpoint.startsWith('tcp://127.0.0.1:'), `bound to ${endpoint}`);
    sub.connect(endpoint);
    sub.subscribe('eddy');

    // PUB drops messages until the subscription has reached it ("slow
    // joiner"), so publish until the first one arrives, at most 5 s.
    const received = sub.receive();
    let arrived = false;
    void received.then(() => (arrived = true), () => undefined);
    const deadline = Date.now() + 5000;
    let sent = 0;
    while (!arrived && Date.now() < deadline) {
      await pub.send(['eddy', 'batch-1', Buffer.from([0, 1, 2, 255])]);
      sent++;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(arrived, 'no message arrived within 5 s');
    const frames = await received;
    assert.deepEqual(
      frames.map((f) => [...f]),
      [[...Buffer.from('eddy')], [...Buffer.from('batch-1')], [0, 1, 2, 255]],
    );
    t.diagnostic(`zeromq ${zmq.version} (libzmq) on ${endpoint}, ${sent} publish(es) until the subscription took`);
  } finally {
    sub.close();
    pub.close();
  }
});
