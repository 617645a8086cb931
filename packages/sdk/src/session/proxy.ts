import type { ProxyExecuteParams, ProxyExecuteResult } from './results.js';
import type { WireProxyResponse } from './wire-types.js';

export function proxyBody(p: ProxyExecuteParams): Record<string, unknown> {
  return {
    toolkit_slug: p.toolkit,
    endpoint: p.endpoint,
    method: p.method,
    ...(p.body !== undefined ? { body: p.body } : {}),
    ...(p.parameters ? { parameters: p.parameters.map((x) => ({ name: x.name, type: x.in, value: String(x.value) })) } : {}),
    ...(p.account ? { account: p.account } : {}),
  };
}

export function proxyResultFrom(w: WireProxyResponse): ProxyExecuteResult {
  return {
    status: w.status,
    data: w.data,
    headers: w.headers ?? {},
    ...(w.binary_data
      ? {
          binaryData: {
            contentType: w.binary_data.content_type,
            size: w.binary_data.size,
            url: w.binary_data.url,
            ...(w.binary_data.expires_at ? { expiresAt: w.binary_data.expires_at } : {}),
          },
        }
      : {}),
  };
}
