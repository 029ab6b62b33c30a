import { LoaderCircle } from "lucide-react";

export default function Loading() {
  return (
    <div role="status" className="flex min-h-[60vh] flex-col items-center justify-center gap-3 text-muted-foreground">
      <LoaderCircle aria-hidden className="size-8 animate-spin text-brand-700" />
      <span className="text-sm">Loading…</span>
    </div>
  );
}
