import type { Metadata } from "next";
import { TestEmailLinkNotice } from "@/features/delivery/components/test-email-link-notice";

export const metadata: Metadata = { title: "Unsubscribe link of a test email", robots: { index: false, follow: false } };

export default function PreviewUnsubscribePage() {
  return <TestEmailLinkNotice />;
}
