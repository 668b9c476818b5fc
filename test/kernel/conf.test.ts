import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Milliseconds, Minutes, Seconds, SparkConf, Time, parseDuration } from '../../kernel';

test('duration strings parse as Spark reads them', () => {
  assert.equal(parseDuration('200ms'), 200);
  assert.equal(parseDuration('1s'), 1000);
  assert.equal(parseDuration('2min'), 120_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('250'), 250);
  assert.equal(parseDuration('3', 'x', 's'), 3000);
});

test('a malformed duration names the key and shows valid forms', () => {
  const conf = new SparkConf().set('spark.streaming.blockInterval', '2 parsecs');
  assert.throws(() => conf.getDurationMs('spark.streaming.blockInterval', '200ms'), /spark\.streaming\.blockInterval is set to "2 parsecs"[\s\S]*"200ms"/);
  assert.throws(() => new SparkConf().set('n', 'x').getNumber('n', 1), /not a number/);
  assert.throws(() => new SparkConf().set('b', 'yes').getBoolean('b', false), /"true" or "false"/);
});

test('SparkConf chains and keeps Spark keys', () => {
  const conf = new SparkConf().setAppName('demo').setMaster('local[2]').set('spark.streaming.concurrentJobs', 2);
  assert.equal(conf.get('spark.app.name'), 'demo');
  assert.equal(conf.get('spark.master'), 'local[2]');
  assert.equal(conf.getNumber('spark.streaming.concurrentJobs', 1), 2);
  assert.throws(() => conf.get('spark.missing'), /is not set/);
});

test('Duration and Time arithmetic', () => {
  assert.equal(Seconds(2).milliseconds, 2000);
  assert.equal(Minutes(1).plus(Milliseconds(500)).milliseconds, 60_500);
  assert.equal(Seconds(4).isMultipleOf(Seconds(2)), true);
  assert.equal(Seconds(3).isMultipleOf(Seconds(2)), false);
  assert.equal(new Time(2500).floor(Seconds(1)).milliseconds, 2000);
  assert.deepEqual(new Time(1000).to(new Time(3000), Seconds(1)).map((t) => t.milliseconds), [1000, 2000, 3000]);
  assert.equal(String(new Time(1000)), '1000 ms');
  assert.throws(() => Milliseconds(Number.NaN), /finite/);
});
