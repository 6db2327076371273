import { describe, expect, it } from 'vitest';
import { MASK, maskValue } from '../../../core/access/masking.js';

describe('masking', () => {
  it('keeps the first 3 and last 4 digits of a phone number', () => {
    expect(maskValue({ key: 'personal_phone' }, '13812341234')).toBe('138****1234');
    expect(maskValue({ key: 'work_phone' }, '138-1234-1234')).toBe('138****1234');
  });

  it('shows an email as its first character and domain', () => {
    expect(maskValue({ key: 'personal_email' }, 'zhang.san@example.com')).toBe('z***@example.com');
    expect(maskValue({ key: 'post_departure_email' }, 'not-an-email')).toBe(MASK);
  });

  it('hides everything else behind one fixed mask that tells nothing about length', () => {
    expect(maskValue({ key: 'id_number' }, '110101199001011234')).toBe(MASK);
    expect(maskValue({ key: 'bank_account' }, '6222000011112222')).toBe(MASK);
    expect(maskValue({ key: 'salary' }, '30000')).toBe(MASK);
    expect(maskValue({ key: 'home_address' }, '北京市海淀区中关村大街1号')).toBe(MASK);
    expect(maskValue({ key: 'personal_phone' }, 'call my mum')).toBe(MASK);
  });

  it('masks each emergency contact: first character of the name, relation hidden, phone masked', () => {
    const masked = maskValue({ key: 'emergency_contacts' }, [
      { name: '张建国', relation: '父亲', phone: '13912345678' },
      { name: 'Mary Smith', relation: 'mother', phone: '+44 20 7946 0958' },
    ]);
    expect(masked).toEqual([
      { name: '张*', relation: MASK, phone: '139****5678' },
      { name: 'M*', relation: MASK, phone: '442****0958' },
    ]);
  });
});
