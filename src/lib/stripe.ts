import "server-only";
import Stripe from "stripe";
import { env } from "./env";

// The Stripe SDK, or null when billing is not configured. STRIPE_API_HOST/PORT/PROTOCOL point the
// real SDK at a local fake in tests; webhooks are verified with the real signature scheme.
let client: Stripe | null | undefined;

export function stripe(): Stripe | null {
  if (client !== undefined) return client;
  const e = env();
  client = e.STRIPE_SECRET_KEY
    ? new Stripe(e.STRIPE_SECRET_KEY, {
        ...(e.STRIPE_API_HOST ? { host: e.STRIPE_API_HOST } : {}),
        ...(e.STRIPE_API_PORT ? { port: e.STRIPE_API_PORT } : {}),
        ...(e.STRIPE_API_PROTOCOL ? { protocol: e.STRIPE_API_PROTOCOL } : {}),
        maxNetworkRetries: 2,
      })
    : null;
  return client;
}
