import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** The Jupyter messaging protocol version this kernel speaks. */
export const PROTOCOL_VERSION = '5.3';

/** Separates the routing identities from the signed parts of a message on the wire. */
const DELIMITER = '<IDS|MSG>';

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  /** ISO 8601 with a time zone. */
  date: string;
  msg_type: string;
  version: string;
}

/** One Jupyter message, as the messaging spec defines it (parent_header is `{}` when there is none). */
export interface JupyterMessage {
  header: MessageHeader;
  parent_header: MessageHeader | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

/** A message with the ZeroMQ identities of its sender, so a reply can be routed back. */
export interface Envelope {
  identities: Buffer[];
  message: JupyterMessage;
}

/**
 * Signs and checks messages with HMAC-SHA256 over the four JSON frames (header,
 * parent_header, metadata, content), as jupyter_client's Session does. An empty key
 * means no signing (the signature frame is empty).
 */
export class MessageSigner {
  private readonly key: Buffer;

  constructor(key: string, scheme = 'hmac-sha256') {
    if (scheme !== 'hmac-sha256') throw new Error(`Unsupported signature_scheme "${scheme}"; Eddy's kernel signs with hmac-sha256.`);
    this.key = Buffer.from(key, 'utf8');
  }

  sign(parts: readonly Buffer[]): string {
    if (this.key.length === 0) return '';
    const hmac = createHmac('sha256', this.key);
    for (const p of parts) hmac.update(p);
    return hmac.digest('hex');
  }

  /** The frames of `message` for a ROUTER/PUB socket: identities, delimiter, signature, four JSON parts, buffers. */
  encode(message: JupyterMessage, identities: readonly Buffer[] = []): Buffer[] {
    const parts = [message.header, message.parent_header, message.metadata, message.content].map((p) => Buffer.from(JSON.stringify(p), 'utf8'));
    return [...identities, Buffer.from(DELIMITER), Buffer.from(this.sign(parts)), ...parts, ...message.buffers];
  }

  /** Parses received frames; throws when the delimiter is missing or the signature does not match. */
  decode(frames: readonly Buffer[]): Envelope {
    const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString() === DELIMITER);
    if (at < 0 || frames.length < at + 6) throw new Error('Not a Jupyter message: no <IDS|MSG> delimiter followed by a signature and four parts.');
    const parts = frames.slice(at + 2, at + 6);
    const expected = Buffer.from(this.sign(parts));
    const given = frames[at + 1];
    if (expected.length !== given.length || (expected.length > 0 && !timingSafeEqual(expected, given))) {
      throw new Error('Invalid message signature; check the connection file\'s key.');
    }
    const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p.toString('utf8')) as Record<string, unknown>);
    return {
      identities: frames.slice(0, at).map((f) => Buffer.from(f)),
      message: {
        header: header as unknown as MessageHeader,
        parent_header: parent_header as JupyterMessage['parent_header'],
        metadata,
        content,
        buffers: frames.slice(at + 6).map((f) => Buffer.from(f)),
      },
    };
  }
}

/** A new message of `msgType` in reply to (or caused by) `parent`, from this kernel's `session`. */
export function makeMessage(
  session: string,
  msgType: string,
  content: Record<string, unknown>,
  parent: MessageHeader | Record<string, never> = {},
  metadata: Record<string, unknown> = {},
): JupyterMessage {
  return {
    header: { msg_id: randomUUID(), session, username: 'kernel', date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION },
    parent_header: parent,
    metadata,
    content,
    buffers: [],
  };
}
