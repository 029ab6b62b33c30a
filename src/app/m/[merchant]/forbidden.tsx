import type { Metadata } from "next";
import { CounterOnlyNotice } from "@/features/accounts/components/counter-only-notice";

export const metadata: Metadata = { title: "Counter only" };

// forbidden() in this merchant's pages comes from a PIN session reaching past the counter.
export default function Forbidden() {
  return <CounterOnlyNotice />;
}
