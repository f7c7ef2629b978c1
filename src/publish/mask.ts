/**
 * Personal numbers in published text: mobile and landline phone numbers and resident ID-card
 * numbers (18 digits, the last may be X; the old 15-digit form) keep their first 3 and last 4
 * digits, the digits between become `*`; separators (spaces, dashes) stay where they were.
 * Numbers glued to other digits or letters are left alone (order numbers, URLs' ids).
 */

const PERSONAL_NUMBER = new RegExp(
  // The leading lookahead lets the engine skip non-digits fast (5x on long Chinese text).
  '(?=[0-9+(])(?:' +
  [
    String.raw`(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])`, // ID card, 18
    String.raw`(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])`, // ID card, 15 (before 1999)
    String.raw`(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])`, // mobile
    String.raw`(?<![0-9A-Za-z])(?:\(0\d{2,3}\)|0\d{2,3})[- ]?\d{7,8}(?![0-9A-Za-z])`, // landline with area code
  ].join('|') +
    ')',
  'g',
);

/** Cheap test first: no run of 7 digits (allowing one separator) means nothing to mask. */
const MAYBE = /\d{3}[- )]?\d{4}/;

/** Masks one number: first 3 and last 4 digits kept, other digits to `*`. */
export function maskNumber(match: string): string {
  const country = /^\+?86[- ]?(?=1[3-9]\d[- ]?\d{4}[- ]?\d{4}$)/.exec(match)?.[0];
  if (country) return country + maskNumber(match.slice(country.length));
  const digits = [...match].filter((c) => /[0-9Xx]/.test(c)).length;
  let seen = 0;
  return match.replace(/[0-9Xx]/g, (c) => {
    seen++;
    return seen <= 3 || seen > digits - 4 ? c : '*';
  });
}

/** The text with every phone and ID-card number masked; null stays null. */
export function maskPersonalNumbers(text: string | null): string | null {
  if (text === null || !MAYBE.test(text)) return text;
  return text.replace(PERSONAL_NUMBER, maskNumber);
}
