import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth";

export const metadata: Metadata = { title: "Welcome" };

export default async function WelcomePage() {
  const user = await requireUser();
  return (
    <main className="mx-auto max-w-xl px-4 py-24">
      <EmptyState
        icon={null}
        headingLevel={1}
        title={`Welcome, ${user.name || user.email}`}
        description="You are signed in but not part of any merchant yet. Ask the owner of your business to invite you, or your publisher to onboard your business."
      />
    </main>
  );
}
