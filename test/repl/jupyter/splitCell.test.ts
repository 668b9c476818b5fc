import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCell } from '../../../repl/jupyter/CellRunner';

test('cells: line magics on their own lines, code between them in order', () => {
  assert.deepEqual(splitCell('%new 1s --manual\nconst a = 1\n\nconst b = 2\n%step 3'), [
    { kind: 'magic', line: '%new 1s --manual' },
    { kind: 'code', code: 'const a = 1\n\nconst b = 2' },
    { kind: 'magic', line: '%step 3' },
  ]);
  assert.deepEqual(splitCell('const x = 10 % 3'), [{ kind: 'code', code: 'const x = 10 % 3' }]);
});
