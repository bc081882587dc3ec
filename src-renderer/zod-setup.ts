// Imported first by main.tsx: zod decides at schema construction whether it may
// compile parsers with `new Function`, and the CSP forbids eval (the probe alone
// logs a violation). Schemas are built at import time, so this must run before.
import { config } from 'zod';

config({ jitless: true });
