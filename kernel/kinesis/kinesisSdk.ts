import type * as KinesisSdk from '@aws-sdk/client-kinesis';
import type * as HttpHandler from '@smithy/node-http-handler';

let sdk: typeof KinesisSdk | undefined;
let http: typeof HttpHandler | undefined;

/**
 * The AWS SDK's Kinesis module, loaded on first use. why: it takes a few hundred ms
 * to load, and the kernel (hence the REPL) should not pay that unless a Kinesis
 * stream is built.
 */
export function kinesisSdk(): typeof KinesisSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk ??= require('@aws-sdk/client-kinesis') as typeof KinesisSdk;
  return sdk;
}

export function nodeHttpHandler(): typeof HttpHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  http ??= require('@smithy/node-http-handler') as typeof HttpHandler;
  return http;
}
