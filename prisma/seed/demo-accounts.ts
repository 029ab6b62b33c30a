// The demo's sign-ins: printed by `npm run demo`, listed in the README, used by the e2e tests.
export const DEMO_PASSWORD = "regulars-demo";

export const DEMO_ACCOUNTS = [
  { role: "Merchant owner", email: "owner@example.com", password: DEMO_PASSWORD, landsOn: "/m/harbor-bistro" },
  { role: "Merchant manager", email: "manager@example.com", password: DEMO_PASSWORD, landsOn: "/m/harbor-bistro" },
  { role: "Counter staff", email: "staff@example.com", password: DEMO_PASSWORD, landsOn: "/m/harbor-bistro/counter (PIN 1234)" },
  { role: "Publisher admin", email: "publisher@example.com", password: DEMO_PASSWORD, landsOn: "/p/citylights" },
  { role: "Platform admin", email: "admin@example.com", password: DEMO_PASSWORD, landsOn: "/admin" },
] as const;
