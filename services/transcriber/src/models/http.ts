import { Agent, EnvHttpProxyAgent, fetch, type Dispatcher } from 'undici';
import { DownloadFailure } from './errors';

/**
 * HTTP for model downloads. Node 20's global fetch ignores proxy variables, so downloads use undici's
 * own fetch with EnvHttpProxyAgent: HTTPS_PROXY / HTTP_PROXY (or their lower-case forms) and NO_PROXY
 * are honoured as curl does (http:// targets are sent to an http:// proxy as absolute-form requests,
 * https:// ones through a CONNECT tunnel). TLS uses Node's default trust store, which is where
 * NODE_EXTRA_CA_CERTS adds a private CA (a TLS-inspecting proxy, an internal mirror); nothing here
 * passes its own `ca`, so that variable applies.
 */
export interface DownloadHttpOptions {
  /** Connection timeout. Default 15 000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait for the response headers, and for each piece of the body. Default 60 000 ms. */
  idleTimeoutMs?: number;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

function dispatcher(opts: DownloadHttpOptions): Dispatcher {
  const idle = opts.idleTimeoutMs ?? 60_000;
  const common = {
    connect: { timeout: opts.connectTimeoutMs ?? 15_000 },
    headersTimeout: idle,
    bodyTimeout: idle,
  };
  if (!PROXY_VARS.some((k) => process.env[k])) return new Agent(common);
  // proxyTunnel (undici 6.2x, not yet in EnvHttpProxyAgent's types): plain http through the proxy.
  const withProxy: EnvHttpProxyAgent.Options & { proxyTunnel: boolean } = { ...common, proxyTunnel: false };
  return new EnvHttpProxyAgent(withProxy);
}

const TLS_TRUST = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** "connection refused (ECONNREFUSED 127.0.0.1:9)" from fetch's TypeError and its causes. */
export function networkReason(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 5 && e instanceof Error && e.cause; i++) e = e.cause;
  const inner = e instanceof AggregateError && e.errors[0] ? e.errors[0] : e;
  const code = (inner as NodeJS.ErrnoException).code ?? (e as NodeJS.ErrnoException).code;
  const message = inner instanceof Error ? inner.message : String(inner);
  const text: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_HEADERS_TIMEOUT: 'no response in time',
    UND_ERR_BODY_TIMEOUT: 'the download stalled',
    UND_ERR_SOCKET: 'connection closed',
  };
  const what = (code && text[code]) ?? 'network error';
  const hint =
    code && TLS_TRUST.has(code)
      ? ' — the server certificate is not trusted; for a private CA (a TLS-inspecting proxy, a mirror) ' +
        'set NODE_EXTRA_CA_CERTS=/path/to/ca.pem'
      : '';
  return `${what} (${message})${hint}`;
}

/** One GET, following redirects; a non-2xx answer or a network error is a DownloadFailure. */
export async function get(
  url: string,
  opts: DownloadHttpOptions = {},
): Promise<{ body: AsyncIterable<Uint8Array>; length: number; close(): Promise<void> }> {
  const d = dispatcher(opts);
  const close = () => d.close().catch(() => {});
  let res;
  try {
    res = await fetch(url, { redirect: 'follow', dispatcher: d });
  } catch (err) {
    await d.destroy().catch(() => {});
    throw new DownloadFailure(networkReason(err));
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    await close();
    throw new DownloadFailure(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  const body = res.body as unknown as AsyncIterable<Uint8Array>;
  return {
    length: Number(res.headers.get('content-length') ?? 0),
    body: {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const chunk of body) yield chunk;
        } catch (err) {
          throw new DownloadFailure(networkReason(err));
        }
      },
    },
    close: async () => {
      await res.body?.cancel().catch(() => {});
      await close();
    },
  };
}
