import type { Metadata } from "next";
import { TestEmailLinkNotice } from "@/features/delivery/components/test-email-link-notice";

export const metadata: Metadata = { title: "Preferences link of a test email", robots: { index: false, follow: false } };

// A static segment wins over /u/[token], so a test email's click lands here and says what a
// customer would see, rather than on a 404.
export default function PreviewPreferencesPage() {
  return <TestEmailLinkNotice />;
}
