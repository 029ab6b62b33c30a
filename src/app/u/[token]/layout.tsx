import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getPreferencePage } from "@/features/delivery/preferences";

// Checked here, above the page's loading boundary, so a bad or tampered link answers a real 404.
export default async function PreferenceLayout({ children, params }: { children: ReactNode; params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await getPreferencePage(token))) notFound();
  return children;
}
