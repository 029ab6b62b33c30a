import { LoaderCircle } from "lucide-react";
import { cn } from "@/lib/utils";

/**
 * A spinning ring. With a `label` it is a polite live region that announces the label;
 * without one it is decorative (use it inside something that already says what is happening).
 */
export function Spinner({ label, className }: { label?: string; className?: string }) {
  const icon = <LoaderCircle aria-hidden className={cn("size-4 animate-spin", className)} />;
  if (!label) return icon;
  return (
    <span role="status" className="inline-flex items-center">
      {icon}
      <span className="sr-only">{label}</span>
    </span>
  );
}
