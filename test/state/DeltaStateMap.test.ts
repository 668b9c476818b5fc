// After Spark's StateMapSuite: copies do not change their parents, chains are compacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeltaStateMap } from '../../kernel';

const all = (m: DeltaStateMap<string, number>): Array<[string, number, number]> =>
  [...m.getAll()].map(([k, e]): [string, number, number] => [k, e.state, e.updateTime]).sort();

test('put, get, remove and getByTime on one layer', () => {
  const m = new DeltaStateMap<string, number>();
  m.put('k1', 100, 1);
  m.put('k2', 200, 2);
  assert.equal(m.get('k1')?.state, 100);
  assert.equal(m.size, 2);
  assert.deepEqual([...m.getByTime(2)].map(([k]) => k), ['k1']);
  m.remove('k1');
  assert.equal(m.get('k1'), undefined);
  assert.equal(m.size, 1);
  m.remove('missing');
  assert.equal(m.size, 1);
});

test('changes to a copy leave the parent as it was', () => {
  const parent = new DeltaStateMap<string, number>();
  parent.put('a', 1, 1);
  parent.put('b', 2, 1);
  const child = parent.copy();
  child.put('a', 10, 2);
  child.remove('b');
  child.put('c', 3, 2);
  assert.deepEqual(all(parent), [['a', 1, 1], ['b', 2, 1]]);
  assert.deepEqual(all(child), [['a', 10, 2], ['c', 3, 2]]);
  assert.equal(child.size, 2);
  assert.equal(child.get('b'), undefined);
  const grandchild = child.copy();
  grandchild.put('b', 5, 3);
  assert.equal(grandchild.get('b')?.state, 5);
  assert.equal(child.get('b'), undefined);
  assert.deepEqual([...grandchild.getByTime(3)].map(([k]) => k).sort(), ['a', 'c']);
});

test('a chain as long as the threshold is flattened on the next copy, keeping every state', () => {
  let m = new DeltaStateMap<string, number>(undefined, 4);
  for (let i = 0; i < 10; i++) {
    m = m.copy();
    m.put(`k${i}`, i, i);
    if (i % 3 === 0) m.remove(`k${i - 1}`);
    assert.ok(m.chainLength <= 4, `chain length ${m.chainLength}`);
  }
  assert.deepEqual(all(m).map(([k]) => k), ['k0', 'k1', 'k3', 'k4', 'k6', 'k7', 'k9']);
  assert.equal(m.size, 7);
});

test('keys compare by value', () => {
  const m = new DeltaStateMap<unknown, string>();
  m.put(['x', 1], 'tuple', 0);
  m.put({ b: 1, a: 2 }, 'object', 0);
  assert.equal(m.get(['x', 1])?.state, 'tuple');
  assert.equal(m.get({ a: 2, b: 1 })?.state, 'object');
});
