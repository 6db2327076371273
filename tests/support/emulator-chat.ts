import type { ChatEntry } from '../../bot/emulator/emulator-state.js';

/** One person's conversation with the bot as the demo server's emulator shows it (texts and cards). */
export async function emulatorChat(baseUrl: string, userId: string): Promise<ChatEntry[]> {
  const r = await fetch(`${baseUrl}/dev/messenger/api/conversation?userId=${encodeURIComponent(userId)}`);
  return ((await r.json()) as { entries: ChatEntry[] }).entries;
}
