import { z } from "zod";

export const ZEmail = z.string().trim().toLowerCase().email("Enter a valid email address.");
export const ZRequestMagicLink = z.object({ email: ZEmail, callbackUrl: z.string().startsWith("/").optional() });
export type TRequestMagicLink = z.infer<typeof ZRequestMagicLink>;

export const ZPin = z.string().regex(/^\d{4,6}$/, "A PIN is 4 to 6 digits.");
export const ZSetStaffPin = z.object({ userId: z.string().uuid(), pin: ZPin });
export const ZPairDevice = z.object({ name: z.string().trim().min(1, "Name the tablet, e.g. “Front counter”.").max(60) });
export const ZRevokeDevice = z.object({ deviceId: z.string().uuid() });
