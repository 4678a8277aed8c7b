/**
 * Chinese numerals as laws number their parts: 第一千二百六十条, 第一百零五条, 〇 and 两 included. Reading
 * them lets a Taiwan 款 written 一、 be cited as 第1款, and a clause be numbered 第二款.
 */

/** Characters of a Chinese numeral, for building patterns. */
export const CN_DIGITS = '一二三四五六七八九十百千万零〇两';

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** 一千二百六十 → 1260, 十一 → 11, 一百零五 → 105, 二〇二四 (digit by digit) → 2024; NaN when not a numeral. */
export function readChineseNumeral(numeral: string): number {
  if (!numeral || [...numeral].some((ch) => DIGIT[ch] === undefined && UNIT[ch] === undefined)) return NaN;
  if (![...numeral].some((ch) => UNIT[ch])) return Number([...numeral].map((ch) => DIGIT[ch]).join(''));
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of numeral) {
    if (DIGIT[ch] !== undefined) {
      digit = DIGIT[ch];
    } else if (ch === '万') {
      total += (section + digit) * 10000;
      section = 0;
      digit = 0;
    } else {
      // 十 alone at the start means 一十.
      section += (digit || 1) * UNIT[ch];
      digit = 0;
    }
  }
  return total + section + digit;
}

/** 2 → 二, 11 → 十一, 105 → 一百零五, 1260 → 一千二百六十 (for numbering clauses as cited: 第二款). */
export function writeChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10000) return String(n);
  if (n === 0) return '零';
  const digits = '零一二三四五六七八九';
  const units = ['千', '百', '十', ''];
  const parts = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let zero = false;
  parts.forEach((d, k) => {
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += digits[d] + units[k];
  });
  return out.startsWith('一十') ? out.slice(1) : out;
}
