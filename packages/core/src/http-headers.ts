import { z } from 'zod';

/**
 * Header names and values callers hand us to send on (an upstream MCP server's `headers`). They
 * are checked here because an invalid one only fails deep inside the HTTP client, where it reads
 * as the upstream's fault; CR and LF in a value would also split the header in a lenient client.
 */

/** A token of RFC 9110 §5.6.2: what an HTTP field name may be made of. */
export const HttpHeaderNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "must be an HTTP header name: letters, digits and !#$%&'*+-.^_`|~ only");

/** Tab, visible ASCII, space and Latin-1 (obs-text): what HTTP clients accept in a field value. */
export const HttpHeaderValueSchema = z
  .string()
  .max(8192)
  .regex(/^[\t\u0020-\u007e\u0080-\u00ff]*$/, 'must not contain control characters (CR, LF, NUL, …) or characters beyond U+00FF');
