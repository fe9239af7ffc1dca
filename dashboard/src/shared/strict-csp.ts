/**
 * The pages run under a strict Content-Security-Policy (no eval): zod must not probe for
 * `new Function`, so it runs its schemas without the JIT.
 */
import { z } from 'zod';

z.config({ jitless: true });
