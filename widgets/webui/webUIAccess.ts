import * as crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { EddyError } from '../../kernel';

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,256}$/;

/**
 * The token a server needs: the one given (checked for shape), or, when binding off
 * loopback without one, a fresh random one (32 url-safe characters). Undefined: none needed.
 * @throws EddyError `invalid-argument` for a token that is too short or not URL-safe.
 */
export function tokenFor(host: string, token: string | undefined): string | undefined {
  if (token !== undefined) {
    if (!TOKEN_SHAPE.test(token)) {
      throw new EddyError('invalid-argument', 'A web UI token must be 16 to 256 URL-safe characters (letters, digits, . _ ~ -).', {
        hint: 'Leave it out to have one generated.',
      });
    }
    return token;
  }
  return isLoopback(host) ? undefined : crypto.randomBytes(24).toString('base64url');
}

/**
 * Who may see the UI (the rules of issue 12's "Security"), for the page and the WebSocket:
 *
 * - the token, when one is needed, in the URL's `token` parameter (compared in constant time);
 * - on a loopback bind, the Host header must name loopback: a page from another site that
 *   made its own name resolve to 127.0.0.1 (DNS rebinding) is refused;
 * - WebSocket only: an Origin header, when present (browsers always send one), must be the
 *   page's own origin, so another site's page cannot open the socket with the user's browser.
 */
export class WebUIAccess {
  private readonly digest: Buffer | undefined;

  constructor(
    private readonly bindHost: string,
    readonly token: string | undefined,
  ) {
    this.digest = token === undefined ? undefined : sha256(token);
  }

  /** Undefined when the request may go on, else why it is refused (sent as the 403's text). */
  check(req: IncomingMessage, websocket: boolean): string | undefined {
    const host = req.headers.host ?? '';
    if (isLoopback(this.bindHost) && !isLoopback(hostName(host))) return `the Host header ${JSON.stringify(host)} is not this machine's loopback address`;
    if (this.digest !== undefined) {
      const given = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
      if (!crypto.timingSafeEqual(sha256(given), this.digest)) return 'this web UI needs the token that was printed when it started (?token=...)';
    }
    if (websocket) {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return `a WebSocket from origin ${JSON.stringify(origin)} is not this page's own`;
    }
    return undefined;
  }
}

function sha256(text: string): Buffer {
  return crypto.createHash('sha256').update(text).digest();
}

/** `host:port`, `[::1]:port` or `host` → the host part. */
function hostName(hostHeader: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader);
  if (m) return m[1];
  return hostHeader.replace(/:\d+$/, '');
}
