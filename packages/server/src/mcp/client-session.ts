import { randomBytes } from 'node:crypto';

/**
 * What the server must remember about an MCP client between requests: the protocol revision it
 * negotiated and whether it can answer elicitation requests. Instead of keeping that in one
 * process (which would pin the client to that instance), it travels in the `Mcp-Session-Id` the
 * client echoes on every request, so any instance can serve any request.
 *
 * The value describes only the client itself; a client that alters it changes only how it is
 * served, so it needs no signature. It grants nothing: every request is authenticated anew.
 */
export interface ClientSession {
  protocolVersion: string;
  /** The client declared `capabilities.elicitation` (form mode) at initialize. */
  elicitation: boolean;
}

const PREFIX = 'trm1.';

export function encodeClientSession(session: ClientSession): string {
  const body = { v: session.protocolVersion, e: session.elicitation ? 1 : 0, n: randomBytes(9).toString('base64url') };
  return PREFIX + Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Undefined when the header is absent or not one of ours (the client is then served without extras). */
export function decodeClientSession(header: string | null | undefined): ClientSession | undefined {
  if (!header?.startsWith(PREFIX) || header.length > 512) return undefined;
  try {
    const body = JSON.parse(Buffer.from(header.slice(PREFIX.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof body.v !== 'string') return undefined;
    return { protocolVersion: body.v, elicitation: body.e === 1 };
  } catch {
    return undefined;
  }
}

/** Elicitation in form mode: declared as `{}` (2025-06-18) or with `form` (2025-11-25 and later). */
export function declaresFormElicitation(capabilities: unknown): boolean {
  const elicitation = (capabilities as { elicitation?: unknown } | undefined)?.elicitation;
  if (!elicitation || typeof elicitation !== 'object') return false;
  const modes = elicitation as { form?: unknown; url?: unknown };
  return modes.form !== undefined || modes.url === undefined;
}
