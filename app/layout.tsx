import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Okta Realms Connections", template: "%s · Okta Realms Connections" },
  description: "Connections and realm administration for the Okta Realms connector",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the CSP's nonce (proxy.ts) is new each time and Next can only
  // put it on the scripts of a page it renders now. A prerendered page would carry no nonce and
  // its scripts would be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
