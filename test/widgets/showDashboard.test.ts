import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ManualClock, Milliseconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import { showDashboard } from '../../widgets';

/** An output stream with a terminal's size, collecting what blessed draws. */
function screenSink(cols: number, rows: number): PassThrough & { columns: number; rows: number; text(): string } {
  let written = '';
  const out = Object.assign(new PassThrough(), { columns: cols, rows, isTTY: true, text: (): string => written });
  out.on('data', (d: Buffer) => (written += d.toString()));
  return out;
}

test('showDashboard hands the input back as it found it and holds errors until it closes', async () => {
  const sc = new SparkContext(new SparkConf().setAppName('headless').setMaster('local[2]'));
  const printed: string[] = [];
  const errors: string[] = [];
  const ssc = new StreamingContext(sc, Milliseconds(1000), { clock: 'manual', out: (t) => printed.push(t), err: (t) => errors.push(t) });
  const lines = ssc.queueStream<string>([['a'], ['b']]);
  lines.print();
  lines.foreachRDD((_r, time) => {
    if (time.milliseconds === 2000) throw new Error('failing op');
  });
  ssc.start();

  const input = new PassThrough();
  const prompt: string[] = [];
  const promptListener = (d: Buffer): void => void prompt.push(d.toString());
  input.on('data', promptListener);
  const output = screenSink(100, 30);
  const shown = showDashboard({ ssc, input, output, clock: new ManualClock() });
  assert.equal(input.listeners('data').includes(promptListener), false, 'the prompt does not get keys while the dashboard is up');

  await ssc.advance(2);
  assert.deepEqual(printed, [], 'print() does not write over the dashboard');
  assert.deepEqual(errors, [], 'errors are held while the dashboard is up');
  assert.match(output.text(), /batch interval 1000 ms/);

  input.write('x');
  input.write('q');
  await shown;
  assert.deepEqual(input.listeners('data'), [promptListener]);
  assert.equal(input.listenerCount('keypress'), 0);
  assert.ok(errors.join('').includes('failing op'), 'held errors are written after the dashboard closes');
  input.write('after');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(prompt, ['after'], 'keys pressed on the dashboard never reach the prompt; later ones do');
  await ssc.advance(0);
  ssc.out('back\n');
  assert.deepEqual(printed, ['back\n']);
  await ssc.stop(true);
});
