import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseEnv } from '../scripts/app/config.js';
import { isEventAesKey } from '../bot/receivers/event-crypto.js';

const AES_KEY = 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7';

const problemsOf = (env: NodeJS.ProcessEnv): string => {
  try {
    parseEnv(env);
    return '';
  } catch (e) {
    return (e as ConfigError).problems.join('\n');
  }
};

describe('event push configuration (DINGTALK_EVENT_*)', () => {
  it('rejects a malformed token and aes key, and either one without the other', () => {
    const bad = problemsOf({ DINGTALK_EVENT_TOKEN: 'no spaces allowed', DINGTALK_EVENT_AES_KEY: 'too-short' });
    expect(bad).toMatch(/DINGTALK_EVENT_TOKEN/);
    expect(bad).toMatch(/DINGTALK_EVENT_AES_KEY/);
    expect(problemsOf({ DINGTALK_EVENT_AES_KEY: `${AES_KEY}=` })).toMatch(/DINGTALK_EVENT_AES_KEY: must be/);
    expect(problemsOf({ DINGTALK_EVENT_TOKEN: 'mryue' })).toMatch(/DINGTALK_EVENT_AES_KEY: required with DINGTALK_EVENT_TOKEN/);
    expect(problemsOf({ DINGTALK_EVENT_AES_KEY: AES_KEY })).toMatch(/DINGTALK_EVENT_TOKEN: required with DINGTALK_EVENT_AES_KEY/);
    expect(problemsOf({ DINGTALK_EVENT_TOKEN: 'mryue', DINGTALK_EVENT_AES_KEY: AES_KEY })).toBe('');
  });

  it('is off outside demo mode unless configured; the owner key defaults to the Client ID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-evcfg-'));
    const prod = {
      BOUNDARY_DATA_DIR: dir,
      DINGTALK_CLIENT_ID: 'dingAppKey',
      DINGTALK_CLIENT_SECRET: 's',
      DINGTALK_CORP_ID: 'dingcorp',
      DINGTALK_AGENT_ID: '1',
      BOUNDARY_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      AUDIT_SIGNING_KEY: Buffer.alloc(32, 2).toString('base64'),
      PUBLIC_BASE_URL: 'https://hr.example',
      DINGTALK_CARD_TEMPLATE_ID: 't',
      DINGTALK_CARD_CALLBACK_SECRET: 'card-secret-0123456789',
      SMTP_URL: 'smtp://mail',
      MAIL_FROM: 'hr@example.com',
    };
    expect(loadConfig(prod).config.dingtalk.events).toBeNull();
    expect(loadConfig({ ...prod, DINGTALK_EVENT_TOKEN: 'mryue', DINGTALK_EVENT_AES_KEY: AES_KEY }).config.dingtalk.events).toEqual({
      token: 'mryue',
      aesKey: AES_KEY,
      ownerKey: 'dingAppKey',
    });
    expect(
      loadConfig({ ...prod, DINGTALK_EVENT_TOKEN: 'mryue', DINGTALK_EVENT_AES_KEY: AES_KEY, DINGTALK_EVENT_OWNER_KEY: 'dingcorp' }).config.dingtalk.events?.ownerKey,
    ).toBe('dingcorp');
  });

  it('demo mode generates a valid token and aes key (mode 0600) and keeps them across starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-evdemo-'));
    const first = loadConfig({ BOUNDARY_DATA_DIR: dir }).config.dingtalk.events!;
    expect(first.token).toMatch(/^[A-Za-z0-9]{3,32}$/);
    expect(isEventAesKey(first.aesKey)).toBe(true);
    expect(first.ownerKey).toBe('demo-client-id');
    expect(statSync(join(dir, 'dingtalk-event-aes.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'dingtalk-event.token'), 'utf8').trim()).toBe(first.token);
    expect(loadConfig({ BOUNDARY_DATA_DIR: dir }).config.dingtalk.events).toEqual(first);
  });
});
