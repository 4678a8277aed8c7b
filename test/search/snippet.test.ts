import { describe, expect, it } from 'vitest';
import { highlight, mergeRanges, renderSnippet } from '../../src/search/snippet';

describe('snippets', () => {
  it('escapes markup in the text around and inside marks', () => {
    expect(highlight('<b>包容审慎</b>&"\'', [[3, 7]])).toBe('&lt;b&gt;<mark>包容审慎</mark>&lt;/b&gt;&amp;&quot;&#39;');
  });

  it('merges touching and overlapping ranges into one mark', () => {
    expect(mergeRanges([[2, 4], [0, 2], [3, 5], [8, 9]])).toEqual([[0, 5], [8, 9]]);
    expect(highlight('包容审慎监管', [[0, 2], [2, 4]])).toBe('<mark>包容审慎</mark>监管');
  });

  it('shows a window around the first match with ellipses where cut', () => {
    const text = '甲'.repeat(100) + '包容审慎' + '乙'.repeat(200);
    expect(renderSnippet(text, [[100, 104]])).toBe('…' + '甲'.repeat(40) + '<mark>包容审慎</mark>' + '乙'.repeat(116) + '…');
  });

  it('clips a match that runs past the window', () => {
    const text = '包'.repeat(300);
    expect(renderSnippet(text, [[0, 300]])).toBe('<mark>' + '包'.repeat(160) + '</mark>…');
  });
});
