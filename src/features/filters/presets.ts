import type { TFilter } from "./schemas";

// The one-click Smart Filters of the Best Customer List (PRODUCT.md flow 2).
export type TPreset = { key: string; name: string; description: string; filter: TFilter };

/** The presets as of the merchant's local `today` ("YYYY-MM-DD"): "this month" is that month. */
export const presetsFor = (today: string): TPreset[] => [
  {
    key: "best",
    name: "Best customers",
    description: "Usually 3 stars, at least 5 visits, seen in the last 90 days",
    filter: {
      and: [
        { field: "usualRating", op: "eq", value: 3 },
        { field: "visitCount", op: "gte", value: 5 },
        { field: "lastVisitAt", op: "after", value: { daysAgo: 90 } },
      ],
    },
  },
  {
    key: "lapsed",
    name: "Lapsed regulars",
    description: "3 or more visits, none in the last 60 days",
    filter: {
      and: [
        { field: "visitCount", op: "gte", value: 3 },
        { field: "lastVisitAt", op: "before", value: { daysAgo: 60 } },
      ],
    },
  },
  {
    key: "off-peak",
    name: "Off-peak regulars",
    description: "2–3 stars, last visit over 30 days ago, visit Sun–Wed",
    filter: {
      and: [
        { field: "rating", op: "in", value: [2, 3] },
        { field: "lastVisitAt", op: "before", value: { daysAgo: 30 } },
        { visits: { where: { dayOfWeek: ["sun", "mon", "tue", "wed"] } } },
      ],
    },
  },
  { key: "big-spenders", name: "Big spenders", description: "$500 or more in total", filter: { field: "totalSpentCents", op: "gte", value: 50_000 } },
  {
    key: "deal-one-timers",
    name: "Deal one-timers",
    description: "Came once, on a daily deal, never returned",
    filter: { and: [{ field: "visitCount", op: "eq", value: 1 }, { visits: { where: { voucher: true } } }] },
  },
  {
    key: "birthdays",
    name: "Birthdays this month",
    description: "Birthday in the current month",
    filter: { field: "birthday", op: "inMonth", value: Number(today.slice(5, 7)) },
  },
  { key: "new", name: "New this week", description: "First visit in the last 7 days", filter: { field: "firstVisitAt", op: "after", value: { daysAgo: 6 } } },
  // "Usually" rather than "at the latest visit": one bad night does not drop a regular (docs/filters.md).
  {
    key: "three-star",
    name: "3-star customers",
    description: "Usually rated 3 stars (over their last 5 ratings)",
    filter: { field: "usualRating", op: "eq", value: 3 },
  },
  // The social score (docs/social-score.md): friends brought in, shares, feedback, imported reach.
  { key: "influencers", name: "Influencers", description: "Social score of 60 or more", filter: { field: "socialScore", op: "gte", value: 60 } },
];

export const ALL_CUSTOMERS: TFilter = { and: [] };
