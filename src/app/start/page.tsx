import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { homePathForUser } from "@/features/tenancy/queries";

// After sign-in everyone comes here and is sent to the home that fits their role.
export default async function StartPage() {
  const user = await requireUser();
  redirect(await homePathForUser(user));
}
