// One "Full name" column split into first and last name, the way people write names in a guest list.

const PARTICLES = new Set([
  "van",
  "von",
  "de",
  "der",
  "den",
  "da",
  "das",
  "do",
  "dos",
  "du",
  "del",
  "della",
  "di",
  "la",
  "le",
  "st.",
  "st",
  "bin",
  "al",
  "ter",
  "ten",
]);
const SUFFIXES = /^(jr\.?|sr\.?|ii|iii|iv|phd|md)$/i;

/**
 * "Ana Lima" → Ana / Lima; "Lima, Ana" → Ana / Lima; "Mary Ann Smith" → Mary Ann / Smith;
 * "Ludwig van Beethoven" → Ludwig / van Beethoven; "Sam Doe Jr." → Sam / Doe Jr.; "Cher" → Cher / —.
 */
export function splitFullName(input: string): { firstName?: string; lastName?: string } {
  const text = input.trim().replace(/\s+/g, " ");
  if (!text) return {};
  const comma = text.indexOf(",");
  if (comma > 0) {
    const last = text.slice(0, comma).trim();
    const first = text.slice(comma + 1).trim();
    // "Doe, Jr." is not "last, first".
    if (first && !SUFFIXES.test(first)) return { firstName: first, ...(last ? { lastName: last } : {}) };
  }
  const words = text.replace(/,/g, "").split(" ");
  if (words.length === 1) return { firstName: words[0] };
  let end = words.length;
  while (end > 1 && SUFFIXES.test(words[end - 1]!)) end -= 1;
  if (end === 1) return { firstName: words[0], lastName: words.slice(1).join(" ") };
  let start = end - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!.toLowerCase())) start -= 1;
  return { firstName: words.slice(0, start).join(" "), lastName: words.slice(start).join(" ") };
}
