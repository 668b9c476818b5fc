// Lesson 4: state and timeouts.
// mapWithState keeps one state per key across batches; with a timeout, a key that gets no
// data for that long is called once more with state.isTimingOut() true, then removed.
// In the sensors sample, s05 goes silent from 40 s to 70 s of the recording.
// %%
// :new 1s --manual
// %%
const readings = ssc.sampleStream('sensors', { speed: 5 }).map((r): [string, number] => {
  const [id, value] = r.split(',');
  return [id, Number(value)];
});
// Running mean per sensor; a sensor silent for 5 s of batch time (25 s of recording) times out.
type Mean = { n: number; sum: number };
const spec = StateSpec.function((id: string, value: number | undefined, state: State<Mean>) => {
  if (state.isTimingOut()) return `${id} timed out after ${state.get().n} readings`;
  const s = state.exists() ? state.get() : { n: 0, sum: 0 };
  if (value !== undefined) state.update({ n: s.n + 1, sum: s.sum + value });
  return undefined;
}).timeout(Seconds(5));
const means = readings.mapWithState(spec);
// why: idle keys are found by a full scan of the state, done when the state is checkpointed
// (every 10 batches by default, as in Spark), so a timeout can be reported up to 10 batches
// late. Checkpointing every batch here makes it show on time.
means.checkpoint(Seconds(1));
means.filter((m) => m !== undefined).print();
means.stateSnapshots().count().print();
// updateStateByKey, the older API: returning undefined removes the key.
const perSensor = readings.updateStateByKey((values: number[], total: number | undefined) => (total ?? 0) + values.length);
perSensor.filter(([id]) => id === 's05').print();
// %%
ssc.start();
await ssc.advance(16);
// On the dashboard's print() log (and above): s05's last reading before its silence comes in
// the batch of 8000 ms (40 s of recording, replayed 5x faster). A key times out in the first
// batch more than the timeout after its last update, as in Spark's MapWithStateRDD: the batch
// of 14000 ms prints "s05 timed out after 81 readings" and the state snapshot count drops
// from 8 to 7 there; at 15000 ms s05 speaks again and the count is back to 8.
// updateStateByKey has no timeout: it still holds s05's total, (s05,81), through the silence.
// %%
await ssc.stop(false);
