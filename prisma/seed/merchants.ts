// The three demo merchants and what makes each believable: when people come, what they spend,
// how they come back.
export type TMerchantProfile = {
  slug: string;
  name: string;
  category: string;
  timeZone: string;
  address: { addressLine1: string; city: string; region: string; postalCode: string };
  brandColor: string;
  zips: string[];
  areaCode: string;
  customers: number;
  /** Relative weight of Sun … Sat. */
  weekdayWeights: number[];
  /** Relative weight of each local hour 0–23. */
  hourWeights: number[];
  /** Spend per person in cents [min, max]. */
  spendPerPerson: [number, number];
  partySizes: number[];
  partyWeights: number[];
  /** Visits per customer: [probability, min, max] buckets. */
  visitBuckets: [number, number, number][];
  tags: string[];
  deals: { title: string; priceCents: number; valueCents: number }[];
  /** Share of one-time customers whose single visit redeemed a daily deal. */
  dealShare: number;
};

const hours = (spec: Record<number, number>) => Array.from({ length: 24 }, (_, h) => spec[h] ?? 0);

export const MERCHANTS: TMerchantProfile[] = [
  {
    slug: "harbor-bistro",
    name: "Harbor Bistro",
    category: "restaurant",
    timeZone: "America/New_York",
    address: { addressLine1: "14 Atlantic Avenue", city: "Boston", region: "MA", postalCode: "02110" },
    brandColor: "#0f766e",
    zips: ["02110", "02109", "02113", "02114", "02116", "02118", "02127", "02210"],
    areaCode: "617",
    customers: 4000,
    weekdayWeights: [1.0, 0.5, 0.6, 0.7, 0.9, 1.4, 1.5],
    hourWeights: hours({ 11: 3, 12: 6, 13: 5, 14: 2, 15: 1, 16: 1, 17: 3, 18: 6, 19: 8, 20: 6, 21: 3, 22: 1 }),
    spendPerPerson: [1800, 5200],
    partySizes: [1, 2, 3, 4, 5, 6, 8],
    partyWeights: [2, 10, 3, 5, 1, 1, 0.5],
    visitBuckets: [
      [0.6, 1, 1],
      [0.2, 2, 4],
      [0.12, 5, 15],
      [0.08, 20, 100],
    ],
    tags: ["family", "friends", "date night", "party of 6+", "business", "birthday", "regular", "brunch"],
    deals: [
      { title: "$40 for $80 of dinner for two", priceCents: 4000, valueCents: 8000 },
      { title: "$25 for $50 weekday lunch", priceCents: 2500, valueCents: 5000 },
      { title: "Brunch for four, $60", priceCents: 6000, valueCents: 11000 },
      { title: "Chef's tasting menu for two, $99", priceCents: 9900, valueCents: 18000 },
    ],
    dealShare: 0.55,
  },
  {
    slug: "vine-barrel",
    name: "Vine & Barrel Wine Shop",
    category: "wine store",
    timeZone: "America/Chicago",
    address: { addressLine1: "2200 N Clark Street", city: "Chicago", region: "IL", postalCode: "60614" },
    brandColor: "#7f1d1d",
    zips: ["60614", "60657", "60610", "60613", "60622", "60647"],
    areaCode: "312",
    customers: 2500,
    weekdayWeights: [0.8, 0.3, 0.5, 0.6, 1.1, 1.5, 1.6],
    hourWeights: hours({ 11: 1, 12: 2, 13: 2, 14: 2, 15: 3, 16: 4, 17: 6, 18: 6, 19: 4, 20: 2 }),
    spendPerPerson: [1800, 14000],
    partySizes: [1, 2],
    partyWeights: [6, 2],
    visitBuckets: [
      [0.6, 1, 1],
      [0.2, 2, 4],
      [0.13, 5, 12],
      [0.07, 15, 40],
    ],
    tags: ["collector", "gift buyer", "red lover", "white lover", "tasting club", "business"],
    deals: [
      { title: "$30 for $60 of wine", priceCents: 3000, valueCents: 6000 },
      { title: "Saturday tasting for two, $25", priceCents: 2500, valueCents: 5000 },
      { title: "Mixed case discovery, $120", priceCents: 12000, valueCents: 20000 },
    ],
    dealShare: 0.5,
  },
  {
    slug: "freshstep",
    name: "FreshStep Carpet Care",
    category: "carpet cleaner",
    timeZone: "America/Los_Angeles",
    address: { addressLine1: "880 Mission Street", city: "San Francisco", region: "CA", postalCode: "94103" },
    brandColor: "#1d4ed8",
    zips: ["94103", "94110", "94114", "94117", "94122", "94131", "94501"],
    areaCode: "415",
    customers: 1200,
    weekdayWeights: [0.1, 1.2, 1.2, 1.1, 1.1, 1.0, 0.5],
    hourWeights: hours({ 8: 4, 9: 5, 10: 5, 11: 4, 12: 2, 13: 4, 14: 4, 15: 3, 16: 2 }),
    spendPerPerson: [14000, 62000],
    partySizes: [1],
    partyWeights: [1],
    visitBuckets: [
      [0.55, 1, 1],
      [0.35, 2, 3],
      [0.1, 4, 6],
    ],
    tags: ["pet owner", "large home", "office", "repeat", "stairs"],
    deals: [
      { title: "3 rooms cleaned for $99", priceCents: 9900, valueCents: 22000 },
      { title: "Whole-home deep clean, $199", priceCents: 19900, valueCents: 42000 },
      { title: "Upholstery refresh, $79", priceCents: 7900, valueCents: 16000 },
    ],
    dealShare: 0.65,
  },
];
