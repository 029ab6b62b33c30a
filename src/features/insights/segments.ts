// The RFM segments in words (FILTERS.md names them in snake_case: "cant_lose"). Plain data, so
// client components (the filter builder) and server pages share one wording.

export const RFM_LABELS: Record<string, { label: string; hint: string }> = {
  champions: { label: "Champions", hint: "Recent, frequent, big spenders" },
  loyal: { label: "Loyal", hint: "Come often, still around" },
  potential_loyalist: { label: "Potential loyalists", hint: "Recent, coming back" },
  new: { label: "New", hint: "First visit, very recent" },
  promising: { label: "Promising", hint: "Recent first-timers" },
  needs_attention: { label: "Needs attention", hint: "Middling and cooling" },
  at_risk: { label: "At risk", hint: "Used to come often, not lately" },
  cant_lose: { label: "Can't lose them", hint: "Your best, gone quiet" },
  hibernating: { label: "Hibernating", hint: "Rare and not recent" },
  lost: { label: "Lost", hint: "Long gone, came rarely" },
};

/** "cant_lose" → "Can't lose them"; an unknown key reads as words, never with underscores. */
export function segmentLabel(key: string): string {
  return RFM_LABELS[key]?.label ?? key.replace(/_/g, " ");
}
