import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DingTalkEmulator } from '../../bot/emulator/emulator-server.js';
import { DingTalkHttp, type DingTalkHttpOptions } from '../../bot/dingtalk/dingtalk-http.js';
import { OpenPlatformClient } from '../../bot/dingtalk/open-platform.client.js';
import { DingTalkMessenger } from '../../bot/dingtalk/dingtalk-messenger.js';
import { apiError, DingTalkError, oapiError } from '../../bot/dingtalk/dingtalk-error.js';

const CREDS = { clientId: 'ding-test-app', clientSecret: 'test-secret-value' };
let emu: DingTalkEmulator;

beforeAll(async () => {
  emu = new DingTalkEmulator({ ...CREDS, findUser: async (id) => (id === 'u-li' ? { userid: 'u-li', name: '李娜' } : null) });
  await emu.start();
});
afterAll(() => emu.stop());
afterEach(() => {
  emu.state.calls.length = 0;
  emu.state.failures = [];
  emu.state.outageUntil = 0;
});

const sleeps: number[] = [];
function client(over: Partial<DingTalkHttpOptions> = {}) {
  const http = new DingTalkHttp({
    apiBase: emu.baseUrl,
    oapiBase: emu.baseUrl,
    ...CREDS,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...over,
  });
  const api = new OpenPlatformClient(http, {
    robotCode: CREDS.clientId,
    cardTemplateId: 'tpl.schema',
    sessionOrigin: emu.baseUrl,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { http, api };
}
const calls = (path: string) => emu.state.calls.filter((c) => c.path === path);

describe('access token', () => {
  it('is fetched once for a burst of concurrent calls (single flight) and then cached', async () => {
    const { api } = client();
    await Promise.all(Array.from({ length: 25 }, (_, i) => api.batchSend([`u${i}`], 'sampleText', { content: 'hi' })));
    await api.batchSend(['u-x'], 'sampleText', { content: 'again' });
    expect(calls('/v1.0/oauth2/accessToken')).toHaveLength(1);
    expect(calls('/v1.0/oauth2/accessToken')[0]!.body).toMatchObject({ appKey: CREDS.clientId, appSecret: '[redacted]' });
  });

  it('is refreshed early, before the platform says it expires', async () => {
    let now = 1_000_000;
    const { api } = client({ now: () => now });
    await api.batchSend(['u1'], 'sampleText', { content: 'a' });
    now += 7200_000 - 11 * 60_000; // still 11 min left: cached
    await api.batchSend(['u1'], 'sampleText', { content: 'b' });
    expect(calls('/v1.0/oauth2/accessToken')).toHaveLength(1);
    now += 2 * 60_000; // 9 min left: refreshed
    await api.batchSend(['u1'], 'sampleText', { content: 'c' });
    expect(calls('/v1.0/oauth2/accessToken')).toHaveLength(2);
  });

  it('is refreshed once when the platform calls it invalid, and the call is repeated', async () => {
    const { api } = client();
    await api.batchSend(['u1'], 'sampleText', { content: 'a' });
    emu.state.tokens.clear();
    await api.batchSend(['u1'], 'sampleText', { content: 'b' });
    expect(calls('/v1.0/oauth2/accessToken')).toHaveLength(2);
    expect(calls('/v1.0/robot/oToMessages/batchSend').map((c) => c.status)).toEqual([200, 400, 200]);
  });

  it('does not loop when even a fresh token is refused', async () => {
    const { api } = client();
    const invalid = { code: 'InvalidAuthentication', message: '不合法的access_token' };
    emu.state.failures.push({ path: '/v1.0/robot/oToMessages/batchSend', status: 400, body: invalid, times: 5 });
    await expect(api.batchSend(['u1'], 'sampleText', { content: 'x' })).rejects.toMatchObject({ kind: 'invalid_token' });
    expect(calls('/v1.0/robot/oToMessages/batchSend')).toHaveLength(2);
  });

  it('reports wrong credentials as a permanent client error', async () => {
    const { api } = client({ clientSecret: 'wrong' });
    await expect(api.batchSend(['u1'], 'sampleText', { content: 'x' })).rejects.toMatchObject({ code: 'invalidClientIdOrSecret', retryable: false });
  });
});

describe('robot 1:1 send', () => {
  it('sends at most 20 users per call, msgParam as a JSON string', async () => {
    const { api } = client();
    const users = Array.from({ length: 45 }, (_, i) => `u${i}`);
    const res = await api.batchSend(users, 'sampleMarkdown', { title: 't', text: 'x' });
    const sent = calls('/v1.0/robot/oToMessages/batchSend').map((c) => (c.body as { userIds: string[] }).userIds.length);
    expect(sent).toEqual([20, 20, 5]);
    expect(typeof (calls('/v1.0/robot/oToMessages/batchSend')[0]!.body as { msgParam: unknown }).msgParam).toBe('string');
    expect(res).toEqual({ invalidUserIds: [], throttledUserIds: [] });
  });

  it('retries only the users listed in flowControlledStaffIdList, and reports those still throttled', async () => {
    const { api } = client();
    emu.state.flowControl.set('u2', 1);
    emu.state.flowControl.set('u3', 10);
    const res = await api.batchSend(['u1', 'u2', 'u3'], 'sampleText', { content: 'x' });
    const batches = calls('/v1.0/robot/oToMessages/batchSend').map((c) => (c.body as { userIds: string[] }).userIds);
    expect(batches).toEqual([['u1', 'u2', 'u3'], ['u2', 'u3'], ['u3'], ['u3']]);
    expect(res.throttledUserIds).toEqual(['u3']);
    const messenger = new DingTalkMessenger(api, { type: 'STREAM' });
    emu.state.flowControl.set('u9', 10);
    expect(await messenger.sendText(['u9'], { title: 't', markdown: 'm' })).toMatchObject({
      ok: false,
      error: { code: 'DINGTALK.FLOW_CONTROLLED', permanent: false, userIds: ['u9'] },
    });
  });
});

describe('retries and error mapping', () => {
  it('retries 5xx and QPS-limit answers with back-off, then succeeds', async () => {
    sleeps.length = 0;
    const { api } = client();
    await api.batchSend(['u0'], 'sampleText', { content: 'warm' }); // token first
    emu.state.failures.push({ path: '/v1.0/robot/oToMessages/batchSend', status: 503, body: { code: 'ServiceUnavailable' }, times: 1 });
    emu.state.failures.push({ path: '/v1.0/robot/oToMessages/batchSend', status: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForApi' }, times: 1 });
    await api.batchSend(['u1'], 'sampleText', { content: 'x' });
    expect(calls('/v1.0/robot/oToMessages/batchSend').map((c) => c.status)).toEqual([200, 503, 403, 200]);
    expect(sleeps).toEqual([200, 1000]); // 200 ms × 2^0 for the 5xx; about a second for the QPS limit
  });

  it('gives up after maxAttempts and surfaces a typed, retryable error', async () => {
    const { api } = client({ maxAttempts: 3 });
    emu.state.outageUntil = Date.now() + 60_000;
    const e = await api.batchSend(['u1'], 'sampleText', { content: 'x' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DingTalkError);
    expect(e).toMatchObject({ kind: 'server', status: 503, retryable: true });
    expect(calls('/v1.0/oauth2/accessToken')).toHaveLength(3);
  });

  it('maps a request that outlives the timeout to a retryable timeout', async () => {
    const hang: Server = createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    const { api } = client({ apiBase: base, timeoutMs: 100, maxAttempts: 2 });
    await expect(api.batchSend(['u1'], 'sampleText', { content: 'x' })).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    hang.closeAllConnections();
    hang.close();
  });

  it('maps both error families', () => {
    expect(apiError(400, { code: 'InvalidAuthentication', message: 'm', requestid: 'r1' })).toMatchObject({ kind: 'invalid_token', family: 'api', requestId: 'r1' });
    expect(apiError(403, { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied' })).toMatchObject({ kind: 'permission', retryable: false });
    expect(apiError(403, { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg' })).toMatchObject({ kind: 'quota', retryable: false });
    expect(apiError(400, { code: 'send.too.fast' })).toMatchObject({ kind: 'rate_limited', retryable: true });
    expect(apiError(504, 'gateway timeout')).toMatchObject({ kind: 'server', code: 'HTTP_504', retryable: true });
    expect(oapiError(200, { errcode: 0, errmsg: 'ok' })).toBeNull();
    expect(oapiError(200, { errcode: 42001, errmsg: 'access_token timeout', request_id: 'q' })).toMatchObject({ kind: 'invalid_token', family: 'oapi', requestId: 'q' });
    expect(oapiError(200, { errcode: 90018, errmsg: 'qps' })).toMatchObject({ kind: 'rate_limited' });
    expect(oapiError(200, { errcode: -1, errmsg: '系统繁忙' })).toMatchObject({ kind: 'server', retryable: true });
    expect(oapiError(200, { errcode: 33012, errmsg: '无效的USERID' })).toMatchObject({ kind: 'client', retryable: false });
    expect(oapiError(200, { errcode: 300001, errmsg: 'session 不存在' })).toMatchObject({ kind: 'session_expired' });
  });
});

describe('cards, sessions and the login calls', () => {
  it('creates and delivers a card into the robot chat with string params, and updates it by key', async () => {
    const { api } = client();
    await api.createAndDeliverCard({ outTrackId: 'ot-1', userId: 'u-li', params: { title: 'T', buttons: '[]' }, callback: { type: 'HTTP', routeKey: 'rk' } });
    const body = calls('/v1.0/card/instances/createAndDeliver')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      cardTemplateId: 'tpl.schema',
      outTrackId: 'ot-1',
      callbackType: 'HTTP',
      callbackRouteKey: 'rk',
      openSpaceId: 'dtv1.card//IM_ROBOT.u-li',
      imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: CREDS.clientId },
    });
    await api.updateCard('ot-1', { status: 'done' });
    expect(emu.state.cards.get('ot-1')!.params).toEqual({ title: 'T', buttons: '[]', status: 'done' });
    await expect(api.createAndDeliverCard({ outTrackId: 'ot-1', userId: 'u-li', params: {}, callback: { type: 'STREAM' } })).rejects.toMatchObject({ retryable: false });
  });

  it('replies through a valid session webhook, and refuses an expired one or one on another host', async () => {
    const { api } = client();
    const messenger = new DingTalkMessenger(api, { type: 'STREAM' });
    const live = emu.openSession('u-li');
    expect(await messenger.replyInSession(live.url, { title: 't', markdown: 'm' })).toEqual({ ok: true, value: undefined });
    const dead = emu.openSession('u-li', -1);
    expect(await messenger.replyInSession(dead.url, { title: 't', markdown: 'm' })).toMatchObject({ ok: false, error: { code: 'DINGTALK.300001', permanent: true } });
    expect(await messenger.replyInSession('http://169.254.169.254/latest', { title: 't', markdown: 'm' })).toMatchObject({
      ok: false,
      error: { code: 'DINGTALK.SESSION_URL_REFUSED' },
    });
    expect(calls('/robot/sendBySession')).toHaveLength(2);
  });

  it('exchanges a single-use auth code for the user id and reads the directory', async () => {
    const { api } = client();
    const code = emu.state.issueAuthCode('u-li');
    expect(await api.userIdFromAuthCode(code)).toBe('u-li');
    expect(await api.userIdFromAuthCode(code)).toBeNull();
    expect(await api.getUser('u-li')).toMatchObject({ userid: 'u-li', name: '李娜' });
    expect(await api.getUser('nobody')).toBeNull();
    expect(calls('/topapi/v2/user/getuserinfo')[0]!.query.access_token).toBeTruthy();
  });
});
