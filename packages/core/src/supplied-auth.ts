import { z } from 'zod';
import { HttpHeaderNameSchema, HttpHeaderValueSchema } from './http-headers.js';

/**
 * Credentials a caller sends with one classic call instead of naming a stored account: the two
 * shapes the official clients send (`customAuthParams` and the older `customConnectionData`).
 * They are used for that call only and never stored.
 */

const httpBaseUrl = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL, e.g. https://api.example.com/v1' }).max(4096);

/** One value of `custom_auth_params.parameters`: where it goes, its name, and its (secret) value. */
const SuppliedParameterSchema = z
  .strictObject({
    in: z.enum(['query', 'header']),
    name: z.string().min(1).max(200),
    value: z.union([z.string().max(8192), z.number()]).transform(String),
  })
  .superRefine((p, ctx) => {
    if (p.in !== 'header') return;
    // Checked here so a bad header is the caller's 400 naming the field, not a failure inside the HTTP client.
    for (const [field, schema] of [
      ['name', HttpHeaderNameSchema],
      ['value', HttpHeaderValueSchema],
    ] as const) {
      const checked = schema.safeParse(p[field]);
      if (!checked.success) ctx.addIssue({ code: 'custom', path: [field], message: checked.error.issues[0]?.message ?? 'invalid' });
    }
  });

/** `custom_auth_params`: headers and query values to authenticate with, an optional body, an optional base URL. */
export const CustomAuthParamsSchema = z.strictObject({
  /** Replaces the toolkit's base URL for this call (the egress guard still applies). */
  base_url: httpBaseUrl.optional(),
  /** Fields added to the request body of a call that sends one (JSON or form). */
  body: z.record(z.string().min(1).max(200), z.unknown()).optional(),
  parameters: z.array(SuppliedParameterSchema).max(50).default([]),
});
export type CustomAuthParams = z.infer<typeof CustomAuthParamsSchema>;

const toolkitSlug = z
  .string()
  .min(1)
  .max(60)
  .transform((s) => s.toLowerCase());
const secret = z.string().min(1).max(8192);
/** What every scheme's `val` may carry besides its secrets; only `base_url` is used. */
const commonVal = { base_url: httpBaseUrl.optional() };

/**
 * `custom_connection_data`: a connection's data as the reference stores it, by auth scheme. The
 * schemes this server applies are listed; others (OAUTH1, S2S_OAUTH2, DCR_OAUTH, service accounts,
 * BASIC_WITH_JWT) are refused by name.
 */
export const CustomConnectionDataSchema = z.discriminatedUnion(
  'authScheme',
  [
    z.object({ authScheme: z.literal('OAUTH2'), toolkitSlug, val: z.looseObject({ ...commonVal, access_token: secret }) }),
    z.object({ authScheme: z.literal('BEARER_TOKEN'), toolkitSlug, val: z.looseObject({ ...commonVal, token: secret }) }),
    z.object({
      authScheme: z.literal('API_KEY'),
      toolkitSlug,
      val: z.looseObject({ ...commonVal, api_key: secret.optional(), generic_api_key: secret.optional() }),
    }),
    z.object({ authScheme: z.literal('BASIC'), toolkitSlug, val: z.looseObject({ ...commonVal, username: z.string().max(1000), password: secret }) }),
    z.object({ authScheme: z.literal('NO_AUTH'), toolkitSlug, val: z.looseObject(commonVal).default({}) }),
  ],
  { error: 'must be one of OAUTH2, BEARER_TOKEN, API_KEY, BASIC, NO_AUTH (the schemes this server applies)' },
);
export type CustomConnectionData = z.infer<typeof CustomConnectionDataSchema>;
