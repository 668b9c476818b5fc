/**
 * ssc.zeroMQStream against a real PUB socket on tcp://127.0.0.1 (the zeromq package).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zmq from 'zeromq';
import { SparkConf, SparkContext, StreamingContext, Seconds } from '../../../kernel';
import type { ZeroMQRecord } from '../../../kernel';

test('zeroMQStream receives the frames after the topic, only for subscribed topics', { timeout: 30_000 }, async () => {
  const pub = new zmq.Publisher({ linger: 0 });
  await pub.bind('tcp://127.0.0.1:*');
  const endpoint = pub.lastEndpoint as string;
  const sc = new SparkContext(new SparkConf().setMaster('local[2]'));
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => undefined });
  const got: ZeroMQRecord[][] = [];
  ssc.zeroMQStream(endpoint, ['prices', 'news']).foreachRDD(async (rdd) => void got.push(await rdd.collect()));
  ssc.start();
  try {
    // PUB drops messages until the subscription has reached it: send a probe until one arrives.
    let probes = 0;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await pub.send(['prices', 'probe']);
      probes++;
      await new Promise((r) => setTimeout(r, 20));
      await ssc.advance(1);
      if (got.flat().includes('probe')) break;
    }
    assert.ok(got.flat().includes('probe'), `no probe arrived after ${probes} tries`);
    got.length = 0;

    await pub.send(['prices', 'AAPL 1.5']);
    await pub.send(['weather', 'rain']); // not subscribed
    await pub.send(['news', 'headline', 'body']);
    await pub.send(['pricesEU', 'SAP 2']); // a ZeroMQ subscription is a prefix match
    await pub.send(['news']);
    // The receiver stores asynchronously: wait (bounded) until all four are in.
    const want = 4;
    const until = Date.now() + 5000;
    while (got.flat().length < want && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      await ssc.advance(1);
    }
  } finally {
    await ssc.stop(true);
    pub.close();
  }
  assert.deepEqual(got.flat(), ['AAPL 1.5', ['headline', 'body'], 'SAP 2', []]);
});

test('zeroMQStream rejects an endpoint that is not a ZeroMQ URL, saying what one looks like', () => {
  const sc = new SparkContext(new SparkConf().setMaster('local[1]'));
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  assert.throws(() => ssc.zeroMQStream('localhost:5555', []), /tcp:\/\/host:port.*localhost:5555.*tcp:\/\/127\.0\.0\.1:5555/s);
  void sc.stop();
});
