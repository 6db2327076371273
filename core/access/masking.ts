import type { EmergencyContact, FieldDefinition, FieldValue } from '../records/field-catalog.js';

/** One fixed mask: it tells nothing about the length or shape of what it hides. */
export const MASK = '••••';

export interface MaskedContact {
  readonly name: string;
  readonly relation: string;
  readonly phone: string;
}

export type MaskedValue = string | readonly MaskedContact[];

const isPhoneField = (key: string): boolean => /(^|_)(phone|mobile|tel)($|_)/.test(key);
const isEmailField = (key: string): boolean => /(^|_)(e?mail)($|_)/.test(key);

/** 13812341234 → 138****1234. Anything that does not look like a phone number gets the plain mask. */
export function maskPhone(value: string): string {
  const digits = value.replace(/[\s\-()+.]/g, '');
  if (!/^\d{8,15}$/.test(digits)) return MASK;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** zhang.san@example.com → z***@example.com */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  const first = [...value][0];
  if (at < 1 || at === value.length - 1 || first === undefined) return MASK;
  return `${first}***@${value.slice(at + 1)}`;
}

/**
 * An emergency contact is a third party's data: the first character of the name, the phone
 * masked as a phone, and the relation hidden too (it says who the family is).
 */
export function maskContact(contact: EmergencyContact): MaskedContact {
  const first = [...contact.name.trim()][0];
  return { name: first === undefined ? MASK : `${first}*`, relation: MASK, phone: maskPhone(contact.phone) };
}

/** What a personal/sensitive value looks like outside a reveal. Never returns the input. */
export function maskValue(field: Pick<FieldDefinition, 'key'>, value: FieldValue): MaskedValue {
  if (typeof value !== 'string') return value.map(maskContact);
  if (isPhoneField(field.key)) return maskPhone(value);
  if (isEmailField(field.key)) return maskEmail(value);
  return MASK;
}
