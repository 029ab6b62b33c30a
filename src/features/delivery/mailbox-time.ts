/** When a message was sent, on the merchant's wall clock with its zone named ("Dec 2, 2026, 9:05 AM EST"). */
export const mailboxTime = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(at) +
  " " +
  (new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? timeZone);
