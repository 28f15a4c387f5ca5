import { execFileSync } from 'node:child_process';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeTcvn3, encodeTcvn3, tcvn3CanEncode } from '../../data-import/text/tcvn3';
import { decodeText, garbledReason, guessEncoding } from '../../data-import/text/text_encoding';
import {
  vietnameseLowercase,
  vietnameseUppercase,
} from '../../data-import/text/vietnamese_letters';
import { decodeVni, encodeVni } from '../../data-import/text/vni';

const allLetters = [...vietnameseLowercase, ...vietnameseUppercase];
const names = [
  'Nguyễn Văn Hùng',
  'Sóc Trăng',
  'Trần Thị Bích Ngọc',
  'Lê Hoàng Phúc',
  'Ấp Hòa Mỹ',
  'Đặng Thị Ánh',
];

/** cp1258 writes base letters precomposed (ê, ơ) and tones as combining marks. */
const cp1258 = (text: string) =>
  iconv.encode(
    [...text.normalize('NFC')]
      .map((char) => {
        const parts = [...char.normalize('NFD')];
        const tones = parts.filter((part) => /[\u0300\u0301\u0303\u0309\u0323]/.test(part));
        return (
          parts
            .filter((part) => !tones.includes(part))
            .join('')
            .normalize('NFC') + tones.join('')
        );
      })
      .join(''),
    'windows-1258',
  );

describe('legacy Vietnamese encodings', () => {
  it('decodes the DOMAIN.md TCVN3 sample', () => {
    expect(decodeTcvn3(Buffer.from('S\xe3c Tr\xa8ng', 'latin1'))).toBe('Sóc Trăng');
  });

  it('decodes every TCVN3 byte as glibc iconv -f TCVN does', () => {
    const bytes = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));
    const glibc = execFileSync('iconv', ['-f', 'TCVN', '-t', 'UTF-8'], { input: bytes }).toString(
      'utf8',
    );
    expect(decodeTcvn3(bytes)).toBe(glibc.normalize('NFC'));
  });

  it('round-trips every Vietnamese letter through TCVN3 (all lower case, the seven plain capitals)', () => {
    for (const letter of allLetters.filter(tcvn3CanEncode))
      expect(decodeTcvn3(encodeTcvn3(letter))).toBe(letter);
    expect(vietnameseLowercase.every(tcvn3CanEncode)).toBe(true);
    expect(['Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ'].every(tcvn3CanEncode)).toBe(true);
  });

  it('round-trips every Vietnamese letter, lower and upper case, through VNI-Windows', () => {
    expect(allLetters).toHaveLength(134);
    for (const letter of allLetters) expect(decodeVni(encodeVni(letter))).toBe(letter);
    expect(Buffer.from(encodeVni('Xin chào các bạn')).toString('latin1')).toBe(
      'Xin chaøo caùc baïn',
    );
    expect(decodeVni(encodeVni(names.join(' ')))).toBe(names.join(' '));
  });

  it('tells UTF-8, TCVN3, VNI and cp1258 apart from names alone', () => {
    expect(guessEncoding(names.map((n) => Buffer.from(n))).encoding).toBe('utf-8');
    expect(guessEncoding(names.map((n) => encodeTcvn3(n.toLowerCase()))).encoding).toBe('tcvn3');
    expect(guessEncoding(names.map((n) => encodeVni(n))).encoding).toBe('vni-windows');
    expect(guessEncoding(names.map(cp1258)).encoding).toBe('cp1258');
    expect(decodeText(cp1258('Nguyễn Văn Hùng'), 'cp1258')).toBe('Nguyễn Văn Hùng');
  });

  it('calls text garbled when it is read with the wrong table', () => {
    expect(garbledReason('Nguyễn Văn Hùng')).toBeUndefined();
    expect(garbledReason(decodeTcvn3(encodeVni('Nguyễn Văn Hùng')))).toMatch(/not/);
    expect(garbledReason(decodeVni(encodeTcvn3('sóc trăng')))).toMatch(/not/);
  });
});
