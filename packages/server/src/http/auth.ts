import { ToolRouterError } from '@toolrouter/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { ProjectService } from '../projects/project-service.js';
import type { AuthFailureLimiter } from './auth-failures.js';
import type { AppEnv } from './env.js';

/** Wrong credentials are counted per client (see auth-failures.ts and client-address.ts). */
export interface AuthGuard {
  limiter: AuthFailureLimiter;
  clientOf: (c: Context) => string;
}

/** Authenticates `x-api-key` (what the reference client sends) or `Authorization: Bearer <key>`. */
export function requireApiKey(projects: ProjectService, guard: AuthGuard): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const key = c.req.header('x-api-key')?.trim() || bearer;
    if (!key) {
      throw new ToolRouterError('API_KEY_MISSING', 'No API key was sent', {
        suggestedFix: 'Send your project API key in the x-api-key header (or Authorization: Bearer <key>).',
      });
    }
    const authenticated = await guard.limiter.attempt(c, guard.clientOf(c), () => projects.authenticateKey(key));
    if (!authenticated) {
      throw new ToolRouterError('API_KEY_INVALID', 'The API key is not valid', {
        suggestedFix: 'Check the key; it may have been revoked. Create a new one with `npx toolrouter keys create`.',
      });
    }
    c.set('project', authenticated.project);
    c.set('apiKeyId', authenticated.key.id);
    await next();
  };
}
