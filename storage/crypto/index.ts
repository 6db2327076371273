export { IntegrityError } from './aes-gcm.js';
export { DataKeyCache } from './data-key-cache.js';
export { KeyRing, UnknownKekError, kekIdOf } from './key-ring.js';
export { decryptField, encryptField, fieldKeyId, type FieldRef } from './field-cipher.js';
