import type { Metadata, Viewport } from "next";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Regulars", template: "%s · Regulars" },
  description: "Turn daily-deal one-timers into regulars: capture every visit, find your best customers, bring them back.",
  applicationName: "Regulars",
  icons: { icon: "/icon.svg" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#0f766e",
  colorScheme: "light",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        {children}
        {/* Bottom right: at the top right, toasts covered the page header's buttons (Export, Send). */}
        <Toaster richColors closeButton position="bottom-right" />
      </body>
    </html>
  );
}
