import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeMessage, MessageSigner } from '../../../repl/jupyter/wire';

test('messages are signed over the four JSON parts, and a tampered one is refused', () => {
  const signer = new MessageSigner('secret');
  const frames = signer.encode(makeMessage('s', 'execute_request', { code: '1' }), [Buffer.from('client-id')]);
  assert.equal(frames[1].toString(), '<IDS|MSG>');
  const { identities, message } = signer.decode(frames);
  assert.equal(identities[0].toString(), 'client-id');
  assert.equal(message.content.code, '1');
  const tampered = [...frames];
  tampered[6] = Buffer.from(JSON.stringify({ code: '2' }));
  assert.throws(() => signer.decode(tampered), /Invalid message signature/);
  assert.throws(() => new MessageSigner('other').decode(frames), /Invalid message signature/);
  assert.equal(new MessageSigner('').encode(makeMessage('s', 'status', {}))[1].toString(), '', 'no key, no signature');
});
