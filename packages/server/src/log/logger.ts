import pino, { type Logger } from 'pino';

/** JSON logs to stdout. Credential-bearing fields are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.headers.authorization', '*.headers["x-api-key"]', '*.apiKey', '*.api_key', '*.token', '*.secret', '*.password'],
      censor: '[redacted]',
    },
  });
}
