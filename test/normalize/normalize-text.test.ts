import { describe, expect, it } from 'vitest';
import { normalizeQuery, normalizeText } from '../../src/normalize/normalize-text';

describe('normalizeText', () => {
  it('turns Traditional script into Simplified', () => {
    expect(normalizeText('臨河區始終堅持包容審慎監管').text).toBe('临河区始终坚持包容审慎监管');
  });

  it('removes ruby pinyin after Han characters and says the text was converted', () => {
    const out = normalizeText('臨河區(qū)始終堅(jiān)持以習(xí)近平');
    expect(out.text).toBe('临河区始终坚持以习近平');
    expect(out.converted).toBe(true);
  });

  it('keeps brackets that are not pinyin', () => {
    expect(normalizeText('全区9个镇(街道)、120个村(社区);12345热线(app)').text).toBe('全区9个镇(街道)、120个村(社区);12345热线(app)');
  });

  it('removes damaged byte runs and counts each', () => {
    const out = normalizeText('提供堅強法治保障?,F(xiàn)將臨河區(qū)2024年;專家?guī)?,推動(dòng);多部?jī)?yōu)秀');
    expect(out.text).toBe('提供坚强法治保障将临河区2024年;专家,推动;多部秀');
    expect(out.damaged).toBe(3);
  });

  it('leaves a real question mark alone', () => {
    expect(normalizeText('如何落实?').text).toBe('如何落实?');
  });

  it('folds full-width letters, digits and punctuation to half-width', () => {
    expect(normalizeText('ＡＰＰ　１２３４５，（一）').text).toBe('APP 12345,(一)');
  });

  it('drops layout spaces between Han characters in documents but keeps them in queries', () => {
    expect(normalizeText('标  题 关于洪泽区').text).toBe('标题关于洪泽区');
    expect(normalizeQuery('包容  審慎')).toBe('包容 审慎');
  });

  it('drops control characters', () => {
    expect(normalizeText('包容\u0001审\u0000慎\u007f').text).toBe('包容审慎');
  });

  it('turns CRLF and CR into LF and trims lines', () => {
    expect(normalizeText(' 第一行\r\n第二行 \r第三行').text).toBe('第一行\n第二行\n第三行');
  });
});
