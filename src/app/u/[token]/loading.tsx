import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <main className="min-h-dvh bg-slate-100 px-4 py-8 sm:py-12" role="status" aria-label="Loading your preferences">
      <div className="mx-auto max-w-xl space-y-4 rounded-2xl border border-border bg-surface p-6">
        <Skeleton className="h-10 w-40" />
        <Skeleton className="h-6 w-64" />
        <Skeleton className="h-48 w-full" />
      </div>
    </main>
  );
}
