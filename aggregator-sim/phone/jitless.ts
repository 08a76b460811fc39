/**
 * The page runs under a CSP without 'unsafe-eval', so zod must validate without compiling code: it decides
 * when each schema is built, so this module is imported before any module that builds one. Only the page's
 * bundle sets it (the simulator's server side keeps zod's compiled parsers).
 */
import { z } from 'zod';

z.config({ jitless: true });
