import { z } from "zod";

export const ZStartCheckout = z.object({ plan: z.enum(["growth", "pro"], { message: "Choose the Growth or the Pro plan." }) });
export type TStartCheckout = z.infer<typeof ZStartCheckout>;
export const ZOpenPortal = z.object({});
