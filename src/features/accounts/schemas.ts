import { z } from "zod";
import { zText } from "@/lib/text";

export const ZEmail = z.string().trim().toLowerCase().email("Enter a valid email address.");
export const ZRequestMagicLink = z.object({ email: ZEmail, callbackUrl: z.string().startsWith("/").optional() });
export type TRequestMagicLink = z.infer<typeof ZRequestMagicLink>;

export const ZPin = z.string().regex(/^\d{4,6}$/, "A PIN is 4 to 6 digits.");
export const ZSetStaffPin = z.object({ userId: z.string().uuid(), pin: ZPin });
export const ZPairDevice = z.object({ name: z.string().trim().min(1, "Name the tablet, e.g. “Front counter”.").max(60) });
export const ZRevokeDevice = z.object({ deviceId: z.string().uuid() });

export const ZRole = z.enum(["owner", "manager", "staff"], { error: "Choose owner, manager or staff." });
export const ZInviteMember = z.object({ email: ZEmail, role: ZRole });
export const ZMemberRef = z.object({ userId: z.string().uuid() });
export const ZChangeRole = ZMemberRef.extend({ role: ZRole });
export const ZInvitationId = z.object({ invitationId: z.string().uuid() });
/** An invitation of one of a publisher's merchants, named from its console. */
export const ZPublisherInvitationRef = ZInvitationId.extend({ merchantSlug: z.string().min(1).max(200) });
export const ZAcceptInvitation = z.object({
  token: z.string().min(20).max(200),
  name: zText("Your name").min(1, "Tell us your name.").max(120),
  password: z.string().min(10, "Passwords need at least 10 characters.").max(200),
});
