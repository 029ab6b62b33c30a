// Personal Social Select codes, e.g. "K7QX-M3P9-TZ": nine random characters and a check
// character, from an alphabet without the look-alikes 0/O, 1/I/L. Nine characters of 31 give
// 44.6 bits from the platform's cryptographic random source, so codes cannot be guessed; the check character (a weighted sum mod
// 31) catches every single mistyped character and every swap of two neighbours before a lookup.

export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const N = CODE_ALPHABET.length; // 31
const RANDOM_LENGTH = 9;
const index = new Map([...CODE_ALPHABET].map((ch, i) => [ch, i]));

/** Bits of entropy in a code: 9 · log2(31). */
export const CODE_ENTROPY_BITS = RANDOM_LENGTH * Math.log2(N);

/**
 * Check character c of `payload` v1…vk: Σ i·vi + (k+1)·c ≡ 0 (mod 31), weights from the left.
 * 31 is prime and every weight is below it, so one wrong character or two swapped neighbours
 * always change the sum (Luhn mod N would not: it needs an even N).
 */
export function checkCharacter(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum += (i + 1) * index.get(payload[i]!)!;
  const weight = (payload.length + 1) % N;
  // c = −sum / weight (mod 31): the inverse of weight by Fermat, weight^(31−2).
  let inverse = 1;
  for (let e = 0; e < N - 2; e++) inverse = (inverse * weight) % N;
  return CODE_ALPHABET[(((N - (sum % N)) % N) * inverse) % N]!;
}

function isValidCompact(compact: string): boolean {
  if (compact.length !== RANDOM_LENGTH + 1) return false;
  for (const ch of compact) if (!index.has(ch)) return false;
  return checkCharacter(compact.slice(0, -1)) === compact.at(-1);
}

const format = (compact: string) => `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;

/** A fresh, unguessable personal code in its printed form. */
export function generatePersonalCode(): string {
  return generatePersonalCodes(1)[0]!;
}

/**
 * `n` fresh, unguessable personal codes (a campaign's worth at once): the random bytes are drawn
 * in 64 KiB blocks, the most one getRandomValues call gives, rather than one call per code.
 */
export function generatePersonalCodes(n: number): string[] {
  const codes: string[] = [];
  const bytes = new Uint8Array(Math.min(65_536, Math.max(32, Math.ceil(n * RANDOM_LENGTH * 1.1))));
  let at = bytes.length;
  while (codes.length < n) {
    let payload = "";
    while (payload.length < RANDOM_LENGTH) {
      if (at === bytes.length) {
        globalThis.crypto.getRandomValues(bytes);
        at = 0;
      }
      const b = bytes[at++]!;
      // Rejection sampling: 248 = 8 · 31, so bytes below it map uniformly onto the alphabet.
      if (b < 248) payload += CODE_ALPHABET[b % N];
    }
    codes.push(format(payload + checkCharacter(payload)));
  }
  return codes;
}

/** Whether `input` (any case, with or without dashes and spaces) is a well-formed personal code. */
export function isPersonalCode(input: string): boolean {
  return isValidCompact(input.toUpperCase().replace(/[\s-]/g, ""));
}

/**
 * How every voucher code typed at the counter or sent to the API is normalised: trimmed and upper
 * case, and a personal code typed without its dashes (or with spaces) gets its printed form back,
 * so "k7qxm3p9tz" finds "K7QX-M3P9-TZ". Other codes (daily-deal codes) are left as typed.
 */
export function normalizeVoucherCode(input: string): string {
  const upper = input.trim().toUpperCase();
  const compact = upper.replace(/[\s-]/g, "");
  return isValidCompact(compact) ? format(compact) : upper;
}

/**
 * The codes a typed code may be stored under, the exact (upper-cased) text first, then its
 * normalised form. A deal code can happen to spell a valid personal code ("SYNC-K7QXM3", about 3%
 * of ten-character codes without look-alike letters), so the normalised form alone would miss the
 * voucher a publisher loaded as printed.
 */
export function voucherCodeForms(input: string): string[] {
  const typed = input.trim().toUpperCase();
  return [...new Set([typed, normalizeVoucherCode(typed)])];
}

/** Of the forms (in order of preference), the one a stored voucher has; the normalised one if none. */
export function storedVoucherForm(forms: string[], stored: Iterable<string>): string {
  const found = new Set(stored);
  return forms.find((f) => found.has(f)) ?? forms[forms.length - 1]!;
}
