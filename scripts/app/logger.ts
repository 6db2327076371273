import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Keys whose values may hold personal data or secrets. Application logs carry ids and codes;
 * these paths are censored wherever they appear (two levels deep), as a second line of defence.
 */
const SENSITIVE_KEYS = [
  'value', 'values', 'plaintext', 'phone', 'mobile', 'email', 'personal_phone', 'personalPhone',
  'personal_email', 'personalEmail', 'home_address', 'homeAddress', 'address', 'birthday', 'id_number',
  'idNumber', 'bank_account', 'bankAccount', 'salary', 'emergency', 'content', 'text', 'message_text',
  'justification', 'password', 'secret', 'token', 'accessToken', 'access_token', 'appSecret', 'clientSecret',
  'authorization', 'cookie', 'sign', 'body', 'name', 'names',
];

const redactPaths = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers.sign',
  'req.headers["x-ddpaas-signature"]',
  'req.headers["x-acs-dingtalk-access-token"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'boundary' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      // Messages are ours; user input must never become a second log line.
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? a.replace(/[\r\n]+/g, ' ') : a));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
