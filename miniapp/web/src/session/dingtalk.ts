import type { AppConfig } from '../api/types.js';

/** True inside the DingTalk client (its web view names itself in the user agent). */
export const insideDingTalk = (): boolean => /DingTalk/i.test(navigator.userAgent);

interface DdCore {
  ready(cb: () => void): void;
  error?(cb: (e: unknown) => void): void;
}
type RequestAuthCode = (p: { corpId: string; clientId: string }) => Promise<{ code: string }>;

const unwrap = <T,>(m: unknown): T => ((m as { default?: T }).default ?? (m as T));

/**
 * 免登: asks the DingTalk client for a one-time auth code. The SDK is loaded only here, so
 * desktop browsers never download it. Only the core and this one API are imported.
 */
export async function requestDingTalkAuthCode(config: Pick<AppConfig, 'corpId' | 'clientId'>): Promise<string> {
  const [coreModule, authModule] = await Promise.all([
    import('dingtalk-jsapi/core.js'),
    import('dingtalk-jsapi/api/union/requestAuthCode.js'),
  ]);
  const dd = unwrap<DdCore>(coreModule);
  const requestAuthCode = unwrap<RequestAuthCode>(authModule);
  await new Promise<void>((resolve, reject) => {
    dd.ready(() => resolve());
    dd.error?.((e) => reject(new Error(`dd.error: ${JSON.stringify(e)}`)));
  });
  const { code } = await requestAuthCode({ corpId: config.corpId, clientId: config.clientId });
  return code;
}
