import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { kinesisSdk, nodeHttpHandler } from './kinesisSdk';
import { EddyError } from '../errors/EddyError';

/** Explicit AWS credentials (Spark's SparkAWSCredentials basic form); otherwise the SDK's default chain is used. */
export interface KinesisCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface KinesisEndpoint {
  endpointUrl: string;
  regionName: string;
  credentials: KinesisCredentials | undefined;
}

/**
 * An AWS SDK v3 Kinesis client for `endpoint`.
 *
 * why the HTTP/1.1 handler: the SDK's default handler negotiates HTTP/2 for some
 * operations, which local Kinesis implementations (kinesalite) do not speak.
 * why maxAttempts 1: throttling is retried by Eddy itself, as Spark does, with
 * spark.streaming.kinesis.retry.waitTime/maxAttempts (see retryOnThrottle).
 */
export function kinesisClient(endpoint: KinesisEndpoint): KinesisClient {
  // The SDK version is pinned, so its notice about future versions dropping Node 20 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new (kinesisSdk().KinesisClient)({
    endpoint: endpoint.endpointUrl,
    region: endpoint.regionName,
    credentials: endpoint.credentials,
    maxAttempts: 1,
    requestHandler: new (nodeHttpHandler().NodeHttpHandler)({ connectionTimeout: 3000, requestTimeout: 15_000 }),
  });
}

/** The AWS error name (`ProvisionedThroughputExceededException`, ...) or Node error code of `error`. */
export function errorName(error: unknown): string {
  if (error === null || typeof error !== 'object') return String(error);
  const e = error as { name?: unknown; code?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  if (e.cause !== undefined && typeof (e.cause as { code?: unknown }).code === 'string') return String((e.cause as { code: string }).code);
  return typeof e.name === 'string' ? e.name : 'Error';
}

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'TimeoutError', 'EPIPE']);
const CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'AccessDeniedException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

/**
 * Turns an SDK failure into an error that says which of endpoint or credentials is
 * wrong and what to do; other errors keep the service's own message.
 */
export function describeKinesisError(error: unknown, endpoint: KinesisEndpoint, what: string): EddyError {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (NETWORK.has(name)) {
    return new EddyError('io', `Kinesis ${what}: cannot reach the endpoint ${endpoint.endpointUrl} (${name}).`, {
      cause: error,
      retriable: true,
      hint: 'Check endpointUrl; for a local Kinesis start one with `npm run kinesis` and use the URL it prints.',
    });
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new EddyError('invalid-config', `Kinesis ${what}: no AWS credentials were found for ${endpoint.endpointUrl} (${message}).`, {
      cause: error,
      hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values do for a local Kinesis), or pass .kinesisCredentials({ accessKeyId, secretAccessKey }) to the builder.',
    });
  }
  if (CREDENTIALS.has(name)) {
    return new EddyError('invalid-config', `Kinesis ${what}: the credentials were rejected by ${endpoint.endpointUrl} in region ${endpoint.regionName} (${name}: ${message}).`, {
      cause: error,
      hint: 'Check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or the profile in use) and that regionName matches the stream\'s region.',
    });
  }
  return new EddyError('io', `Kinesis ${what} failed at ${endpoint.endpointUrl}: ${name}: ${message}`, { cause: error });
}
