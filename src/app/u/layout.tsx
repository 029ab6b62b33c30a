import type { ReactNode } from "react";

// The customers' own pages (/u/[token]); here so a bad link gets this section's not-found page.
export default function CustomerPagesLayout({ children }: { children: ReactNode }) {
  return children;
}
