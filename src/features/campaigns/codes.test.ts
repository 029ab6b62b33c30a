import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  CODE_ENTROPY_BITS,
  checkCharacter,
  generatePersonalCode,
  isPersonalCode,
  normalizeVoucherCode,
  storedVoucherForm,
  voucherCodeForms,
} from "./codes";

describe("personal codes", () => {
  it("look like K7QX-M3P9-TZ and use no look-alike characters", () => {
    for (let i = 0; i < 2000; i++) {
      const code = generatePersonalCode();
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/);
      expect(code).not.toMatch(/[01OIL]/);
      expect(isPersonalCode(code)).toBe(true);
    }
    expect(CODE_ALPHABET).toHaveLength(31);
  });

  it("carry at least 40 bits of randomness and do not repeat", () => {
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(40);
    const seen = new Set(Array.from({ length: 50_000 }, generatePersonalCode));
    expect(seen.size).toBe(50_000);
  });

  it("use every character of the alphabet in every position, roughly evenly", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 31_000; i++) {
      const ch = generatePersonalCode()[0]!;
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(31);
    for (const n of counts.values()) expect(n).toBeGreaterThan(700); // expected 1,000 each
  });

  it("catch every single wrong character and every swap of neighbours", () => {
    const code = generatePersonalCode().replaceAll("-", "");
    for (let i = 0; i < code.length; i++) {
      for (const ch of CODE_ALPHABET) {
        if (ch === code[i]) continue;
        const typo = code.slice(0, i) + ch + code.slice(i + 1);
        expect(isPersonalCode(typo), typo).toBe(false);
      }
      if (i + 1 < code.length && code[i] !== code[i + 1]) {
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(isPersonalCode(swapped), swapped).toBe(false);
      }
    }
  });

  it("compute the weighted mod 31 check character", () => {
    // "22": 1·0 + 2·0 = 0 → c = 0 → "2". "23": 1·0 + 2·1 = 2; 3·c ≡ −2 ≡ 29 (mod 31) → c = 20 → "P".
    expect(checkCharacter("22")).toBe("2");
    expect(checkCharacter("23")).toBe("P");
    expect(CODE_ALPHABET[20]).toBe("P");
  });

  it("normalise what staff type: any case, with or without dashes or spaces", () => {
    const code = generatePersonalCode();
    const compact = code.replaceAll("-", "");
    expect(normalizeVoucherCode(compact.toLowerCase())).toBe(code);
    expect(normalizeVoucherCode(` ${code.toLowerCase()} `)).toBe(code);
    expect(normalizeVoucherCode(`${compact.slice(0, 4)} ${compact.slice(4)}`)).toBe(code);
    // Daily-deal codes are only trimmed and upper-cased.
    expect(normalizeVoucherCode(" cl-abcd-efgh ")).toBe("CL-ABCD-EFGH");
    expect(normalizeVoucherCode("grpn-0001")).toBe("GRPN-0001");
  });

  it("look a code up as typed first, then in its printed form", () => {
    const code = generatePersonalCode();
    const dealStyle = `${code.replaceAll("-", "").slice(0, 4)}-${code.replaceAll("-", "").slice(4)}`;
    expect(voucherCodeForms(` ${dealStyle.toLowerCase()} `)).toEqual([dealStyle, code]);
    expect(voucherCodeForms(code)).toEqual([code]);
    expect(voucherCodeForms("grpn-0001")).toEqual(["GRPN-0001"]);
    expect(storedVoucherForm([dealStyle, code], [code, dealStyle])).toBe(dealStyle);
    expect(storedVoucherForm([dealStyle, code], [code])).toBe(code);
    expect(storedVoucherForm([dealStyle, code], [])).toBe(code);
  });
});
